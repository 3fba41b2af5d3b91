//! The web UI and API against the real server on 127.0.0.1:0 with a real store, seeded by a
//! real `workflow::sync` of a git remote (issue 6, "Done when"). Every test runs on SQLite
//! and on PostgreSQL.

mod common;

use common::{APP, Response, Server, VIOLATIONS, attrs, esc};
use driftless_campaign::ExceptionQuery;
use driftless_campaign::testing::with_test_database;
use driftless_server::router::{CONTENT_SECURITY_POLICY, ROUTES};
use serde_json::json;
use std::collections::BTreeSet;

macro_rules! server_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let dir = tempfile::tempdir().unwrap();
                    let url = format!("sqlite://{}", dir.path().join("driftless.db").display());
                    let server = super::Server::start(&url).await;
                    super::$name(&server).await;
                    server.stop().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::with_test_database(|url| async move {
                        let server = super::Server::start(&url).await;
                        super::$name(&server).await;
                        server.stop().await;
                    })
                    .await;
                }
            )*
        }
    };
}

server_tests!(
    login_and_logout,
    every_route_checks_the_role,
    developer_cannot_approve_an_exception_security_can,
    forms_need_their_csrf_token,
    code_view_serves_only_files_of_the_scanned_commit,
    repository_and_user_html_is_shown_as_text,
    security_headers_on_every_response,
    bearer_tokens_work_until_revoked,
    campaign_page_paginates_every_violation_once,
    violation_page_shows_code_rule_diff_and_history,
    developer_proposes_one_fix,
    the_violation_page_shows_what_terraform_planned,
    my_violations_match_git_identities,
    campaign_counts_follow_writes_made_outside_the_server,
);

fn assert_redirect(r: &Response, to: &str) {
    assert_eq!(r.status, 303, "{r:?}");
    let location = r.header("location").unwrap_or("");
    assert!(
        location.starts_with(to),
        "redirect to {location}, expected {to}"
    );
}

async fn login_and_logout(s: &Server) {
    let anon = s.anonymous();
    assert_redirect(&anon.get("/").await, "/login?next=%2F");
    assert_eq!(anon.get("/api/v1/me").await.status, 401);
    let login = anon.get("/login?next=%2Fexceptions").await;
    assert_eq!(login.status, 200);
    assert!(login.body.contains("name=\"next\" value=\"/exceptions\""));
    // An off-site `next` is not followed.
    let login = anon.get("/login?next=https%3A%2F%2Fevil.example").await;
    assert!(
        login.body.contains("name=\"next\" value=\"/\""),
        "{}",
        login.body
    );

    let wrong = anon
        .post_form("/login", &[("username", "dev"), ("password", "nope")])
        .await;
    assert_eq!(wrong.status, 401);
    assert!(wrong.header("set-cookie").is_none());
    assert!(wrong.body.contains("Wrong user name or password"));
    let unknown = anon
        .post_form("/login", &[("username", "nobody"), ("password", "nope")])
        .await;
    assert_eq!(unknown.status, 401);
    // The right password, with these request headers.
    let login_with = |headers: &'static [(&'static str, &'static str)]| {
        anon.send(
            "POST",
            "/login",
            headers,
            Some((
                "application/x-www-form-urlencoded",
                format!(
                    "username=dev&password={}",
                    common::PASSWORD.replace(' ', "+")
                )
                .into_bytes(),
            )),
        )
    };
    // A cross-site login form is refused.
    let cross = login_with(&[("Origin", "https://evil.example")]).await;
    assert_eq!(cross.status, 403);
    // What browsers send (found by the browser test): under `Referrer-Policy: no-referrer`
    // the login form's own POST carries `Origin: null`, and `Sec-Fetch-Site` tells where it
    // comes from.
    let browser = login_with(&[("Origin", "null"), ("Sec-Fetch-Site", "same-origin")]).await;
    assert_redirect(&browser, "/");
    let from_elsewhere = login_with(&[("Origin", "null"), ("Sec-Fetch-Site", "cross-site")]).await;
    assert_eq!(from_elsewhere.status, 403);
    let same_site = login_with(&[("Sec-Fetch-Site", "same-site")]).await;
    assert_eq!(
        same_site.status, 403,
        "another port or subdomain is another origin"
    );
    let null_alone = login_with(&[("Origin", "null")]).await;
    assert_eq!(
        null_alone.status, 403,
        "`null` without Sec-Fetch-Site is refused"
    );

    let ok = anon
        .post_form(
            "/login",
            &[
                ("username", "dev"),
                ("password", common::PASSWORD),
                ("next", "/exceptions"),
            ],
        )
        .await;
    assert_redirect(&ok, "/exceptions");
    let cookie = ok.header("set-cookie").unwrap();
    for part in [
        "driftless_session=",
        "HttpOnly",
        "SameSite=Strict",
        "Path=/",
    ] {
        assert!(cookie.contains(part), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "not configured behind TLS");
    let stored: Vec<_> = s.store.api_tokens(None).await.unwrap();
    assert!(stored.is_empty());

    let dev = s.login("dev").await;
    let home = dev.get("/").await;
    assert_eq!(home.status, 200);
    assert!(home.body.contains("id=\"campaign-baseline\""));
    assert!(
        home.body
            .contains("id=\"current-user\" data-role=\"developer\"")
    );
    // Logging out needs the CSRF token too.
    let mut no_csrf = dev.clone();
    no_csrf.csrf = None;
    assert_eq!(no_csrf.post_form("/logout", &[]).await.status, 403);
    let out = dev.post_form("/logout", &[]).await;
    assert_redirect(&out, "/login");
    assert!(out.header("set-cookie").unwrap().contains("Max-Age=0"));
    assert_redirect(&dev.get("/").await, "/login");
    assert_eq!(dev.get("/api/v1/me").await.status, 401);

    // Password guessing is slowed down per user name.
    for _ in 0..12 {
        anon.post_form("/login", &[("username", "view"), ("password", "guess")])
            .await;
    }
    let limited = anon
        .post_form(
            "/login",
            &[("username", "view"), ("password", common::PASSWORD)],
        )
        .await;
    assert_eq!(limited.status, 429);
}

