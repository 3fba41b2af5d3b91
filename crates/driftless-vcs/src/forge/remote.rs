//! Reading a git remote URL as "a repository on a web host".

use std::fmt;

/// A git remote URL read as a repository on a web host: `https://host/owner/repo.git`,
/// `ssh://git@host:22/owner/repo.git`, `git@host:owner/repo.git` and the like.
///
/// Local paths and `file://` URLs are not on a web host and do not parse.
#[derive(Clone, PartialEq, Eq)]
pub struct RemoteUrl {
    scheme: &'static str,
    host: String,
    path: String,
}

impl RemoteUrl {
    /// Parses `url`; `None` when it is not a remote on a host with an `owner/name` path
    /// (GitLab: `group/subgroup/name`).
    ///
    /// The web scheme is `http` for an `http://` remote and `https` otherwise; the port is
    /// kept for `http(s)` remotes and dropped for SSH ones (an SSH port says nothing about the
    /// web server's). User names and passwords are dropped.
    #[must_use]
    pub fn parse(url: &str) -> Option<RemoteUrl> {
        let url = url.trim();
        let (scheme, rest) = if let Some((scheme, rest)) = url.split_once("://") {
            let scheme = match scheme.to_ascii_lowercase().as_str() {
                "http" => "http",
                "https" => "https",
                "ssh" | "git" | "git+ssh" | "ssh+git" => "ssh",
                _ => return None,
            };
            (scheme, rest)
        } else {
            // scp-like syntax `[user@]host:path`: git reads it so only when no slash comes
            // before the first colon.
            let colon = url.find(':')?;
            // A one-letter "host" is a Windows drive (`C:/repos/infra`).
            if url[..colon].contains('/') || colon <= 1 {
                return None;
            }
            let (authority, path) = (&url[..colon], &url[colon + 1..]);
            return RemoteUrl::from_parts("scp", authority, path);
        };
        let (authority, path) = rest.split_once('/')?;
        RemoteUrl::from_parts(scheme, authority, path)
    }

    fn from_parts(scheme: &'static str, authority: &str, path: &str) -> Option<RemoteUrl> {
        let host_port = authority
            .rsplit_once('@')
            .map_or(authority, |(_, host)| host);
        let host = match scheme {
            "http" | "https" => host_port,
            // `[::1]:22` keeps its brackets, `host:22` loses the port.
            _ if host_port.ends_with(']') => host_port,
            _ => host_port
                .rsplit_once(':')
                .map_or(host_port, |(host, _)| host),
        };
        if host.is_empty() {
            return None;
        }
        let path = path.trim_matches('/');
        let path = path
            .strip_suffix(".git")
            .unwrap_or(path)
            .trim_end_matches('/');
        if !path.contains('/') || path.split('/').any(str::is_empty) {
            return None;
        }
        Some(RemoteUrl {
            scheme: if scheme == "http" { "http" } else { "https" },
            host: host.to_owned(),
            path: path.to_owned(),
        })
    }

    /// The host, with the port for `http(s)` remotes: `github.com`, `git.corp:8443`.
    #[must_use]
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The repository path without `.git`: `owner/name`, GitLab `group/subgroup/name`; what
    /// [`connect`](super::connect) takes as the repository.
    #[must_use]
    pub fn repository(&self) -> &str {
        &self.path
    }

    /// The repository's web page: `https://github.com/owner/name`.
    #[must_use]
    pub fn web_url(&self) -> String {
        format!("{}://{}/{}", self.scheme, self.host, self.path)
    }
}

impl fmt::Debug for RemoteUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RemoteUrl({})", self.web_url())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn web(url: &str) -> Option<String> {
        RemoteUrl::parse(url).map(|remote| remote.web_url())
    }

    #[test]
    fn remote_forms() {
        let github = Some("https://github.com/octo/infra".to_owned());
        assert_eq!(web("https://github.com/octo/infra.git"), github);
        assert_eq!(web("https://github.com/octo/infra"), github);
        assert_eq!(web("https://github.com/octo/infra/"), github);
        assert_eq!(web("https://user:tok@github.com/octo/infra.git"), github);
        assert_eq!(web("git@github.com:octo/infra.git"), github);
        assert_eq!(web("github.com:octo/infra"), github);
        assert_eq!(web("ssh://git@github.com/octo/infra.git"), github);
        assert_eq!(web("ssh://git@github.com:2222/octo/infra.git"), github);
        assert_eq!(
            web("http://git.corp:3000/team/infra.git").as_deref(),
            Some("http://git.corp:3000/team/infra")
        );
        assert_eq!(
            web("git@gitlab.com:group/sub/proj.git").as_deref(),
            Some("https://gitlab.com/group/sub/proj")
        );
        assert_eq!(
            RemoteUrl::parse("git@gitlab.com:group/sub/proj.git")
                .unwrap()
                .repository(),
            "group/sub/proj"
        );
    }

    #[test]
    fn local_and_odd_urls_do_not_parse() {
        for url in [
            "/srv/git/infra.git",
            "./infra",
            "../infra.git",
            "file:///srv/git/infra.git",
            "C:/repos/infra",
            "https://github.com/just-owner",
            "https://github.com",
            "git@github.com:",
            "",
        ] {
            assert_eq!(web(url), None, "{url}");
        }
    }
}
