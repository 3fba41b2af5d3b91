-- The campaign store, SQLite flavour (the PostgreSQL twin is ../postgres/, same name).
-- Portable types (DEPENDENCIES.md section 4): INTEGER 0/1 for booleans, TEXT for JSON,
-- timestamps as fixed-width UTC text `YYYY-MM-DDTHH:MM:SS.ffffffZ` (sortable as text),
-- dates as `YYYY-MM-DD`. Severity is a rank: 0 info, 1 low, 2 medium, 3 high, 4 critical.
-- Never edit this file once released: add a new migration (web sessions and API tokens
-- come in a later one).

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    name           TEXT    NOT NULL,
    email          TEXT    NOT NULL,
    git_identities TEXT    NOT NULL DEFAULT '[]', -- JSON array of strings
    role           TEXT    NOT NULL CHECK (role IN ('admin', 'security', 'developer', 'viewer')),
    password_hash  TEXT,                          -- argon2 PHC string
    created_at     TEXT    NOT NULL,
    CONSTRAINT users_name_key UNIQUE (name)
);

CREATE TABLE repositories (
    id             INTEGER PRIMARY KEY,
    name           TEXT    NOT NULL,
    url            TEXT    NOT NULL,
    default_branch TEXT,
    forge          TEXT    NOT NULL,
    api_url        TEXT,
    slug           TEXT,
    created_at     TEXT    NOT NULL,
    CONSTRAINT repositories_name_key UNIQUE (name)
);

CREATE TABLE campaigns (
    id               INTEGER PRIMARY KEY,
    name             TEXT    NOT NULL,
    description      TEXT    NOT NULL,
    rules            TEXT    NOT NULL, -- JSON RuleSelector
    repositories     TEXT    NOT NULL, -- JSON array of name globs
    due_days         TEXT    NOT NULL, -- JSON object: severity -> days
    default_assignee TEXT,
    state            TEXT    NOT NULL CHECK (state IN ('draft', 'active', 'closed')),
    count_suppressed INTEGER NOT NULL DEFAULT 0 CHECK (count_suppressed IN (0, 1)),
    created_by       TEXT    NOT NULL,
    created_at       TEXT    NOT NULL,
    CONSTRAINT campaigns_name_key UNIQUE (name)
);

CREATE TABLE violations (
    id                INTEGER PRIMARY KEY,
    campaign_id       INTEGER NOT NULL REFERENCES campaigns (id),
    repository_id     INTEGER NOT NULL REFERENCES repositories (id),
    fingerprint       TEXT    NOT NULL,
    rule_id           TEXT    NOT NULL,
    severity          INTEGER NOT NULL CHECK (severity BETWEEN 0 AND 4),
    message           TEXT    NOT NULL,
    address           TEXT    NOT NULL,
    instances         TEXT    NOT NULL, -- JSON array
    root_module       TEXT    NOT NULL,
    path              TEXT    NOT NULL,
    start_line        INTEGER NOT NULL,
    end_line          INTEGER NOT NULL,
    call_chain        TEXT    NOT NULL, -- JSON array
    fix_diff          TEXT,
    fix_applicability TEXT,
    impact_note       TEXT,
    recommendation    TEXT,
    suppression       TEXT,
    status            TEXT    NOT NULL CHECK (status IN
                          ('open', 'fix_proposed', 'in_review', 'fixed', 'excepted', 'wont_fix')),
    owner             TEXT    NOT NULL DEFAULT '', -- '' is unowned (NOT NULL keeps keyset sorting simple)
    owner_source      TEXT    CHECK (owner_source IN ('codeowners', 'blame', 'default', 'manual')),
    due_date          TEXT,
    first_seen        TEXT    NOT NULL,
    last_seen         TEXT    NOT NULL,
    scanned_commit    TEXT    NOT NULL,
    fixed_commit      TEXT,
    fixed_at          TEXT,
    CONSTRAINT violations_campaign_fingerprint_key UNIQUE (campaign_id, fingerprint),
    CONSTRAINT violations_fixed_has_commit CHECK (status <> 'fixed' OR fixed_commit IS NOT NULL)
);
-- One index per sort column of the keyset listing, led by the campaign, ending in the id
-- tiebreak, so a page is an index range scan (`ViolationSort`).
CREATE INDEX violations_campaign_id ON violations (campaign_id, id);
CREATE INDEX violations_campaign_severity ON violations (campaign_id, severity, id);
CREATE INDEX violations_campaign_rule ON violations (campaign_id, rule_id, id);
CREATE INDEX violations_campaign_path ON violations (campaign_id, path, start_line, id);
CREATE INDEX violations_campaign_owner ON violations (campaign_id, owner, id);
CREATE INDEX violations_campaign_due ON violations (campaign_id, COALESCE(due_date, '9999-12-31'), id);
CREATE INDEX violations_campaign_status ON violations (campaign_id, status, id);
CREATE INDEX violations_campaign_repository ON violations (campaign_id, repository_id, id);

