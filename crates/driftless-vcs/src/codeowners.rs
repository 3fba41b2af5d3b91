//! `CODEOWNERS` files, GitHub's and GitLab's, for assigning a violation to the owners of the
//! file it is in.
//!
//! # Syntax
//! One rule a line: a path pattern, then owners separated by whitespace (`@user`,
//! `@org/team`, `@group/subgroup`, GitLab's `@@role`, or an email address). Blank lines and
//! lines starting with `#` are ignored, and so is anything after ` #` on a rule line. A
//! pattern starting with `#` is written `\#`; `\ ` is a space inside a pattern.
//!
//! Patterns are gitignore-style, as GitHub documents them
//! (<https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-code-owners#codeowners-syntax>):
//! - a pattern with no `/` except a trailing one matches at any depth (`*.tf`, `modules/`);
//!   one with a leading or inner `/` is anchored at the repository root (`/iam/`,
//!   `envs/prod`); the leading `/` itself is dropped;
//! - a trailing `/` matches a directory, i.e. every file below it, never a file of that name;
//! - `*` matches any characters but `/` (dotfiles included), `?` one character but `/`, `**`
//!   any number of whole directories (`**/logs`, `modules/**/main.tf`, `envs/**`);
//! - a pattern also matches every file below a directory it matches (`/envs/prod` owns
//!   `envs/prod/main.tf`), except when its last segment is a lone `*`: `docs/*` owns
//!   `docs/a.md` but not `docs/build/b.md`, as GitHub documents;
//! - negation (`!`) and character classes (`[a-z]`) do not exist in `CODEOWNERS`: a `!`
//!   pattern is skipped with a warning, `[` is an ordinary character.
//!
//! GitLab sections
//! (<https://docs.gitlab.com/user/project/codeowners/reference/>) are understood:
//! `[Section]`, `^[Optional section]`, `[Section][2]` (the approval count is ignored) and
//! default owners on the heading, `[Section] @owner`, which rules in that section without
//! owners of their own inherit.
//!
//! # Which rule applies
//! **The last matching rule in the file wins**, GitHub's rule and the one issue 5 asks for.
//! That includes GitLab files: GitLab itself evaluates each section separately and requires an
//! approval from each, but driftless needs one owner per violation, so it takes the last
//! matching rule in file order, whatever its section (the rule's section is reported in
//! [`Rule::section`]). A matching rule with no owners (and no section default) *unsets*
//! ownership: the path has no owner, as GitHub documents.

use std::path::{Path, PathBuf};

/// Where GitHub and GitLab look for the file, in the order [`Codeowners::find`] tries them:
/// GitHub's three locations in GitHub's order, then GitLab's `.gitlab/` (GitLab also reads the
/// root and `docs/` copies).
pub const LOCATIONS: &[&str] = &[
    ".github/CODEOWNERS",
    "CODEOWNERS",
    "docs/CODEOWNERS",
    ".gitlab/CODEOWNERS",
];

/// A parsed `CODEOWNERS` file.
#[derive(Debug, Clone, Default)]
pub struct Codeowners {
    rules: Vec<Rule>,
}

/// One rule of a `CODEOWNERS` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// 1-based line number in the file.
    pub line: usize,
    /// The pattern as written (escapes kept).
    pub pattern: String,
    /// The owners: those on the line, else the section's default owners; empty means the rule
    /// unsets ownership.
    pub owners: Vec<String>,
    /// The GitLab section the rule is in, as written in its heading; `None` before any heading.
    pub section: Option<String>,
    matcher: Pattern,
}

/// A line of a `CODEOWNERS` file that was skipped or partly ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseWarning {
    /// 1-based line number.
    pub line: usize,
    /// What was wrong, e.g. "`!` negation is not supported in CODEOWNERS; line skipped".
    pub message: String,
}

/// A `CODEOWNERS` file found in a directory by [`Codeowners::find`].
#[derive(Debug, Clone)]
pub struct CodeownersFile {
    /// The file's path relative to the searched directory, one of [`LOCATIONS`].
    pub path: PathBuf,
    /// Its rules.
    pub codeowners: Codeowners,
    /// Problems found while parsing it.
    pub warnings: Vec<ParseWarning>,
}

