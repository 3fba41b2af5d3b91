//! The fix loop: passes to a fixed point, each gated by a re-parse and re-scan in memory.

use crate::key::{FixKey, key};
use crate::verify::{self, Sessions, Verify};
use driftless_diagnostics::{
    Applicability, Edit, Finding, Fix, InputErrorKind, Verification, apply_fixes,
};
use driftless_hcl::LoadOptions;
use driftless_hcl::parent_dir;
use driftless_rules::{Scan, Selection, scan_path_with_states};
use driftless_state::StateSpec;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How many passes before giving up: fixes that keep producing new fixes would not converge
/// (ruff uses 100; our fixes settle in two or three).
pub(crate) const MAX_PASSES: usize = 16;

/// What to fix and how.
#[derive(Debug, Clone)]
pub struct FixOptions {
    /// The least applicability applied: `Safe` for `--fix`, `Review` for
    /// `--fix --applicability review`.
    pub applicability: Applicability,
    /// The rules that run (for finding fixes and for the gate).
    pub selection: Selection,
    /// How to load the repository (variable files).
    pub load: LoadOptions,
    /// The repository's name in fingerprints.
    pub repo: String,
    /// Whether to write the files; `false` computes the result only (`--diff`).
    pub write: bool,
    /// Whether Terraform checks the fixes ([`Verify`]); a fix it refuses is taken out like
    /// one the re-scan gate refuses.
    pub verify: Verify,
    /// State files bound to root modules (`scan --state`): every scan reads the values the
    /// code leaves unknown from them ([`scan_path_with_states`]), and verification plans a
    /// root module against its state file (format version 4) instead of a state built from
    /// the unfixed plan. A file that cannot be read is one of the scan's errors.
    pub states: Vec<StateSpec>,
    /// Fingerprints of findings no fix may change: a campaign's excepted and won't-fix
    /// violations. A fix that resolves one (an edit in a module another call shares) is
    /// refused.
    pub keep: BTreeSet<String>,
}

/// A fix the gate took out, and why.
#[derive(Debug, Clone)]
pub struct Refused {
    /// The finding whose fix was refused.
    pub finding: Finding,
    /// Why: "the fix breaks parsing of main.tf:3:5: ...", "the fix adds a finding: ...", or
    /// what Terraform said of the fixed configuration.
    pub reason: String,
}

/// What a fix run did.
#[derive(Debug)]
pub struct FixOutcome {
    /// The scan before any fix.
    pub before: Scan,
    /// The scan of the final tree.
    pub after: Scan,
    /// Changed files: repository-relative path -> (text before, text after).
    pub changed: BTreeMap<String, FixKey>,
    /// Findings of `before` whose fix was applied and that the final scan no longer shows,
    /// each with its [`Finding::fix_verification`] when verification was asked for.
    pub fixed: Vec<Finding>,
    /// Fixes the gate took out.
    pub refused: Vec<Refused>,
    /// Passes run.
    pub passes: usize,
}

/// A file could not be written; the files written before it keep their fixes.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {path}")]
pub struct FixError {
    /// Absolute path.
    pub path: PathBuf,
    /// The I/O error.
    #[source]
    pub source: std::io::Error,
}

