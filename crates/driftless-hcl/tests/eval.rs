//! The evaluator on real folders: each construct folds to a known value with the place it was
//! set, or stays unknown.

use driftless_diagnostics::OriginKind;
use driftless_hcl::{Evaluation, Kind, LoadOptions, Project, Value, evaluate};
use std::fmt::Write as _;

fn load(files: &[(&str, &str)]) -> (tempfile::TempDir, Evaluation) {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let dest = dir.path().join(path);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::write(dest, text).unwrap();
    }
    let project = Project::load(dir.path(), &LoadOptions::default());
    let eval = evaluate(&project);
    (dir, eval)
}

/// The value of attribute `attr` of the resource whose address is `address`.
fn value(eval: &Evaluation, address: &str, attr: &str) -> Value {
    let r = eval
        .resources
        .iter()
        .find(|r| r.address.to_string() == address)
        .unwrap_or_else(|| {
            panic!(
                "no {address} in {:?}",
                eval.resources
                    .iter()
                    .map(|r| r.address.to_string())
                    .collect::<Vec<_>>()
            )
        });
    r.block
        .value(attr)
        .cloned()
        .unwrap_or_else(|| panic!("{address} has no {attr}"))
}

fn text(v: &Value) -> Option<String> {
    v.as_str().map(std::borrow::Cow::into_owned)
}

fn origin(v: &Value) -> (OriginKind, String, u32) {
    let o = v.origin.as_ref().expect("a known value has an origin");
    (o.kind, o.location.path.clone(), o.location.start.line)
}

const RES: &str = "resource \"t_x\" \"r\" {\n  v = ";

#[test]
fn literal_variable_default_and_tfvars() {
    let (_d, eval) = load(&[
        (
            "main.tf",
            "variable \"a\" {\n  default = \"from-default\"\n}\nvariable \"b\" {\n  default = \"x\"\n}\nresource \"t_x\" \"lit\" {\n  v = \"literal\"\n}\nresource \"t_x\" \"a\" {\n  v = var.a\n}\nresource \"t_x\" \"b\" {\n  v = var.b\n}\n",
        ),
        ("terraform.tfvars", "b = \"from-tfvars\"\n"),
    ]);
    let v = value(&eval, "t_x.lit", "v");
    assert_eq!(
        (text(&v), origin(&v)),
        (
            Some("literal".into()),
            (OriginKind::Literal, "main.tf".into(), 8)
        )
    );
    let v = value(&eval, "t_x.a", "v");
    assert_eq!(
        (text(&v), origin(&v)),
        (
            Some("from-default".into()),
            (OriginKind::VariableDefault, "main.tf".into(), 2)
        )
    );
    let v = value(&eval, "t_x.b", "v");
    assert_eq!(
        (text(&v), origin(&v)),
        (
            Some("from-tfvars".into()),
            (OriginKind::Tfvars, "terraform.tfvars".into(), 1)
        )
    );
}

#[test]
fn auto_tfvars_override_terraform_tfvars() {
    let (_d, eval) = load(&[
        ("main.tf", &format!("variable \"a\" {{}}\n{RES}var.a\n}}\n")),
        ("terraform.tfvars", "a = \"base\"\n"),
        ("z.auto.tfvars", "a = \"auto\"\n"),
    ]);
    let v = value(&eval, "t_x.r", "v");
    assert_eq!(text(&v).as_deref(), Some("auto"));
    assert_eq!(origin(&v).1, "z.auto.tfvars");
}

#[test]
fn locals_conditionals_and_templates() {
    let (_d, eval) = load(&[(
        "main.tf",
        "variable \"env\" {\n  default = \"prod\"\n}\nlocals {\n  mode = var.env == \"prod\" ? \"strict\" : \"loose\"\n  name = \"app-${var.env}\"\n}\nresource \"t_x\" \"c\" {\n  v = local.mode\n}\nresource \"t_x\" \"t\" {\n  v = local.name\n}\nresource \"t_x\" \"p\" {\n  v = \"${local.mode}\"\n}\n",
    )]);
    let v = value(&eval, "t_x.c", "v");
    assert_eq!(
        (text(&v), origin(&v)),
        (
            Some("strict".into()),
            (OriginKind::Local, "main.tf".into(), 5)
        )
    );
    let v = value(&eval, "t_x.t", "v");
    assert_eq!(text(&v).as_deref(), Some("app-prod"));
    assert!(
        !v.origin.as_ref().unwrap().exact,
        "a template is not an exact edit site"
    );
    let v = value(&eval, "t_x.p", "v");
    assert_eq!(
        origin(&v).2,
        5,
        "a lone interpolation passes its value through with its origin"
    );
}