/// Who the role table runs as.
#[derive(Debug, Clone, Copy)]
enum Who {
    Anonymous,
    Viewer,
    Developer,
    Security,
}

/// The expected status of `method path` for each of anonymous, viewer, developer, security.
fn expected(method: &str, path: &str) -> [u16; 4] {
    const PAGE_READ: [u16; 4] = [303, 200, 200, 200];
    const API_READ: [u16; 4] = [401, 200, 200, 200];
    const PUBLIC: [u16; 4] = [200, 200, 200, 200];
    match (method, path) {
        ("GET", "/login" | "/static/{file}" | "/healthz" | "/api/v1/openapi.json") => PUBLIC,
        // Wrong credentials: the form answers 401 whoever asks.
        ("POST", "/login") => [401, 401, 401, 401],
        ("POST", "/logout") => [303, 303, 303, 303],
        ("GET", p) if p.starts_with("/api/") => API_READ,
        ("GET", _) => PAGE_READ,
        // Acting on violations: the tests send a bad applicability (400), an empty reason
        // (422) and an empty owner (422), so nothing changes but the guard is passed.
        ("POST", "/violations/{id}/propose") => [303, 403, 400, 400],
        ("POST", "/violations/{id}/exceptions" | "/violations/{id}/assign") => [303, 403, 422, 422],
        ("POST", "/api/v1/violations/{id}/propose") => [401, 403, 400, 400],
        ("POST", "/api/v1/violations/{id}/exceptions" | "/api/v1/violations/{id}/assign") => {
            [401, 403, 422, 422]
        }
        // Deciding: exception 999999 does not exist (404) once the role is right.
        ("POST", "/exceptions/{id}/approve" | "/exceptions/{id}/deny") => [303, 403, 403, 404],
        ("POST", "/api/v1/exceptions/{id}/approve" | "/api/v1/exceptions/{id}/deny") => {
            [401, 403, 403, 404]
        }
        other => panic!("no expectation for {other:?}: add the route to the role table"),
    }
}

