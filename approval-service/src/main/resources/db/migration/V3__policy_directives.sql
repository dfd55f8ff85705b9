-- Policy as code: which team owns the data (its approvers are the OWNER kind), what the worker must apply, and which
-- version of the policy file decided.
ALTER TABLE evaluation ADD COLUMN owner_team text;
ALTER TABLE evaluation ADD COLUMN directives text NOT NULL DEFAULT '{}';
ALTER TABLE evaluation ADD COLUMN policy_version integer;