/// Scans `root`, applies the fixes of the findings that `want` accepts (and that meet
/// `options.applicability`) until nothing changes, gating every pass, and writes the result
/// unless `options.write` is false.
///
/// # Errors
/// [`FixError`] when a changed file cannot be written.
pub fn fix_repository(
    root: &Path,
    options: &FixOptions,
    want: &dyn Fn(&Finding) -> bool,
) -> Result<FixOutcome, FixError> {
    let before = scan(root, &options.load, options);
    let baseline: BTreeSet<FixKey> = open(&before).map(key).collect();
    let baseline_errors: BTreeSet<String> = before.errors.iter().map(ToString::to_string).collect();
    // Targets, with how many instances their block had.
    let targets: BTreeMap<FixKey, usize> = open(&before)
        .filter(|f| {
            want(f)
                && f.fix
                    .as_ref()
                    .is_some_and(|x| x.applies(options.applicability))
        })
        .map(|f| (key(f), f.instances.len().max(1)))
        .collect();
    let protected = protected(&before, &options.keep);
    let originals: BTreeMap<String, (String, bool)> = before
        .project
        .files()
        .into_iter()
        .map(|(p, f)| (p, (f.text.clone(), f.crlf)))
        .collect();
    let mut refused: Vec<Refused> = Vec::new();
    let mut refused_keys: BTreeSet<FixKey> = BTreeSet::new();
    // Fixes the gate cannot vouch for are refused up front: an edit outside the scanned
    // folder (a module or variable file shared with code this run does not see), or in a folder
    // with a file that does not parse (the re-scan would not see all of that module).
    let broken: Vec<FixKey> = before
        .errors
        .iter()
        .filter(|e| e.kind == InputErrorKind::Syntax)
        .map(|e| (parent_dir(&e.path), e.to_string()))
        .collect();
    for f in open(&before).filter(|f| targets.contains_key(&key(f))) {
        let Some(fix) = &f.fix else { continue };
        let reason = fix.edits().iter().find_map(|e| {
            if e.path.starts_with("../") || e.path.starts_with('/') {
                Some(format!("the edit is in {}, outside the scanned folder: scan the folder that holds it", e.path))
            } else if root
                .join(&e.path)
                .symlink_metadata()
                .is_ok_and(|m| m.file_type().is_symlink())
            {
                // Writing would replace the link by a file holding its target's text.
                Some(format!(
                    "{} is a symbolic link: fix the file it points to",
                    e.path
                ))
            } else {
                let dir = parent_dir(&e.path);
                broken.iter().find(|(d, _)| *d == dir).map(|(_, error)| {
                    format!("a file of {dir} does not parse ({error}), so the re-scan cannot check the fix")
                })
            }
        });
        if let Some(reason) = reason {
            refused_keys.insert(key(f));
            refused.push(Refused {
                finding: f.clone(),
                reason,
            });
        }
    }
    let sessions = match &options.verify {
        Verify::With(verifier) => Some(Sessions::new(
            verifier,
            root,
            &options.load.var_files,
            &options.states,
        )),
        Verify::No | Verify::Unavailable(_) => None,
    };
    let mut verified: BTreeMap<FixKey, Verification> = BTreeMap::new();
    let (overlay, current, passes) = loop {
        let (overlay, current, passes) = converge(
            &Passes {
                root,
                options,
                targets: &targets,
                baseline: &baseline,
                baseline_errors: &baseline_errors,
                protected: &protected,
                originals: &originals,
            },
            &mut refused,
            &mut refused_keys,
        );
        let Some(sessions) = &sessions else {
            break (overlay, current, passes);
        };
        // Terraform gates what converged; a fix it refuses is taken out and the passes run
        // again without it.
        let applied = resolved(&before, &targets, &current);
        let single = |finding: &Finding| alone(root, options, finding);
        let verdicts = verify::verify(
            sessions,
            &before,
            &changed_texts(&overlay, &originals),
            &applied,
            &single,
        );
        if verdicts.refused.is_empty() {
            verified = verdicts.verified;
            break (overlay, current, passes);
        }
        for (finding, reason) in verdicts.refused {
            tracing::info!(rule = %finding.rule_id, address = %finding.address, "fix refused by Terraform: {reason}");
            refused_keys.insert(key(&finding));
            refused.push(Refused { finding, reason });
        }
    };
    // Where the edits of several fixes meet in one run of attributes, align it as a whole,
    // as `terraform fmt` would; the final scan then reads what is written.
    let (overlay, mut after) = formatted(root, options, overlay, current, &originals);
    let mut fixed = resolved(&before, &targets, &after);
    for f in &mut fixed {
        f.fix_verification = match &options.verify {
            Verify::No => None,
            Verify::Unavailable(reason) => Some(Verification::Skipped {
                reason: reason.clone(),
            }),
            Verify::With(_) => verified.remove(&key(f)),
        };
    }
    // Findings of the final scan whose fix the gate refused say why.
    for f in &mut after.findings {
        if let Some(r) = refused.iter().find(|r| key(&r.finding) == key(f)) {
            f.fix_refused = Some(r.reason.clone());
        }
    }
    let changed: BTreeMap<String, FixKey> = changed_texts(&overlay, &originals)
        .into_iter()
        .map(|(p, new)| {
            let old = originals
                .get(&p)
                .map(|(t, _)| t.clone())
                .unwrap_or_default();
            (p, (old, new))
        })
        .collect();
    if options.write {
        for (path, (_, text)) in &changed {
            let abs = before.project.root.join(path);
            write_atomically(&abs, text).map_err(|source| FixError {
                path: abs.clone(),
                source,
            })?;
        }
    }
    Ok(FixOutcome {
        before,
        after,
        changed,
        fixed,
        refused,
        passes,
    })
}