/// Errors from [`Codeowners::find`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CodeownersError {
    /// The file exists but could not be read.
    #[error("cannot read {path}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

impl Codeowners {
    /// Parses the text of a `CODEOWNERS` file. Never fails: a line that cannot be used is
    /// skipped and reported as a [`ParseWarning`], and so is an owner token that is neither an
    /// `@` mention nor an email address.
    ///
    /// # Example
    /// ```
    /// use driftless_vcs::codeowners::Codeowners;
    ///
    /// let (owners, warnings) = Codeowners::parse("* @platform\n/envs/prod/ @sre\n*.md\n");
    /// assert!(warnings.is_empty());
    /// assert_eq!(owners.owners_for("envs/prod/main.tf"), ["@sre"]);
    /// assert_eq!(owners.owners_for("modules/vpc/main.tf"), ["@platform"]);
    /// assert!(owners.owners_for("envs/prod/README.md").is_empty());
    /// ```
    #[must_use]
    pub fn parse(text: &str) -> (Codeowners, Vec<ParseWarning>) {
        let mut rules = Vec::new();
        let mut warnings = Vec::new();
        let mut section: Option<(String, Vec<String>)> = None;
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let mut warn = |message: String| warnings.push(ParseWarning { line, message });
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if trimmed.starts_with('[') || trimmed.starts_with("^[") {
                match parse_section(trimmed) {
                    Ok((name, owner_text)) => {
                        let owners = parse_owners(owner_text, &mut warn);
                        section = Some((name, owners));
                    }
                    Err(message) => warn(message),
                }
                continue;
            }
            let (pattern, rest) = split_pattern(trimmed);
            if pattern.starts_with('!') {
                warn("`!` negation is not supported in CODEOWNERS; line skipped".to_owned());
                continue;
            }
            let matcher = match Pattern::new(&pattern) {
                Ok(matcher) => matcher,
                Err(message) => {
                    warn(format!("{message}; line skipped"));
                    continue;
                }
            };
            let mut owners = parse_owners(rest, &mut warn);
            if owners.is_empty()
                && let Some((_, defaults)) = &section
            {
                owners.clone_from(defaults);
            }
            rules.push(Rule {
                line,
                pattern,
                owners,
                section: section.as_ref().map(|(name, _)| name.clone()),
                matcher,
            });
        }
        (Codeowners { rules }, warnings)
    }

    /// Finds and parses the `CODEOWNERS` file of the repository checked out at `root`: the
    /// first of [`LOCATIONS`] that is a file. `None` when there is none.
    ///
    /// # Errors
    /// [`CodeownersError::Read`] when the file exists but cannot be read (or is not UTF-8).
    pub fn find(root: &Path) -> Result<Option<CodeownersFile>, CodeownersError> {
        for location in LOCATIONS {
            let path = root.join(location);
            if !path.is_file() {
                continue;
            }
            let text = std::fs::read_to_string(&path)
                .map_err(|source| CodeownersError::Read { path, source })?;
            let (codeowners, warnings) = Codeowners::parse(&text);
            return Ok(Some(CodeownersFile {
                path: PathBuf::from(location),
                codeowners,
                warnings,
            }));
        }
        Ok(None)
    }

    /// The rules, in file order.
    #[must_use]
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule that decides the owners of `path`: the last one whose pattern matches it.
    ///
    /// `path` is relative to the repository root with `/` separators (a leading `/` or `./`
    /// is ignored).
    #[must_use]
    pub fn rule_for(&self, path: &str) -> Option<&Rule> {
        let path = normalize(path);
        if path.is_empty() {
            return None;
        }
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        self.rules
            .iter()
            .rev()
            .find(|rule| rule.matcher.matches(&segments))
    }

    /// The owners of `path` (see [`rule_for`](Self::rule_for)); empty when no rule matches or
    /// the last matching rule has no owners.
    #[must_use]
    pub fn owners_for(&self, path: &str) -> &[String] {
        self.rule_for(path).map_or(&[], |rule| &rule.owners)
    }
}

