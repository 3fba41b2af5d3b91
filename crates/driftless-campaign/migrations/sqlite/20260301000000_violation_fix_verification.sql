-- What Terraform's plan said a violation's fix does (issue 10), written by `campaign propose`:
-- driftless_diagnostics::Verification as JSON text (`{"status": "planned", ...}` or
-- `{"status": "skipped", "reason": ...}`); NULL until a propose verifies the fix, and again
-- once a sync sees a different fix.
ALTER TABLE violations ADD COLUMN fix_verification TEXT;