/// Runs the passes until they converge: a fix that was applied but whose finding still fires
/// does not converge, so it is taken out and the passes start again from the original files
/// without it.
fn converge(
    run: &Passes<'_>,
    refused: &mut Vec<Refused>,
    refused_keys: &mut BTreeSet<FixKey>,
) -> (BTreeMap<String, String>, Scan, usize) {
    loop {
        match run.run(refused, refused_keys) {
            Ok(done) => return done,
            Err(stuck) => {
                refused_keys.insert(key(&stuck));
                refused.push(Refused {
                    finding: *stuck,
                    reason: "the fix does not resolve the finding: after applying it the rule still fires".to_owned(),
                });
            }
        }
    }
}

/// `overlay` with every changed file's runs of attributes aligned together
/// ([`driftless_hcl::edit::align_text`]), and its scan: `current` when nothing moved, else a
/// scan of the aligned files.
fn formatted(
    root: &Path,
    options: &FixOptions,
    overlay: BTreeMap<String, String>,
    current: Scan,
    originals: &BTreeMap<String, (String, bool)>,
) -> (BTreeMap<String, String>, Scan) {
    let mut moved = false;
    let aligned: BTreeMap<String, String> = overlay
        .into_iter()
        .map(|(path, text)| match originals.get(&path) {
            Some((old, _)) if *old != text => {
                let new = driftless_hcl::edit::align_text(old, &text);
                moved |= new != text;
                (path, new)
            }
            _ => (path, text),
        })
        .collect();
    if moved {
        let scan = rescan(root, options, &aligned);
        (aligned, scan)
    } else {
        (aligned, current)
    }
}

/// The targets of `before` that `scan` no longer shows: their fixes were applied.
fn resolved(before: &Scan, targets: &BTreeMap<FixKey, usize>, scan: &Scan) -> Vec<Finding> {
    let remaining: BTreeSet<FixKey> = open(scan).map(key).collect();
    open(before)
        .filter(|f| targets.contains_key(&key(f)) && !remaining.contains(&key(f)))
        .cloned()
        .collect()
}

/// The files of `overlay` whose text differs from the original, with their new text.
fn changed_texts(
    overlay: &BTreeMap<String, String>,
    originals: &BTreeMap<String, (String, bool)>,
) -> BTreeMap<String, String> {
    overlay
        .iter()
        .filter(|(p, new)| originals.get(*p).is_some_and(|(old, _)| old != *new))
        .map(|(p, new)| (p.clone(), new.clone()))
        .collect()
}

/// The files the fix of `finding` changes when it is applied alone (the fix engine run for
/// that finding only, not verified, not written): what verification plans to find which fix
/// of several Terraform rejects.
fn alone(root: &Path, options: &FixOptions, finding: &Finding) -> BTreeMap<String, String> {
    let options = FixOptions {
        verify: Verify::No,
        write: false,
        ..options.clone()
    };
    let target = key(finding);
    fix_repository(root, &options, &|f| key(f) == target)
        .map(|outcome| {
            outcome
                .changed
                .into_iter()
                .map(|(path, (_, after))| (path, after))
                .collect()
        })
        .unwrap_or_default()
}