async fn every_route_checks_the_role(s: &Server) {
    let v = s
        .violation("aws-sqs-encryption-required", "app/main.tf")
        .await;
    let clients = [
        (Who::Anonymous, s.anonymous()),
        (Who::Viewer, s.login("view").await),
        (Who::Developer, s.login("dev").await),
        (Who::Security, s.login("sec").await),
    ];
    let mut logout = Vec::new();
    for route in ROUTES {
        let path = route
            .path
            .replace("{name}", "baseline")
            .replace("{file}", "app.css")
            .replace("{*path}", "app/main.tf")
            .replace(
                "{id}",
                &if route.path.contains("exceptions/{id}") {
                    "999999".to_owned()
                } else {
                    v.id.to_string()
                },
            );
        let want = expected(route.method, route.path);
        for (i, (who, client)) in clients.iter().enumerate() {
            if route.path == "/logout" {
                logout.push((i, *who));
                continue;
            }
            let r = match (route.method, route.path) {
                ("GET", _) => client.get(&path).await,
                ("POST", "/login") => {
                    client
                        .post_form("/login", &[("username", "dev"), ("password", "wrong")])
                        .await
                }
                ("POST", p) if p.starts_with("/api/") => {
                    client
                        .post_json(
                            &path,
                            &json!({ "applicability": "bogus", "reason": " ", "owner": "" }),
                        )
                        .await
                }
                ("POST", _) => {
                    client
                        .post_form(
                            &path,
                            &[("applicability", "bogus"), ("reason", " "), ("owner", " ")],
                        )
                        .await
                }
                other => panic!("{other:?}"),
            };
            assert_eq!(
                r.status, want[i],
                "{} {} as {who:?}: {}",
                route.method, route.path, r.body
            );
            if r.status == 303 {
                assert!(r.header("location").unwrap().starts_with("/login"));
            }
        }
    }
    for (i, who) in logout {
        let r = clients[i].1.post_form("/logout", &[]).await;
        assert_eq!(r.status, 303, "logout as {who:?}");
        assert!(r.header("location").unwrap().starts_with("/login"));
    }
    // Nothing changed.
    let after = s.store.violation(v.id).await.unwrap();
    assert_eq!((after.status, after.owner), (v.status, v.owner));
    assert!(
        s.store
            .exceptions(&ExceptionQuery::default())
            .await
            .unwrap()
            .is_empty()
    );
}

async fn developer_cannot_approve_an_exception_security_can(s: &Server) {
    let v = s
        .violation("aws-sqs-encryption-required", "app/main.tf")
        .await;
    let dev = s.login("dev").await;
    let r = dev
        .post_form(
            &format!("/violations/{}/exceptions", v.id),
            &[("reason", "queue holds public data only"), ("expires", "")],
        )
        .await;
    assert_redirect(&r, &format!("/violations/{}?done=requested", v.id));
    let e = &s
        .store
        .exceptions(&ExceptionQuery::default())
        .await
        .unwrap()[0];
    assert_eq!(
        (e.requester.as_str(), e.state.as_str()),
        ("dev", "requested")
    );

    let approve = format!("/exceptions/{}/approve", e.id);
    assert_eq!(dev.post_form(&approve, &[]).await.status, 403);
    let (dev_token, _) = s.bearer("dev").await;
    assert_eq!(
        dev_token
            .post_json(&format!("/api/v1/exceptions/{}/approve", e.id), &json!({}))
            .await
            .status,
        403
    );
    assert_eq!(
        s.store.exception(e.id).await.unwrap().state.as_str(),
        "requested"
    );

    let sec = s.login("sec").await;
    let queue = sec.get("/exceptions").await;
    assert!(queue.body.contains(&format!("id=\"exception-{}\"", e.id)));
    assert!(queue.body.contains("name=\"approve\""));
    let before = sec.get("/").await.body;
    let r = sec
        .post_form(
            &approve,
            &[
                ("note", "ok"),
                ("return_to", &format!("/violations/{}", v.id)),
            ],
        )
        .await;
    assert_redirect(&r, &format!("/violations/{}?done=approved", v.id));
    assert_eq!(
        s.store.exception(e.id).await.unwrap().state.as_str(),
        "approved"
    );
    assert_eq!(
        s.store.violation(v.id).await.unwrap().status.as_str(),
        "excepted"
    );
    // Deciding twice is a conflict.
    assert_eq!(sec.post_form(&approve, &[]).await.status, 409);
    // The dashboard's counts moved.
    let after = sec.get("/").await.body;
    assert!(before.contains("data-count=\"excepted\">0<"), "{before}");
    assert!(after.contains("data-count=\"excepted\">1<"), "{after}");
    let api = sec.get("/api/v1/campaigns").await.json();
    assert_eq!(api[0]["totals"]["by_status"]["excepted"], 1);
}