fn normalize(path: &str) -> &str {
    let mut path = path;
    loop {
        if let Some(rest) = path.strip_prefix("./") {
            path = rest;
        } else if let Some(rest) = path.strip_prefix('/') {
            path = rest;
        } else {
            return path;
        }
    }
}

/// `[Name]`, `^[Name]`, `[Name][2]`, each optionally followed by default owners.
/// Returns the name and the rest of the line.
fn parse_section(line: &str) -> Result<(String, &str), String> {
    let body = line.strip_prefix('^').unwrap_or(line);
    let body = &body[1..];
    let Some(close) = body.find(']') else {
        return Err("section heading without `]`; line skipped".to_owned());
    };
    let name = body[..close].trim();
    if name.is_empty() {
        return Err("section heading without a name; line skipped".to_owned());
    }
    let mut rest = &body[close + 1..];
    if let Some(count) = rest.strip_prefix('[') {
        let Some(close) = count.find(']') else {
            return Err("approval count without `]`; line skipped".to_owned());
        };
        if count[..close].parse::<u32>().is_err() {
            return Err(format!(
                "approval count {:?} is not a number; line skipped",
                &count[..close]
            ));
        }
        rest = &count[close + 1..];
    }
    Ok((name.to_owned(), rest))
}

/// Splits a rule line into its pattern (up to the first unescaped whitespace) and the rest.
fn split_pattern(line: &str) -> (String, &str) {
    let mut escaped = false;
    for (index, c) in line.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c.is_whitespace() {
            return (line[..index].to_owned(), &line[index..]);
        }
    }
    (line.to_owned(), "")
}

fn parse_owners(text: &str, warn: &mut impl FnMut(String)) -> Vec<String> {
    let mut owners = Vec::new();
    for token in text.split_whitespace() {
        if token.starts_with('#') {
            break;
        }
        let mention = token
            .strip_prefix("@@")
            .or_else(|| token.strip_prefix('@'))
            .is_some_and(|name| {
                !name.is_empty()
                    && !name.starts_with('/')
                    && !name.ends_with('/')
                    && name
                        .chars()
                        .all(|c| c.is_alphanumeric() || "-_./".contains(c))
            });
        let email = token
            .split_once('@')
            .is_some_and(|(user, domain)| !user.is_empty() && domain.contains('.'));
        if mention || email {
            owners.push(token.to_owned());
        } else {
            warn(format!(
                "{token:?} is not an owner (an @mention or an email address); ignored"
            ));
        }
    }
    owners
}

/// A compiled pattern: path segments to match against a path split at `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pattern {
    segments: Vec<Segment>,
    /// Whether the pattern also matches everything below what it matches.
    descendants: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    /// `**`: any number of whole segments (zero or more; one or more at the end).
    AnyDepth,
    /// One path segment.
    Glob(Vec<Token>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Char(char),
    /// `*`
    Star,
    /// `?`
    Question,
}

impl Pattern {
    fn new(pattern: &str) -> Result<Pattern, String> {
        let (body, directory) = match pattern.strip_suffix('/') {
            Some(body) => (body, true),
            None => (pattern, false),
        };
        let (body, rooted) = match body.strip_prefix('/') {
            Some(body) => (body, true),
            None => (body, false),
        };
        if body.is_empty() {
            return Err(format!("pattern {pattern:?} matches nothing"));
        }
        let mut segments = Vec::new();
        for part in body.split('/') {
            if part.is_empty() {
                return Err(format!("pattern {pattern:?} has an empty path segment"));
            }
            segments.push(if part == "**" {
                Segment::AnyDepth
            } else if part.contains("**") {
                return Err(format!(
                    "pattern {pattern:?}: `**` must be a whole path segment"
                ));
            } else {
                Segment::Glob(tokens(part))
            });
        }
        // gitignore: a pattern without a separator (but a trailing one) matches at any depth.
        if !rooted && segments.len() == 1 && segments[0] != Segment::AnyDepth {
            segments.insert(0, Segment::AnyDepth);
        }
        let descendants = match segments.last() {
            Some(Segment::Glob(tokens)) => tokens.as_slice() != [Token::Star],
            _ => false,
        };
        if directory {
            // `dir/` is `dir/**`: one or more segments below `dir`.
            segments.push(Segment::AnyDepth);
        }
        Ok(Pattern {
            segments,
            descendants: descendants && !directory,
        })
    }