struct Passes<'a> {
    root: &'a Path,
    options: &'a FixOptions,
    targets: &'a BTreeMap<FixKey, usize>,
    baseline: &'a BTreeSet<FixKey>,
    baseline_errors: &'a BTreeSet<String>,
    protected: &'a BTreeMap<FixKey, String>,
    originals: &'a BTreeMap<String, (String, bool)>,
}

impl Passes<'_> {
    /// Runs passes from the original files until nothing changes: the accepted overlay, the
    /// scan of it, and the number of passes. Fixes the gate refuses are added to `refused`.
    ///
    /// # Errors
    /// The finding whose fix was applied in an earlier pass and still fires.
    fn run(
        &self,
        refused: &mut Vec<Refused>,
        refused_keys: &mut BTreeSet<FixKey>,
    ) -> Result<(BTreeMap<String, String>, Scan, usize), Box<Finding>> {
        let Self {
            root,
            options,
            targets,
            baseline,
            baseline_errors,
            protected,
            originals,
        } = *self;
        let mut overlay: BTreeMap<String, String> = BTreeMap::new();
        // How often each target's fix was applied. One application per instance of the block
        // (instances may set the value in different places) is progress; more is not.
        let mut applied_count: BTreeMap<FixKey, usize> = BTreeMap::new();
        let mut current: Option<Scan> = None;
        let mut passes = 0;
        loop {
            let scan = current
                .take()
                .unwrap_or_else(|| rescan(root, options, &overlay));
            let candidates: Vec<(Finding, Fix)> = open(&scan)
                .filter(|f| targets.contains_key(&key(f)) && !refused_keys.contains(&key(f)))
                .filter_map(|f| {
                    let fix = f
                        .fix
                        .as_ref()
                        .filter(|x| x.applies(options.applicability))?;
                    Some((f.clone(), with_line_endings(fix, originals)))
                })
                .collect();
            if let Some((stuck, _)) = candidates.iter().find(|(f, _)| {
                applied_count
                    .get(&key(f))
                    .is_some_and(|&n| n >= targets.get(&key(f)).copied().unwrap_or(1))
            }) {
                return Err(Box::new(stuck.clone()));
            }
            if candidates.is_empty() || passes >= MAX_PASSES {
                return Ok((overlay, scan, passes));
            }
            passes += 1;
            let text = |p: &str| {
                overlay
                    .get(p)
                    .map(String::as_str)
                    .or_else(|| originals.get(p).map(|(t, _)| t.as_str()))
            };
            let fixes: Vec<&Fix> = candidates.iter().map(|(_, x)| x).collect();
            let applied = apply_fixes(&fixes, options.applicability, text);
            if applied.applied.is_empty() {
                return Ok((overlay, scan, passes));
            }
            let mut tentative = overlay.clone();
            tentative.extend(applied.texts);
            let gated = rescan(root, options, &tentative);
            if gate(&gated, baseline, baseline_errors, protected).is_none() {
                for &i in &applied.applied {
                    *applied_count.entry(key(&candidates[i].0)).or_default() += 1;
                }
                overlay = tentative;
                current = Some(gated);
                continue;
            }
            // Find the culprits: apply each fix of the pass alone on the accepted tree.
            let mut accepted = overlay.clone();
            for &i in &applied.applied {
                let (finding, fix) = &candidates[i];
                let text = |p: &str| {
                    accepted
                        .get(p)
                        .map(String::as_str)
                        .or_else(|| originals.get(p).map(|(t, _)| t.as_str()))
                };
                let single = apply_fixes(&[fix], options.applicability, text);
                if single.applied.is_empty() {
                    continue;
                }
                let mut trial = accepted.clone();
                trial.extend(single.texts);
                match gate(
                    &rescan(root, options, &trial),
                    baseline,
                    baseline_errors,
                    protected,
                ) {
                    None => {
                        *applied_count.entry(key(finding)).or_default() += 1;
                        accepted = trial;
                    }
                    Some(reason) => {
                        tracing::info!(rule = %finding.rule_id, address = %finding.address, "fix refused: {reason}");
                        refused_keys.insert(key(finding));
                        refused.push(Refused {
                            finding: finding.clone(),
                            reason,
                        });
                    }
                }
            }
            overlay = accepted;
        }
    }
}

