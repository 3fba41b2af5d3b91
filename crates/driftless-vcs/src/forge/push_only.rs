//! `push-only` repositories: driftless pushes the branch and a person opens the pull request.
//! What driftless can give them is the page that does it, worked out from the remote URL.
//!
//! - GitHub: `https://github.com/{owner}/{repo}/compare/{base}...{head}?expand=1` (the
//!   `expand=1` opens the pull request form)
//! - GitLab: `https://{host}/{group}/{project}/-/compare/{base}...{head}`
//! - Gitea/Forgejo: `https://{host}/{owner}/{repo}/compare/{base}...{head}` (the page offers
//!   "New pull request")

use super::{ForgeKind, RemoteUrl};

/// The compare page for `head` against `base` of the repository at `remote_url`, guessing the
/// forge from the host name: a host containing `github` is GitHub, one containing `gitlab` is
/// GitLab, any other gets the Gitea form (which is also GitHub's, without `?expand=1`).
/// `None` for a local path, a `file://` URL, or a URL whose path is not `owner/name`.
///
/// # Example
/// ```
/// use driftless_vcs::forge::push_only::compare_url;
///
/// assert_eq!(
///     compare_url("git@github.com:octo/infra.git", "main", "driftless/imdsv2").as_deref(),
///     Some("https://github.com/octo/infra/compare/main...driftless/imdsv2?expand=1"),
/// );
/// assert_eq!(compare_url("/srv/git/infra.git", "main", "driftless/imdsv2"), None);
/// ```
#[must_use]
pub fn compare_url(remote_url: &str, base: &str, head: &str) -> Option<String> {
    let remote = RemoteUrl::parse(remote_url)?;
    let host = remote.host().to_ascii_lowercase();
    let style = if host.contains("github") {
        ForgeKind::GitHub
    } else if host.contains("gitlab") {
        ForgeKind::GitLab
    } else {
        ForgeKind::Gitea
    };
    Some(compare_url_as(style, &remote, base, head))
}

/// The compare page in the URL scheme of forge `style` (a known forge on a host whose name
/// does not say so; `push-only` gets the Gitea form).
#[must_use]
pub fn compare_url_as(style: ForgeKind, remote: &RemoteUrl, base: &str, head: &str) -> String {
    let (base, head) = (escape(base), escape(head));
    let web = remote.web_url();
    match style {
        ForgeKind::GitHub => format!("{web}/compare/{base}...{head}?expand=1"),
        ForgeKind::GitLab => format!("{web}/-/compare/{base}...{head}"),
        ForgeKind::Gitea | ForgeKind::PushOnly => format!("{web}/compare/{base}...{head}"),
    }
}

/// Percent-encodes the characters a branch name may hold that mean something in a URL.
fn escape(branch: &str) -> String {
    let mut escaped = String::with_capacity(branch.len());
    for c in branch.chars() {
        match c {
            '%' => escaped.push_str("%25"),
            '#' => escaped.push_str("%23"),
            '&' => escaped.push_str("%26"),
            '+' => escaped.push_str("%2B"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_forge_style() {
        assert_eq!(
            compare_url(
                "https://gitlab.com/group/sub/proj.git",
                "main",
                "driftless/x"
            )
            .as_deref(),
            Some("https://gitlab.com/group/sub/proj/-/compare/main...driftless/x")
        );
        assert_eq!(
            compare_url("git@gitlab.corp.example:team/infra.git", "main", "b").as_deref(),
            Some("https://gitlab.corp.example/team/infra/-/compare/main...b")
        );
        assert_eq!(
            compare_url("https://codeberg.org/team/infra.git", "main", "fix#1").as_deref(),
            Some("https://codeberg.org/team/infra/compare/main...fix%231")
        );
        assert_eq!(
            compare_url("https://github.example.com/o/r", "dev", "b").as_deref(),
            Some("https://github.example.com/o/r/compare/dev...b?expand=1")
        );
        let remote = RemoteUrl::parse("https://git.corp/o/r").unwrap();
        assert_eq!(
            compare_url_as(ForgeKind::GitLab, &remote, "main", "b"),
            "https://git.corp/o/r/-/compare/main...b"
        );
        assert_eq!(compare_url("file:///srv/git/r.git", "main", "b"), None);
    }
}