async fn forms_need_their_csrf_token(s: &Server) {
    let v = s
        .violation("aws-kms-key-rotation-required", "network/main.tf")
        .await;
    let dev = s.login("dev").await;
    let path = format!("/violations/{}/assign", v.id);
    let missing = dev.post_form_raw(&path, &[("owner", "@someone")]).await;
    assert_eq!(missing.status, 403, "{}", missing.body);
    assert!(missing.body.contains("CSRF"));
    let wrong = dev
        .post_form_raw(
            &path,
            &[("owner", "@someone"), ("csrf_token", &"0".repeat(64))],
        )
        .await;
    assert_eq!(wrong.status, 403);
    assert_eq!(
        s.store.violation(v.id).await.unwrap().owner.as_deref(),
        Some("@net-team")
    );
    let ok = dev.post_form(&path, &[("owner", "@someone")]).await;
    assert_redirect(&ok, &format!("/violations/{}?done=assigned", v.id));
    assert_eq!(
        s.store.violation(v.id).await.unwrap().owner.as_deref(),
        Some("@someone")
    );

    // The API with the cookie needs the header; with a bearer token it does not.
    let api = format!("/api/v1/violations/{}/assign", v.id);
    let mut no_header = dev.clone();
    no_header.csrf = None;
    assert_eq!(
        no_header
            .post_json(&api, &json!({ "owner": "@a" }))
            .await
            .status,
        403
    );
    let r = dev.post_json(&api, &json!({ "owner": "@b" })).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["owner"], "@b");
    let (token, _) = s.bearer("dev").await;
    let r = token.post_json(&api, &json!({ "owner": "@c" })).await;
    assert_eq!(r.status, 200, "{}", r.body);
    // Another session's token does not fit.
    let other = s.login("dev").await;
    let mut crossed = dev.clone();
    crossed.csrf = other.csrf.clone();
    assert_eq!(
        crossed.post_form(&path, &[("owner", "@d")]).await.status,
        403
    );
}

async fn code_view_serves_only_files_of_the_scanned_commit(s: &Server) {
    let v = s
        .violation("aws-sqs-encryption-required", "app/main.tf")
        .await;
    let view = s.login("view").await;
    let base = format!("/violations/{}/files", v.id);
    let ok = view.get(&format!("{base}/app/main.tf")).await;
    assert_eq!(ok.status, 200);
    assert!(ok.body.contains("tok-keyword"));
    let api = view
        .get(&format!(
            "/api/v1/violations/{}/files/network/main.tf",
            v.id
        ))
        .await;
    assert_eq!(api.status, 200);
    assert_eq!(api.json()["kind"], "text");
    for attempt in [
        "../../../../etc/passwd",
        "app/../../etc/passwd",
        "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "..%2F..%2F..%2Fetc%2Fpasswd",
        "/etc/passwd",
        "%2Fetc%2Fpasswd",
        "links/passwd",
        "links",
        "app",
        "app/",
        "./app/main.tf",
        "app/main.tf%00",
        "nope.tf",
        "*.tf",
    ] {
        for prefix in [base.clone(), format!("/api/v1/violations/{}/files", v.id)] {
            let r = view.get(&format!("{prefix}/{attempt}")).await;
            assert_eq!(r.status, 404, "{prefix}/{attempt}: {}", r.body);
            assert!(!r.body.contains("root:"), "{attempt} leaked /etc/passwd");
        }
    }
    // A file that is not UTF-8, or too large, is named, not shown.
    let latin1 = view.get(&format!("{base}/blobs/latin1.txt")).await;
    assert_eq!(latin1.status, 200);
    assert!(
        latin1.body.contains("not UTF-8 text (9 bytes)"),
        "{}",
        latin1.body
    );
    let big = view.get(&format!("{base}/blobs/big.txt")).await;
    assert_eq!(big.status, 200);
    assert!(big.body.contains("too large to show (2097152 bytes)"));
    let api = view
        .get(&format!("/api/v1/violations/{}/files/blobs/big.txt", v.id))
        .await
        .json();
    assert_eq!(
        (api["kind"].as_str(), api["size"].as_u64()),
        (Some("too_large"), Some(2_097_152))
    );
    // Paths that leave the route altogether are 404 too.
    for attempt in [
        format!("/violations/{}/../../etc/passwd", v.id),
        "/static/../Cargo.toml".to_owned(),
        "/static/%2e%2e%2fCargo.toml".to_owned(),
        "/violations/999999/files/app/main.tf".to_owned(),
    ] {
        let r = view.get(&attempt).await;
        assert_eq!(r.status, 404, "{attempt}: {}", r.body);
    }
}