fn open(scan: &Scan) -> impl Iterator<Item = &Finding> {
    scan.findings.iter().filter(|f| f.suppressed.is_none())
}

fn rescan(root: &Path, options: &FixOptions, overlay: &BTreeMap<String, String>) -> Scan {
    let load = LoadOptions {
        overlay: Some(Arc::new(overlay.clone())),
        ..options.load.clone()
    };
    scan(root, &load, options)
}

/// Scans `root` loaded with `load`, reading `options.states`; a state file that cannot be
/// read is one of the scan's errors.
fn scan(root: &Path, load: &LoadOptions, options: &FixOptions) -> Scan {
    let (mut scan, state_errors) = scan_path_with_states(
        root,
        load,
        &options.selection,
        &options.repo,
        &options.states,
    );
    scan.errors.extend(
        state_errors
            .iter()
            .map(|e| e.to_input_error(e.path.display().to_string())),
    );
    scan
}

/// `None` when the patched tree passes the gate; otherwise why not.
fn gate(
    scan: &Scan,
    baseline: &BTreeSet<FixKey>,
    baseline_errors: &BTreeSet<String>,
    protected: &BTreeMap<FixKey, String>,
) -> Option<String> {
    if let Some(e) = scan
        .errors
        .iter()
        .find(|e| e.kind == InputErrorKind::Syntax && !baseline_errors.contains(&e.to_string()))
    {
        return Some(format!("the fix breaks parsing: {e}"));
    }
    if let Some(f) = open(scan).find(|f| !baseline.contains(&key(f))) {
        return Some(format!(
            "the fix adds a finding: {} on {} at {}",
            f.rule_id, f.address, f.location
        ));
    }
    if !protected.is_empty() {
        let present: BTreeSet<FixKey> = scan.findings.iter().map(key).collect();
        if let Some((_, what)) = protected.iter().find(|(k, _)| !present.contains(*k)) {
            return Some(format!(
                "the fix also changes {what}: set the value through the arguments of this finding's own module call instead, or end that exception first"
            ));
        }
    }
    None
}

/// The findings of `before` that `keep` names (a campaign's excepted and won't-fix
/// violations), each with how a refusal names it: a fix in a module that several calls share
/// would otherwise undo a human's decision about another call. (A suppressed finding is
/// protected by the scan itself: a fix that shares its edit goes through the failing caller's
/// argument, or needs review with a note naming the other callers.)
fn protected(before: &Scan, keep: &BTreeSet<String>) -> BTreeMap<FixKey, String> {
    if keep.is_empty() {
        return BTreeMap::new();
    }
    before
        .findings
        .iter()
        .filter(|f| keep.contains(f.fingerprint.as_str()))
        .map(|f| {
            (
                key(f),
                format!(
                    "{} ({}), whose finding has an exception",
                    f.address, f.rule_id
                ),
            )
        })
        .collect()
}

/// The fix with `\n` in its inserted text turned into `\r\n` for files that use CRLF, so a
/// fixed CRLF file stays CRLF.
fn with_line_endings(fix: &Fix, originals: &BTreeMap<String, (String, bool)>) -> Fix {
    let convert = |e: &Edit| {
        let crlf = originals.get(&e.path).is_some_and(|(_, c)| *c);
        if crlf && e.content.contains('\n') && !e.content.contains('\r') {
            Edit {
                content: e.content.replace('\n', "\r\n"),
                ..e.clone()
            }
        } else {
            e.clone()
        }
    };
    let mut edits = fix.edits().iter().map(convert);
    let first = edits.next().expect("a fix has at least one edit");
    fix.with_edits(first, edits)
}

/// Writes `text` to `path` through a temporary file in the same folder and a rename, so a
/// crash never leaves a half-written file.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.driftless-tmp"));
    std::fs::write(&tmp, text)?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(&tmp, meta.permissions());
    }
    std::fs::rename(&tmp, path)
}
