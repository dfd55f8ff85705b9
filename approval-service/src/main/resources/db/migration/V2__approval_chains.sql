-- Approval chains: the approvals still missing (comma-separated DBA / OWNER / ANY) and when waiting ends.
ALTER TABLE evaluation ADD COLUMN approvals_needed text NOT NULL DEFAULT '';
ALTER TABLE evaluation ADD COLUMN expires_at timestamptz;
CREATE INDEX evaluation_awaiting ON evaluation (expires_at) WHERE status = 'AWAITING_APPROVAL';