async fn repository_and_user_html_is_shown_as_text(s: &Server) {
    assert!(APP.contains("<script>"));
    let v = s
        .violation("aws-sqs-encryption-required", "app/main.tf")
        .await;
    let dev = s.login("dev").await;
    let page = dev.get(&format!("/violations/{}", v.id)).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains(&esc("<script>alert(\"owned\")</script>")),
        "{}",
        page.body
    );
    assert!(page.body.contains(&esc("<b>bold</b>")));
    assert!(!page.body.contains("<script>alert"));
    assert!(!page.body.contains("<b>bold"));

    let reason = "<img src=x onerror=alert(1)> & \"quotes\"";
    let r = dev
        .post_form(
            &format!("/violations/{}/exceptions", v.id),
            &[("reason", reason)],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    dev.post_form(
        &format!("/violations/{}/assign", v.id),
        &[("owner", "<i>team</i>")],
    )
    .await;
    let sec = s.login("sec").await;
    for path in [format!("/violations/{}", v.id), "/exceptions".to_owned()] {
        let page = sec.get(&path).await;
        assert!(!page.body.contains("<img src=x"), "{path}");
        assert!(page.body.contains(&esc(reason)), "{path}: {}", page.body);
    }
    let page = sec.get(&format!("/violations/{}", v.id)).await;
    assert!(page.body.contains(&esc("<i>team</i>")));
    assert!(!page.body.contains("<i>team"));
    let table = sec
        .get("/campaigns/baseline?owner=%3Ci%3Eteam%3C%2Fi%3E")
        .await;
    assert!(table.body.contains(&esc("<i>team</i>")) && !table.body.contains("<i>team"));
}

async fn security_headers_on_every_response(s: &Server) {
    let anon = s.anonymous();
    let dev = s.login("dev").await;
    let v = s.violations().await[0].id;
    for r in [
        anon.get("/login").await,
        anon.get("/").await,
        anon.get("/nope").await,
        anon.get("/api/v1/me").await,
        anon.get("/api/v1/nope").await,
        anon.get("/static/app.css").await,
        anon.get("/static/app.js").await,
        anon.get("/healthz").await,
        dev.get("/").await,
        dev.get(&format!("/violations/{v}")).await,
        dev.get("/api/v1/campaigns").await,
        dev.post_form_raw("/logout", &[]).await,
    ] {
        assert_eq!(
            r.header("content-security-policy"),
            Some(CONTENT_SECURITY_POLICY),
            "{r:?}"
        );
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(r.header("referrer-policy"), Some("no-referrer"));
        assert_eq!(r.header("x-frame-options"), Some("DENY"));
    }
    assert!(!CONTENT_SECURITY_POLICY.contains("unsafe"));
    let css = anon.get("/static/app.css").await;
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    let page = dev.get("/").await;
    assert_eq!(page.header("cache-control"), Some("no-store"));
    // No inline script or style anywhere in the pages.
    for path in [
        "/".to_owned(),
        format!("/violations/{v}"),
        "/campaigns/baseline".to_owned(),
        "/exceptions".to_owned(),
    ] {
        let body = dev.get(&path).await.body;
        assert!(!body.contains("style="), "{path} has an inline style");
        assert!(!body.contains("<style"), "{path} has a style element");
        for script in body.split("<script").skip(1) {
            assert!(
                script.trim_start().starts_with("src=\"/static/"),
                "{path}: inline script"
            );
        }
        assert!(
            !body.contains(" onclick") && !body.contains(" onload"),
            "{path}"
        );
    }
}