    fn matches(&self, path: &[&str]) -> bool {
        match_segments(&self.segments, path, self.descendants)
    }
}

fn tokens(part: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = part.chars();
    while let Some(c) = chars.next() {
        tokens.push(match c {
            '\\' => Token::Char(chars.next().unwrap_or('\\')),
            '*' => Token::Star,
            '?' => Token::Question,
            c => Token::Char(c),
        });
    }
    tokens
}

fn match_segments(pattern: &[Segment], path: &[&str], descendants: bool) -> bool {
    match pattern.split_first() {
        None => path.is_empty() || descendants,
        Some((Segment::AnyDepth, [])) => !path.is_empty(),
        Some((Segment::AnyDepth, rest)) => {
            (0..=path.len()).any(|skip| match_segments(rest, &path[skip..], descendants))
        }
        Some((Segment::Glob(tokens), rest)) => path.split_first().is_some_and(|(first, tail)| {
            match_glob(tokens, &first.chars().collect::<Vec<_>>())
                && match_segments(rest, tail, descendants)
        }),
    }
}

fn match_glob(tokens: &[Token], name: &[char]) -> bool {
    match tokens.split_first() {
        None => name.is_empty(),
        Some((Token::Star, rest)) => (0..=name.len()).any(|skip| match_glob(rest, &name[skip..])),
        Some((Token::Question, rest)) => !name.is_empty() && match_glob(rest, &name[1..]),
        Some((Token::Char(c), rest)) => name.first() == Some(c) && match_glob(rest, &name[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, path: &str) -> bool {
        let (owners, warnings) = Codeowners::parse(&format!("{pattern} @o"));
        assert!(warnings.is_empty(), "{pattern}: {warnings:?}");
        !owners.owners_for(path).is_empty()
    }

    #[track_caller]
    fn check(pattern: &str, yes: &[&str], no: &[&str]) {
        for path in yes {
            assert!(matches(pattern, path), "{pattern:?} should match {path:?}");
        }
        for path in no {
            assert!(
                !matches(pattern, path),
                "{pattern:?} should not match {path:?}"
            );
        }
    }

    #[test]
    fn star_matches_everything() {
        check("*", &["main.tf", "a/b/c.tf", ".github/x.yml"], &[]);
    }

    #[test]
    fn extension_matches_at_any_depth() {
        check(
            "*.tf",
            &["main.tf", "modules/vpc/main.tf", ".hidden.tf"],
            &["main.tfvars", "tf", "main.tf.json"],
        );
    }

    #[test]
    fn bare_name_matches_files_and_directories_anywhere() {
        check(
            "README.md",
            &["README.md", "docs/README.md"],
            &["README.mdx", "xREADME.md"],
        );
        check(
            "modules",
            &["modules", "modules/vpc/main.tf", "envs/modules/x.tf"],
            &["modules.tf", "envs/modulesx/a"],
        );
    }

    #[test]
    fn trailing_slash_means_directory_anywhere() {
        check(
            "apps/",
            &["apps/a.tf", "x/apps/b/c.tf"],
            &["apps", "x/apps", "appsx/a.tf"],
        );
    }

    #[test]
    fn leading_slash_anchors() {
        check(
            "/build/logs/",
            &["build/logs/a.log", "build/logs/deep/b.log"],
            &["x/build/logs/a.log", "build/logs", "build/logsx/a"],
        );
        check("/main.tf", &["main.tf"], &["modules/main.tf"]);
        check(
            "/envs/prod",
            &["envs/prod", "envs/prod/main.tf"],
            &["x/envs/prod/main.tf", "envs/production/main.tf"],
        );
    }

    #[test]
    fn inner_slash_anchors_too() {
        check(
            "envs/prod",
            &["envs/prod/main.tf"],
            &["x/envs/prod/main.tf"],
        );
        check(
            "docs/*.md",
            &["docs/a.md"],
            &["x/docs/a.md", "docs/sub/a.md"],
        );
    }

    #[test]
    fn trailing_lone_star_does_not_reach_nested_files() {
        check(
            "docs/*",
            &["docs/getting-started.md", "docs/.keep"],
            &["docs/build-app/troubleshooting.md", "docs", "x/docs/a.md"],
        );
    }

    #[test]
    fn double_star() {
        check(
            "**/logs",
            &["logs", "logs/a", "build/logs", "deeply/nested/logs/x.log"],
            &["logsx", "build/xlogs"],
        );
        check(
            "modules/**/main.tf",
            &[
                "modules/main.tf",
                "modules/vpc/main.tf",
                "modules/a/b/main.tf",
            ],
            &["x/modules/vpc/main.tf", "modules/vpc/main.tfx"],
        );
        check(
            "envs/**",
            &["envs/a", "envs/a/b/c.tf"],
            &["envs", "x/envs/a"],
        );
        check("**", &["a", "a/b"], &[]);
    }

    #[test]
    fn question_mark_is_one_character_but_not_a_slash() {
        check(
            "/env?/",
            &["env1/a.tf", "envs/a.tf"],
            &["env/a.tf", "env12/a.tf"],
        );
        check("a?b", &["a-b", "x/a.b"], &["a/b", "ab"]);
    }

    #[test]
    fn star_stays_within_a_segment() {
        check(
            "/envs/*/main.tf",
            &["envs/prod/main.tf"],
            &["envs/a/b/main.tf"],
        );
        check("/mod*", &["modules/a.tf", "mod"], &["x/modules/a.tf"]);
    }

    #[test]
    fn escapes() {
        let (owners, warnings) = Codeowners::parse("\\#notes @a\nmy\\ file.tf @b\n");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(owners.owners_for("#notes"), ["@a"]);
        assert_eq!(owners.owners_for("dir/my file.tf"), ["@b"]);
    }

    #[test]
    fn last_matching_rule_wins() {
        let text = "\
# comment
*       @everyone
*.tf    @terraform
/envs/  @envs-team
/envs/prod/*.tf @prod-a @prod-b
";
        let (owners, warnings) = Codeowners::parse(text);
        assert!(warnings.is_empty());
        assert_eq!(owners.owners_for("README.md"), ["@everyone"]);
        assert_eq!(owners.owners_for("modules/a.tf"), ["@terraform"]);
        assert_eq!(owners.owners_for("envs/dev/a.tf"), ["@envs-team"]);
        assert_eq!(owners.owners_for("envs/prod/a.tf"), ["@prod-a", "@prod-b"]);
        assert_eq!(owners.rule_for("envs/prod/a.tf").unwrap().line, 5);
        // Order matters: a broad rule after a narrow one takes over.
        let (owners, _) = Codeowners::parse("/envs/prod/ @prod\n* @everyone\n");
        assert_eq!(owners.owners_for("envs/prod/a.tf"), ["@everyone"]);
    }

    #[test]
    fn a_rule_without_owners_unsets_ownership() {
        let (owners, warnings) = Codeowners::parse("/apps/ @octocat\n/apps/github\n");
        assert!(warnings.is_empty());
        assert_eq!(owners.owners_for("apps/web/a.tf"), ["@octocat"]);
        assert!(owners.owners_for("apps/github/a.tf").is_empty());
        assert!(owners.rule_for("apps/github/a.tf").is_some());
        assert!(owners.rule_for("other.tf").is_none());
    }

    #[test]
    fn owners_kinds_and_inline_comments() {
        let (owners, warnings) =
            Codeowners::parse("*.tf @user @org/team @@maintainer dev@example.com # trailing\n");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            owners.owners_for("a.tf"),
            ["@user", "@org/team", "@@maintainer", "dev@example.com"]
        );
    }

    #[test]
    fn bad_owners_and_unsupported_syntax_are_warnings() {
        let text = "*.tf @ok not-an-owner\n!*.md @x\n/ @root\n[\n";
        let (owners, warnings) = Codeowners::parse(text);
        assert_eq!(owners.owners_for("a.tf"), ["@ok"]);
        let lines: Vec<usize> = warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [1, 2, 3, 4]);
        assert!(warnings[0].message.contains("not-an-owner"));
        assert!(warnings[1].message.contains("negation"));
        assert_eq!(owners.rules().len(), 1);
    }

    #[test]
    fn paths_are_normalized() {
        let (owners, _) = Codeowners::parse("/envs/ @e\n");
        assert_eq!(owners.owners_for("./envs/a.tf"), ["@e"]);
        assert_eq!(owners.owners_for("/envs/a.tf"), ["@e"]);
        assert!(owners.owners_for("").is_empty());
    }

    #[test]
    fn gitlab_sections_and_default_owners() {
        let text = "\
* @general

[Documentation] @docs-team
docs/
README.md @readme-owner

^[Database][2] @database-team
model/db/
config/db/database-setup.md @docs-team

[Terraform]
*.tf @tf
/legacy/
";
        let (owners, warnings) = Codeowners::parse(text);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(owners.owners_for("src/app.rb"), ["@general"]);
        assert_eq!(owners.owners_for("docs/a.md"), ["@docs-team"]);
        assert_eq!(owners.owners_for("README.md"), ["@readme-owner"]);
        assert_eq!(owners.owners_for("model/db/x.rb"), ["@database-team"]);
        assert_eq!(
            owners.owners_for("config/db/database-setup.md"),
            ["@docs-team"]
        );
        let rule = owners.rule_for("model/db/x.rb").unwrap();
        assert_eq!(rule.section.as_deref(), Some("Database"));
        assert_eq!(rule.line, 8);
        // In a section without default owners a bare pattern unsets ownership.
        assert!(owners.owners_for("legacy/a.tf").is_empty());
        assert_eq!(owners.owners_for("modules/a.tf"), ["@tf"]);
        // Last matching rule across sections: `*.tf` (Terraform) beats `docs/` (Documentation).
        assert_eq!(owners.owners_for("docs/example.tf"), ["@tf"]);
    }

    #[test]
    fn bad_section_headings_are_warnings() {
        let (_, warnings) = Codeowners::parse("[Unclosed\n[]\n[Name][x]\n");
        let lines: Vec<usize> = warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [1, 2, 3]);
    }

    #[test]
    fn crlf_files() {
        let (owners, warnings) = Codeowners::parse("* @a\r\n/envs/ @b\r\n");
        assert!(warnings.is_empty());
        assert_eq!(owners.owners_for("envs/x.tf"), ["@b"]);
    }

    #[test]
    fn find_prefers_github_locations_in_order() {
        let root = tempfile::tempdir().unwrap();
        assert!(Codeowners::find(root.path()).unwrap().is_none());
        std::fs::create_dir_all(root.path().join(".gitlab")).unwrap();
        std::fs::write(root.path().join(".gitlab/CODEOWNERS"), "* @gitlab\n").unwrap();
        let found = Codeowners::find(root.path()).unwrap().unwrap();
        assert_eq!(found.path, Path::new(".gitlab/CODEOWNERS"));
        std::fs::create_dir_all(root.path().join("docs")).unwrap();
        std::fs::write(root.path().join("docs/CODEOWNERS"), "* @docs\n").unwrap();
        std::fs::write(root.path().join("CODEOWNERS"), "* @root\nbad\n").unwrap();
        let found = Codeowners::find(root.path()).unwrap().unwrap();
        assert_eq!(found.path, Path::new("CODEOWNERS"));
        assert_eq!(found.codeowners.owners_for("a"), ["@root"]);
        assert_eq!(found.warnings.len(), 0);
        std::fs::create_dir_all(root.path().join(".github")).unwrap();
        std::fs::write(root.path().join(".github/CODEOWNERS"), "* @github\n").unwrap();
        let found = Codeowners::find(root.path()).unwrap().unwrap();
        assert_eq!(found.path, Path::new(".github/CODEOWNERS"));
    }
}