CREATE TABLE remediations (
    id            INTEGER PRIMARY KEY,
    campaign_id   INTEGER NOT NULL REFERENCES campaigns (id),
    repository_id INTEGER NOT NULL REFERENCES repositories (id),
    group_key     TEXT    NOT NULL DEFAULT '',
    branch        TEXT    NOT NULL,
    base_branch   TEXT    NOT NULL,
    pushed_commit TEXT,
    url           TEXT,
    number        INTEGER,
    state         TEXT    NOT NULL CHECK (state IN ('none', 'open', 'closed', 'merged')),
    merge_commit  TEXT,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    CONSTRAINT remediations_group_key UNIQUE (campaign_id, repository_id, group_key)
);

CREATE TABLE remediation_violations (
    remediation_id INTEGER NOT NULL REFERENCES remediations (id),
    violation_id   INTEGER NOT NULL REFERENCES violations (id),
    PRIMARY KEY (remediation_id, violation_id)
);
CREATE INDEX remediation_violations_violation ON remediation_violations (violation_id);

CREATE TABLE exceptions (
    id            INTEGER PRIMARY KEY,
    campaign_id   INTEGER NOT NULL REFERENCES campaigns (id),
    violation_id  INTEGER NOT NULL REFERENCES violations (id),
    fingerprint   TEXT    NOT NULL,
    reason        TEXT    NOT NULL,
    requester     TEXT    NOT NULL,
    requested_at  TEXT    NOT NULL,
    expires_at    TEXT    NOT NULL,
    state         TEXT    NOT NULL CHECK (state IN ('requested', 'approved', 'denied', 'expired')),
    approver      TEXT,
    decided_at    TEXT,
    decision_note TEXT
);
CREATE INDEX exceptions_campaign_fingerprint ON exceptions (campaign_id, fingerprint, state);
CREATE INDEX exceptions_state_expiry ON exceptions (state, expires_at);
-- At most one open request or approval per violation.
CREATE UNIQUE INDEX exceptions_one_pending ON exceptions (violation_id)
    WHERE state IN ('requested', 'approved');

CREATE TABLE snapshots (
    campaign_id        INTEGER NOT NULL REFERENCES campaigns (id),
    day                TEXT    NOT NULL,
    open_count         INTEGER NOT NULL,
    fix_proposed_count INTEGER NOT NULL,
    in_review_count    INTEGER NOT NULL,
    fixed_count        INTEGER NOT NULL,
    excepted_count     INTEGER NOT NULL,
    wont_fix_count     INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, day)
);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    campaign_id INTEGER REFERENCES campaigns (id),
    subject     TEXT    NOT NULL,
    detail      TEXT    NOT NULL -- JSON
);
CREATE INDEX audit_log_campaign ON audit_log (campaign_id, id);
CREATE INDEX audit_log_subject ON audit_log (subject, id);
-- Append-only: the code has no UPDATE or DELETE path, and the database refuses them too.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
