-- The audit log accepts inserts only.
CREATE OR REPLACE FUNCTION mpw_refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION mpw_refuse_audit_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION mpw_refuse_audit_change();
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints FOR EACH ROW EXECUTE FUNCTION mpw_refuse_audit_change();
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION mpw_refuse_audit_change();
--> statement-breakpoint
-- Business tables may only be written inside a transaction opened by the audit mechanism,
-- which sets mpw.audited = 'on' for that transaction (set_config(..., true)).
CREATE OR REPLACE FUNCTION mpw_require_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('mpw.audited', true), '') <> 'on' THEN
    RAISE EXCEPTION 'write to % outside an audited transaction refused', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER regions_require_audit BEFORE INSERT OR UPDATE OR DELETE ON regions FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER users_require_audit BEFORE INSERT OR UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER setting_values_require_audit BEFORE INSERT OR UPDATE OR DELETE ON setting_values FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
-- Region-scope predicates are ranges over 12-digit codes; text_pattern_ops keeps them index-friendly under any collation.
CREATE INDEX IF NOT EXISTS users_region_code_pattern_idx ON users (region_code text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS regions_region_code_pattern_idx ON regions (region_code text_pattern_ops);