#[test]
fn module_arguments_count_and_for_each() {
    let (_d, eval) = load(&[
        (
            "main.tf",
            "module \"m\" {\n  source   = \"./mod\"\n  for_each = toset([\"eu\", \"us\"])\n  mode     = each.key == \"eu\" ? \"a\" : \"b\"\n}\n",
        ),
        (
            "mod/main.tf",
            "variable \"mode\" {}\nresource \"t_x\" \"r\" {\n  count = 2\n  v     = \"${var.mode}-${count.index}\"\n  w     = var.mode\n}\n",
        ),
    ]);
    let addresses: Vec<String> = eval
        .resources
        .iter()
        .map(|r| r.address.to_string())
        .collect();
    assert_eq!(
        addresses,
        [
            r#"module.m["eu"].t_x.r[0]"#,
            r#"module.m["eu"].t_x.r[1]"#,
            r#"module.m["us"].t_x.r[0]"#,
            r#"module.m["us"].t_x.r[1]"#
        ]
    );
    assert_eq!(
        text(&value(&eval, r#"module.m["us"].t_x.r[1]"#, "v")).as_deref(),
        Some("b-1")
    );
    let w = value(&eval, r#"module.m["eu"].t_x.r[0]"#, "w");
    assert_eq!(
        (text(&w), origin(&w)),
        (
            Some("a".into()),
            (OriginKind::ModuleArgument, "main.tf".into(), 4)
        )
    );
    let chain = &eval.module_of(&eval.resources[0]).call_chain;
    assert_eq!(chain[0].name, r#"m["eu"]"#);
    assert_eq!(chain[0].location.start.line, 1);
}

#[test]
fn functions_fold() {
    let cases = [
        (
            "jsonencode({ a = 1, b = [true] })",
            Some(r#"{"a":1,"b":[true]}"#),
        ),
        (
            "lookup(merge({ a = \"1\" }, { b = \"2\" }), \"b\", \"d\")",
            Some("2"),
        ),
        ("lookup({ a = \"1\" }, \"z\", \"d\")", Some("d")),
        ("try(var.obj.missing, \"fallback\")", Some("fallback")),
        ("coalesce(\"\", null, \"c\")", Some("c")),
        ("format(\"%s-%d\", \"a\", 3)", Some("a-3")),
        ("lower(\"ABC\")", Some("abc")),
        ("upper(\"abc\")", Some("ABC")),
        ("tostring(length(concat([1], tolist([2, 3]))))", Some("3")),
        ("tostring(length(toset([\"a\", \"a\", \"b\"])))", Some("2")),
        (
            "join(\",\", [for s in [\"a\", \"b\"] : upper(s)])",
            Some("A,B"),
        ),
        ("var.unset", None),
        ("lower(var.unset)", None),
        ("data.t_d.x.id", None),
        ("t_other.y.arn", None),
        ("timestamp()", None),
        ("var.unset == \"x\" ? \"a\" : \"a\"", Some("a")),
        ("var.unset == \"x\" ? \"a\" : \"b\"", None),
    ];
    let mut src =
        String::from("variable \"obj\" {\n  default = { present = 1 }\n}\nvariable \"unset\" {}\n");
    for (i, (expr, _)) in cases.iter().enumerate() {
        writeln!(src, "resource \"t_x\" \"c{i}\" {{\n  v = {expr}\n}}").unwrap();
    }
    let (_d, eval) = load(&[("main.tf", &src)]);
    for (i, (expr, want)) in cases.iter().enumerate() {
        let v = value(&eval, &format!("t_x.c{i}"), "v");
        assert_eq!(text(&v).as_deref(), *want, "{expr}");
        if want.is_none() {
            assert!(
                matches!(v.kind, Kind::Unknown),
                "{expr} must be Unknown, got {v:?}"
            );
        }
    }
}

#[test]
fn unknown_count_and_for_each_keep_one_representative_instance() {
    let (_d, eval) = load(&[(
        "main.tf",
        "variable \"n\" {}\nresource \"t_x\" \"c\" {\n  count = var.n\n  v     = \"x\"\n}\nresource \"t_x\" \"z\" {\n  count = 0\n}\n",
    )]);
    let addresses: Vec<String> = eval
        .resources
        .iter()
        .map(|r| r.address.to_string())
        .collect();
    assert_eq!(addresses, ["t_x.c"]);
    assert!(eval.resources[0].repetition_unknown);
}

#[test]
fn dynamic_blocks_expand_and_unknown_ones_are_marked() {
    let (_d, eval) = load(&[(
        "main.tf",
        "variable \"rules\" {\n  default = [{ port = 22 }, { port = 443 }]\n}\nvariable \"unset\" {}\nresource \"t_x\" \"d\" {\n  dynamic \"ingress\" {\n    for_each = var.rules\n    content {\n      port = ingress.value.port\n    }\n  }\n  dynamic \"egress\" {\n    for_each = var.unset\n    iterator = e\n    content {\n      port = e.value\n    }\n  }\n}\n",
    )]);
    let block = &eval.resources[0].block;
    let ports: Vec<f64> = block
        .blocks_of("ingress")
        .map(|b| b.value("port").unwrap().as_number().unwrap())
        .collect();
    assert_eq!(ports, [22.0, 443.0]);
    assert!(block.block("egress").unwrap().unknown_repetition);
    assert!(block.may_have_block("egress"));
}

#[test]
fn registry_module_under_dot_terraform_is_followed_and_not_editable() {
    let (_d, eval) = load(&[
        (
            "main.tf",
            "module \"vpc\" {\n  source = \"terraform-aws-modules/vpc/aws\"\n  name   = \"main\"\n}\nmodule \"missing\" {\n  source = \"terraform-aws-modules/sns/aws\"\n}\n",
        ),
        (
            ".terraform/modules/modules.json",
            r#"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"vpc","Source":"registry.terraform.io/terraform-aws-modules/vpc/aws","Version":"5.0.0","Dir":".terraform/modules/vpc"}]}"#,
        ),
        (
            ".terraform/modules/vpc/main.tf",
            "variable \"name\" {}\nresource \"t_vpc\" \"this\" {\n  v = var.name\n}\n",
        ),
    ]);
    let r = &eval.resources[0];
    assert_eq!(r.address.to_string(), "module.vpc.t_vpc.this");
    assert!(!r.block.file.editable);
    // Regression (issue "Fidelity", item 8): the call chain showed the module's folder on
    // this machine as its source.
    assert_eq!(
        eval.module_of(r).call_chain[0].source,
        "terraform-aws-modules/vpc/aws"
    );
    let v = value(&eval, "module.vpc.t_vpc.this", "v");
    assert!(
        v.origin.as_ref().unwrap().editable,
        "the argument in the caller is editable"
    );
    assert!(
        eval.errors
            .iter()
            .any(|e| e.message.contains("module \"missing\"")
                && e.message.contains("not downloaded"))
    );
}

#[test]
fn var_file_overrides_tfvars() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        format!("variable \"a\" {{}}\n{RES}var.a\n}}\n"),
    )
    .unwrap();
    std::fs::write(dir.path().join("terraform.tfvars"), "a = \"base\"\n").unwrap();
    std::fs::write(dir.path().join("prod.tfvars"), "a = \"prod\"\n").unwrap();
    let options = driftless_hcl::LoadOptions {
        var_files: vec![dir.path().join("prod.tfvars")],
        ..Default::default()
    };
    let eval = evaluate(&Project::load(dir.path(), &options));
    let v = value(&eval, "t_x.r", "v");
    assert_eq!(
        (text(&v), origin(&v).1),
        (Some("prod".into()), "prod.tfvars".into())
    );
}

#[test]
fn a_module_instance_keeps_the_declarations_that_have_no_instance() {
    let (_d, eval) = load(&[
        (
            "main.tf",
            "module \"net\" {\n  source = \"./net\"\n}\nresource \"t_x\" \"root\" {}\n",
        ),
        (
            "net/main.tf",
            "variable \"on\" {\n  default = false\n}\nresource \"t_vpc\" \"this\" {}\n",
        ),
        (
            "net/logs.tf",
            "resource \"t_log\" \"this\" {\n  count = var.on ? 1 : 0\n}\n",
        ),
    ]);
    let net = eval
        .module_instances
        .iter()
        .find(|m| !m.path.is_empty())
        .expect("the module call is evaluated");
    let declared: Vec<String> = net
        .module
        .resources
        .iter()
        .map(|d| format!("{}.{}", d.resource_type, d.name))
        .collect();
    assert_eq!(declared, ["t_log.this", "t_vpc.this"]);
    assert!(
        !eval
            .resources
            .iter()
            .any(|r| r.address.resource_type == "t_log")
    );
}

#[test]
fn a_huge_count_is_not_expanded() {
    let (_d, eval) = load(&[(
        "main.tf",
        "resource \"t_x\" \"many\" {\n  count = 1000000000\n}\n",
    )]);
    assert_eq!(eval.resources.len(), 1);
    assert!(eval.resources[0].repetition_unknown);
}

/// Regression (security QA of the web UI): campaigns scan what anyone pushed, so a symbolic
/// link or a module path leading outside the repository must not be read when confined.
#[cfg(unix)]
#[test]
fn confined_loading_reads_nothing_outside_the_root() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.tf"),
        "resource \"aws_instance\" \"leaked\" {\n  ami = \"ami-SECRET\"\n}\n",
    )
    .unwrap();
    std::fs::create_dir_all(outside.path().join("mod")).unwrap();
    std::fs::write(
        outside.path().join("mod/main.tf"),
        "resource \"aws_instance\" \"far\" {\n  ami = \"ami-FAR\"\n}\n",
    )
    .unwrap();
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path();
    std::fs::write(
        root.join("main.tf"),
        format!(
            "resource \"aws_instance\" \"own\" {{\n  ami = \"ami-1\"\n}}\nmodule \"far\" {{\n  source = \"{}\"\n}}\n",
            driftless_hcl::relative_path(root, &outside.path().join("mod"))
        ),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.tf"), root.join("leak.tf")).unwrap();
    std::fs::create_dir_all(root.join("inner")).unwrap();
    std::fs::write(root.join("inner/real.tf"), "locals {\n  x = 1\n}\n").unwrap();
    std::os::unix::fs::symlink(root.join("inner/real.tf"), root.join("inner/alias.tf")).unwrap();

    let addresses = |options: &driftless_hcl::LoadOptions| {
        let project = driftless_hcl::Project::load(root, options);
        let eval = driftless_hcl::evaluate(&project);
        let mut a: Vec<String> = eval
            .resources
            .iter()
            .map(|r| r.address.to_string())
            .collect();
        a.sort();
        (a, project)
    };
    let (open, _) = addresses(&driftless_hcl::LoadOptions::default());
    assert_eq!(
        open,
        [
            "aws_instance.leaked",
            "aws_instance.own",
            "module.far.aws_instance.far"
        ]
    );
    let confined = driftless_hcl::LoadOptions {
        confine_to_root: true,
        ..driftless_hcl::LoadOptions::default()
    };
    let (inside, project) = addresses(&confined);
    assert_eq!(inside, ["aws_instance.own"]);
    let skipped: Vec<&str> = project
        .errors
        .iter()
        .filter(|e| e.message.contains("outside the repository"))
        .map(|e| e.path.as_str())
        .collect();
    assert_eq!(skipped, ["leak.tf"], "{:?}", project.errors);
    assert!(
        project.file("inner/alias.tf").is_some(),
        "links inside the root are read"
    );
    assert!(
        project
            .files()
            .values()
            .all(|f| !f.text.contains("SECRET") && !f.text.contains("FAR"))
    );
}

/// Terraform's type-constraint conversion of what a typed variable receives; each expected
/// value was printed by `terraform console` (Terraform 1.11) for the same variables.
#[test]
fn typed_variables_convert_and_fill_optional_defaults() {
    let vars = r#"variable "imds" {
  type    = object({ tokens = optional(string, "optional"), hop = optional(number), extra = optional(object({ a = optional(bool, true), b = optional(string) }), {}) })
  default = { zzz = 1, hop = "2" }
}
variable "l" {
  type    = list(object({ n = string, t = optional(string, "d") }))
  default = [{ n = "a" }, { n = "b", t = null }]
}
variable "s" {
  type    = set(string)
  default = ["b", "a", "b", 1]
}
variable "m" {
  type    = map(object({ t = optional(string, "x") }))
  default = { k = {} }
}
variable "tu" {
  type    = tuple([string, object({ t = optional(number, 3) })])
  default = [1, {}]
}
variable "bad" {
  type    = object({ required = string })
  default = {}
}
"#;
    let res = "resource \"t_x\" \"r\" {\n  imds = var.imds\n  l = var.l\n  s = var.s\n  m = var.m\n  tu = var.tu\n  bad = var.bad\n}\n";
    let (_d, eval) = load(&[("variables.tf", vars), ("main.tf", res)]);
    let json = |attr: &str| value(&eval, "t_x.r", attr).to_json().to_string();
    assert_eq!(
        json("imds"),
        r#"{"extra":{"a":true,"b":null},"hop":2,"tokens":"optional"}"#
    );
    assert_eq!(json("l"), r#"[{"n":"a","t":"d"},{"n":"b","t":"d"}]"#);
    assert_eq!(json("s"), r#"["1","a","b"]"#);
    assert_eq!(json("m"), r#"{"k":{"t":"x"}}"#);
    assert_eq!(json("tu"), r#"["1",{"t":3}]"#);
    // A value Terraform rejects (a required attribute missing) is unknown.
    assert!(value(&eval, "t_x.r", "bad").is_unknown());
    // The filled default is located at the default in the type expression, as a literal.
    let imds = value(&eval, "t_x.r", "imds");
    let tokens = imds.get("tokens").unwrap();
    assert_eq!(
        origin(tokens),
        (OriginKind::VariableDefault, "variables.tf".into(), 2)
    );
    assert!(tokens.origin.as_ref().unwrap().exact);
    // The object literal `{ zzz = 1, hop = "2" }` no longer evaluates to this object.
    assert!(!imds.origin.as_ref().unwrap().exact);
}

/// `path.module` is relative to the root module's folder, and `templatefile` renders
/// interpolations and directives; both expected values were printed by `terraform console`
/// (Terraform 1.11) for the same folders.
#[test]
fn path_module_and_templatefile_under_a_root_in_a_subfolder() {
    let (_d, eval) = load(&[
        (
            "envs/prod/main.tf",
            "module \"web\" {\n  source = \"../../modules/web\"\n}\n",
        ),
        (
            "modules/web/main.tf",
            "resource \"t_x\" \"r\" {\n  pm = path.module\n  t  = templatefile(\"${path.module}/t.tpl\", { names = [\"a\", \"b\"], o = { k = \"v\" } })\n  no = templatefile(\"${path.module}/t.tpl\", { names = [\"a\"] })\n  yaml = yamldecode(file(\"${path.module}/c.yaml\")).list[1]\n}\n",
        ),
        (
            "modules/web/t.tpl",
            "x=${o.k}%{ for n in names }[${n}]%{ endfor }%{ if length(names) > 1 }many%{ else }one%{ endif }\n",
        ),
        ("modules/web/c.yaml", "list:\n  - a\n  - b\n"),
    ]);
    let v = |attr: &str| value(&eval, "module.web.t_x.r", attr);
    assert_eq!(text(&v("pm")).as_deref(), Some("../../modules/web"));
    assert_eq!(text(&v("t")).as_deref(), Some("x=v[a][b]many\n"));
    // `o` is not given: Terraform fails, so the value is unknown.
    assert!(v("no").is_unknown());
    // A decoded part is located, inexact, at the call that decodes it.
    let yaml = v("yaml");
    assert_eq!(text(&yaml).as_deref(), Some("b"));
    assert_eq!(
        origin(&yaml),
        (OriginKind::Literal, "modules/web/main.tf".into(), 5)
    );
    assert!(!yaml.origin.as_ref().unwrap().exact);
}

/// A cycle through two modules (a calls b, b calls a) is reported once and not followed, and
/// local calls show their `source` as written.
#[test]
fn a_cycle_of_module_calls_is_not_followed() {
    let (_d, eval) = load(&[
        ("main.tf", "module \"a\" {\n  source = \"./a\"\n}\n"),
        (
            "a/main.tf",
            "module \"b\" {\n  source = \"../b\"\n}\nresource \"t_x\" \"a\" {}\n",
        ),
        (
            "b/main.tf",
            "module \"a\" {\n  source = \"../a\"\n}\nresource \"t_x\" \"b\" {}\n",
        ),
    ]);
    let addresses: Vec<String> = eval
        .resources
        .iter()
        .map(|r| r.address.to_string())
        .collect();
    assert_eq!(addresses, ["module.a.t_x.a", "module.a.module.b.t_x.b"]);
    let b = &eval.resources[1];
    let sources: Vec<&str> = eval
        .module_of(b)
        .call_chain
        .iter()
        .map(|c| c.source.as_str())
        .collect();
    assert_eq!(sources, ["./a", "../b"]);
    assert_eq!(
        eval.errors
            .iter()
            .filter(|e| e.message.contains("module calls itself"))
            .count(),
        1,
        "{:?}",
        eval.errors
    );
}

/// Regression (QA of issue "Fidelity"): `terraform.tfvars.json` and `*.auto.tfvars.json`
/// were skipped as "Terraform JSON syntax", and `--var-file x.json` failed to parse. Terraform
/// loads terraform.tfvars, terraform.tfvars.json, then the *.auto.tfvars(.json) files in
/// lexical order, then -var-file files.
#[test]
fn json_variable_files_load_in_terraforms_order() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "main.tf",
        &format!(
            "variable \"a\" {{}}\nvariable \"b\" {{}}\nvariable \"c\" {{}}\n{RES}\"${{var.a}}-${{var.b}}-${{var.c}}\"\n}}\n"
        ),
    );
    write(
        "terraform.tfvars",
        "a = \"hcl\"\nb = \"hcl\"\nc = \"hcl\"\n",
    );
    write(
        "terraform.tfvars.json",
        r#"{"a": "json", "b": "json", "c": "json"}"#,
    );
    write(
        "b.auto.tfvars.json",
        r#"{"b": "auto-json", "c": "auto-json"}"#,
    );
    write("c.auto.tfvars", "c = \"auto-hcl\"\n");
    let eval = evaluate(&Project::load(
        dir.path(),
        &driftless_hcl::LoadOptions::default(),
    ));
    assert_eq!(
        text(&value(&eval, "t_x.r", "v")).as_deref(),
        Some("json-auto-json-auto-hcl")
    );
    let extra = dir.path().join("extra.json");
    std::fs::write(&extra, r#"{"a": "var-file"}"#).unwrap();
    let options = driftless_hcl::LoadOptions {
        var_files: vec![extra],
        ..Default::default()
    };
    let eval = evaluate(&Project::load(dir.path(), &options));
    assert_eq!(
        text(&value(&eval, "t_x.r", "v")).as_deref(),
        Some("var-file-auto-json-auto-hcl")
    );
    write("terraform.tfvars.json", "{\"a\": ");
    let project = Project::load(dir.path(), &driftless_hcl::LoadOptions::default());
    let error = project
        .errors
        .iter()
        .find(|e| e.path == "terraform.tfvars.json")
        .expect("a syntax error");
    assert!(error.message.starts_with("invalid JSON"), "{error}");
}

/// Whitespace strip markers in a template file, as `terraform console` (1.11) renders the
/// same file.
#[test]
fn templatefile_strips_whitespace_at_strip_markers() {
    let tpl = "hosts:\n%{ for h in hosts ~}\n  - ${h}\n%{ endfor ~}\n%{ if strict ~}\nmode: required\n%{~ else ~}\nmode: optional\n%{~ endif }\nend   ${~ \"x\" ~}   tail\n";
    let (_d, eval) = load(&[
        ("s.tpl", tpl),
        (
            "main.tf",
            "resource \"t_x\" \"r\" {\n  v = templatefile(\"s.tpl\", { hosts = [\"a\", \"b\"], strict = false })\n  h = <<-EOT\n    %{ for h in [\"a\", \"b\"] ~}\n    - ${h}\n    %{ endfor ~}\n    done\n  EOT\n  plain = <<EOT\n%{ for h in [\"a\", \"b\"] ~}\n  - ${h}\n%{ endfor ~}\ndone\nEOT\n}\n",
        ),
    ]);
    assert_eq!(
        text(&value(&eval, "t_x.r", "v")).as_deref(),
        Some("hosts:\n  - a\n  - b\nmode: optional\nendxtail\n")
    );
    assert_eq!(
        text(&value(&eval, "t_x.r", "plain")).as_deref(),
        Some("  - a\n  - b\ndone\n")
    );
    // An indented heredoc with strip markers: Terraform strips before it dedents; not
    // rendered.
    assert!(value(&eval, "t_x.r", "h").is_unknown());
}