async fn bearer_tokens_work_until_revoked(s: &Server) {
    let (ci, id) = s.bearer("dev").await;
    let me = ci.get("/api/v1/me").await;
    assert_eq!(me.status, 200, "{}", me.body);
    let me = me.json();
    assert_eq!(
        (me["user"]["name"].as_str(), me["authenticated_by"].as_str()),
        (Some("dev"), Some("token"))
    );
    assert!(me.get("csrf_token").is_none());
    let v = s.violation("aws-ec2-imdsv2-required", "app/main.tf").await;
    let r = ci
        .post_json(
            &format!("/api/v1/violations/{}/exceptions", v.id),
            &json!({ "reason": "legacy agent", "expires": "2099-01-01" }),
        )
        .await;
    assert_eq!(r.status, 422, "beyond the maximum: {}", r.body);
    let r = ci
        .post_json(
            &format!("/api/v1/violations/{}/exceptions", v.id),
            &json!({ "reason": "legacy agent" }),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.json()["requester"], "dev");
    let list = ci.get("/api/v1/exceptions?state=requested").await.json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    // The last use is recorded.
    assert!(
        s.store.api_tokens(Some("dev")).await.unwrap()[0]
            .last_used_at
            .is_some()
    );

    s.store
        .revoke_api_token(id, "root", time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    let r = ci.get("/api/v1/me").await;
    assert_eq!(r.status, 401);
    assert!(r.header("www-authenticate").unwrap().starts_with("Bearer"));
    for bad in ["dl_nope", "", "Basic abc"] {
        let mut c = s.anonymous();
        c.bearer = Some(bad.to_owned());
        assert_eq!(c.get("/api/v1/me").await.status, 401, "{bad}");
    }
    // A bad bearer token is not rescued by a good cookie.
    let mut both = s.login("dev").await;
    both.bearer = Some("dl_nope".to_owned());
    assert_eq!(both.get("/api/v1/me").await.status, 401);
}

/// The campaign counts are cached on the store's revision (100k violations take about a
/// second to count): a write by another process, such as the CLI, shows on the next view.
async fn campaign_counts_follow_writes_made_outside_the_server(s: &Server) {
    let view = s.login("view").await;
    let before = view.get("/campaigns/baseline").await.body;
    assert!(before.contains("data-count=\"wont_fix\">0<"), "{before}");
    // A second view comes from the cache and says the same.
    let again = view.get("/campaigns/baseline").await.body;
    assert!(again.contains("data-count=\"wont_fix\">0<"), "{again}");
    let id = s.violations().await[0].id;
    s.store
        .set_status(
            &[id],
            driftless_campaign::ViolationStatus::WontFix,
            "decommissioned",
            "sec",
        )
        .await
        .unwrap();
    let after = view.get("/campaigns/baseline").await.body;
    assert!(after.contains("data-count=\"wont_fix\">1<"), "{after}");
    let api = view.get("/api/v1/campaigns/baseline").await.json();
    assert_eq!(api["totals"]["by_status"]["wont_fix"], 1, "{api}");
}

async fn campaign_page_paginates_every_violation_once(s: &Server) {
    let view = s.login("view").await;
    let all: BTreeSet<i64> = s.violations().await.iter().map(|v| v.id).collect();
    assert_eq!(all.len(), VIOLATIONS);
    for start in [
        "/campaigns/baseline?limit=5".to_owned(),
        "/campaigns/baseline?limit=4&sort=severity&desc=1".to_owned(),
        "/campaigns/baseline?limit=6&sort=path".to_owned(),
        "/campaigns/baseline?limit=7&sort=owner&desc=1".to_owned(),
    ] {
        let mut seen = Vec::new();
        let mut next = Some(start.clone());
        let mut pages = 0;
        while let Some(path) = next {
            let page = view.get(&path).await;
            assert_eq!(page.status, 200, "{path}: {}", page.body);
            assert!(page.body.contains("<table id=\"violations\""));
            seen.extend(
                attrs(&page.body, "class=\"violation ", "data-id")
                    .iter()
                    .map(|id| id.parse::<i64>().unwrap()),
            );
            next = attrs(&page.body, "class=\"next\"", "href")
                .into_iter()
                .next();
            pages += 1;
            assert!(pages < 50, "{start}: the pages never end");
        }
        let unique: BTreeSet<i64> = seen.iter().copied().collect();
        assert_eq!(seen.len(), unique.len(), "{start}: a violation came twice");
        assert_eq!(unique, all, "{start}");
    }
    // Filters narrow it; the API walks the same way with its cursor.
    let sqs = view
        .get("/campaigns/baseline?rule=aws-sqs-encryption-required")
        .await;
    assert_eq!(attrs(&sqs.body, "class=\"violation ", "data-id").len(), 1);
    let mut seen = BTreeSet::new();
    let mut after: Option<String> = None;
    loop {
        let path = match &after {
            Some(a) => format!("/api/v1/violations?campaign=baseline&limit=10&sort=rule&after={a}"),
            None => "/api/v1/violations?campaign=baseline&limit=10&sort=rule".to_owned(),
        };
        let page = view.get(&path).await.json();
        for v in page["items"].as_array().unwrap() {
            assert!(seen.insert(v["id"].as_i64().unwrap()));
        }
        match page["next"].as_str() {
            Some(n) => after = Some(n.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen, all);
    assert_eq!(
        view.get("/api/v1/violations?status=bogus").await.status,
        400
    );
    assert_eq!(view.get("/campaigns/nope").await.status, 404);
    assert_eq!(
        view.get("/api/v1/violations?campaign=baseline&after=zz")
            .await
            .status,
        409
    );
}

async fn violation_page_shows_code_rule_diff_and_history(s: &Server) {
    let v = s
        .violation("aws-kms-key-rotation-required", "network/main.tf")
        .await;
    let view = s.login("view").await;
    let page = view.get(&format!("/violations/{}", v.id)).await;
    assert_eq!(page.status, 200);
    let body = &page.body;
    assert!(
        body.contains(&format!(
            "<tr class=\"line highlight\" id=\"L{}\"",
            v.start_line
        )),
        "{body}"
    );
    assert!(body.contains("id=\"explanation\""));
    assert!(body.contains("Why it matters"));
    let rule = driftless_rules::find_rule(v.rule_id.as_str())
        .unwrap()
        .meta();
    assert!(
        body.contains(&esc(rule.title)) || body.contains(rule.title),
        "title"
    );
    assert!(body.contains("<pre class=\"diff\""));
    assert!(body.contains("class=\"diff-line add\""));
    assert!(body.contains("class=\"diff-line del\""));
    // Each line is a block holding its own line end: no text between the blocks (a blank
    // line between every two lines, found by the browser test).
    assert!(!body.contains("</span>\n<span class=\"diff-line"), "{body}");
    assert!(body.contains("id=\"history\""));
    assert!(body.contains("violation.status") || body.contains("<tbody>"));
    // A viewer gets no action forms.
    for form in [
        "name=\"propose\"",
        "name=\"request-exception\"",
        "name=\"assign\"",
    ] {
        assert!(!body.contains(form), "{form}");
    }
    let dev = s.login("dev").await;
    let body = dev.get(&format!("/violations/{}", v.id)).await.body;
    for form in [
        "name=\"propose\"",
        "name=\"request-exception\"",
        "name=\"assign\"",
    ] {
        assert!(body.contains(form), "{form}");
    }
    let api = view
        .get(&format!("/api/v1/violations/{}", v.id))
        .await
        .json();
    assert_eq!(api["violation"]["id"], v.id);
    assert_eq!(api["rule"]["title"], rule.title);
    assert_eq!(api["repository"], "infra");
    let source = view
        .get(&format!("/api/v1/violations/{}/source", v.id))
        .await
        .json();
    assert_eq!(source["text"], common_network());
}

fn common_network() -> &'static str {
    "resource \"aws_kms_key\" \"net\" {\n  description         = \"network\"\n  enable_key_rotation = false\n}\n"
}

async fn developer_proposes_one_fix(s: &Server) {
    let v = s
        .violation("aws-kms-key-rotation-required", "network/main.tf")
        .await;
    let other = s
        .violation("aws-sqs-encryption-required", "app/main.tf")
        .await;
    let dev = s.login("dev").await;
    let r = dev
        .post_form(
            &format!("/violations/{}/propose", v.id),
            &[("applicability", "review")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("driftless/baseline"), "{}", r.body);
    assert!(r.body.contains("Pushed commit"), "{}", r.body);
    assert_eq!(
        s.store.violation(v.id).await.unwrap().status.as_str(),
        "fix_proposed"
    );
    assert_eq!(
        s.store.violation(other.id).await.unwrap().status.as_str(),
        "open",
        "only the chosen violation"
    );
    let viewer = s.login("view").await;
    assert_eq!(
        viewer
            .post_form(&format!("/violations/{}/propose", other.id), &[])
            .await
            .status,
        403
    );
}

/// A push recorded with verifications (as `campaign propose` records them): the violation
/// page shows the plan per instance, or why the fix was not verified.
async fn the_violation_page_shows_what_terraform_planned(s: &Server) {
    use driftless_campaign::{PullRequestState, RemediationRecord};
    use driftless_diagnostics::{PlanAction, PlannedChange, ReplaceOrder, Verification};
    let kms = s
        .violation("aws-kms-key-rotation-required", "network/main.tf")
        .await;
    let sqs = s
        .violation("aws-sqs-encryption-required", "app/main.tf")
        .await;
    let replaced = Verification::Planned {
        tool: "terraform 1.11.4".to_owned(),
        root_modules: vec!["network".to_owned(), "app".to_owned()],
        state_files: Vec::new(),
        changes: vec![PlannedChange {
            root_module: "network".to_owned(),
            address: "aws_kms_key.net".parse().unwrap(),
            action: PlanAction::Replace(ReplaceOrder::DeleteThenCreate),
            replace_paths: vec!["enable_key_rotation".to_owned()],
            changed_paths: vec!["enable_key_rotation".to_owned()],
        }],
    };
    let skipped = Verification::Skipped {
        reason: "Terraform was not found <on PATH>".to_owned(),
    };
    s.store
        .record_remediation(
            &RemediationRecord {
                campaign_id: kms.campaign_id,
                repository_id: kms.repository_id,
                group_key: String::new(),
                branch: "driftless/baseline".to_owned(),
                base_branch: "main".to_owned(),
                pushed_commit: "a".repeat(40),
                url: None,
                number: None,
                state: PullRequestState::None,
                violation_ids: vec![kms.id, sqs.id],
                verifications: [(kms.id, replaced), (sqs.id, skipped)].into(),
                now: time::OffsetDateTime::now_utc(),
            },
            "sec",
        )
        .await
        .unwrap();
    let view = s.login("view").await;
    let page = view.get(&format!("/violations/{}", kms.id)).await.body;
    assert!(
        page.contains(
            "<div class=\"verification destructive\" id=\"fix-verification\">\n      \
             <p><strong>Verified by terraform 1.11.4:</strong> replaces aws_kms_key.net: \
             `enable_key_rotation` forces replacement</p>"
        ),
        "{page}"
    );
    assert!(
        page.contains(
            "<li><code>aws_kms_key.net (root module network)</code>: replace (destroy, then \
             create): `enable_key_rotation` forces replacement</li>"
        ),
        "{page}"
    );
    let page = view.get(&format!("/violations/{}", sqs.id)).await.body;
    assert!(
        page.contains(&format!(
            "<div class=\"verification skipped\" id=\"fix-verification\">\n      \
             <p><strong>Not verified:</strong> {}</p>",
            esc("Terraform was not found <on PATH>")
        )),
        "{page}"
    );
    let api = view
        .get(&format!("/api/v1/violations/{}", sqs.id))
        .await
        .json();
    assert_eq!(
        api["violation"]["fix_verification"],
        json!({ "status": "skipped", "reason": "Terraform was not found <on PATH>" })
    );
}

async fn my_violations_match_git_identities(s: &Server) {
    let dev = s.login("dev").await;
    let page = dev.get("/me/violations?limit=500").await;
    assert_eq!(page.status, 200);
    let ids = attrs(&page.body, "class=\"violation ", "data-id");
    // Everything but the network folder is @platform's.
    assert_eq!(ids.len(), VIOLATIONS - 1, "{}", page.body);
    let kms = s
        .violation("aws-kms-key-rotation-required", "network/main.tf")
        .await;
    assert!(!ids.contains(&kms.id.to_string()));
    let api = dev.get("/api/v1/violations?mine=1&limit=500").await.json();
    assert_eq!(api["items"].as_array().unwrap().len(), VIOLATIONS - 1);
    let sec = s.login("sec").await;
    assert!(
        attrs(
            &sec.get("/me/violations").await.body,
            "class=\"violation ",
            "data-id"
        )
        .is_empty()
    );
}

#[tokio::test]
async fn openapi_covers_the_api_table() {
    let doc = driftless_server::openapi::document(ROUTES);
    for route in ROUTES.iter().filter(|r| r.api) {
        let path = driftless_server::openapi::openapi_path(route.path);
        assert!(
            doc["paths"][&path][route.method.to_lowercase()].is_object(),
            "{} {path}",
            route.method
        );
    }
    assert_eq!(doc["openapi"], "3.1.0");
}
