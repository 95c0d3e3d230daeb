-- Every business table of the power list is written only through the audit mechanism.
CREATE TRIGGER power_items_require_audit BEFORE INSERT OR UPDATE OR DELETE ON power_items FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER power_item_versions_require_audit BEFORE INSERT OR UPDATE OR DELETE ON power_item_versions FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
-- Item versions are immutable: a change is a new version.
CREATE OR REPLACE FUNCTION mpw_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are immutable: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER power_item_versions_immutable BEFORE UPDATE OR DELETE ON power_item_versions FOR EACH ROW EXECUTE FUNCTION mpw_refuse_change();
--> statement-breakpoint
CREATE TRIGGER matters_require_audit BEFORE INSERT OR UPDATE OR DELETE ON matters FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER matter_events_require_audit BEFORE INSERT OR UPDATE OR DELETE ON matter_events FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER matter_events_immutable BEFORE UPDATE OR DELETE ON matter_events FOR EACH ROW EXECUTE FUNCTION mpw_refuse_change();
--> statement-breakpoint
CREATE TRIGGER matter_objections_require_audit BEFORE INSERT OR UPDATE OR DELETE ON matter_objections FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER attachments_require_audit BEFORE INSERT OR UPDATE OR DELETE ON attachments FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER decisions_require_audit BEFORE INSERT OR UPDATE OR DELETE ON decisions FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER decision_stages_require_audit BEFORE INSERT OR UPDATE OR DELETE ON decision_stages FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER calendar_days_require_audit BEFORE INSERT OR UPDATE OR DELETE ON calendar_days FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER alerts_require_audit BEFORE INSERT OR UPDATE OR DELETE ON alerts FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS power_items_region_pattern_idx ON power_items (region_code text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS matters_region_pattern_idx ON matters (region_code text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS decisions_region_pattern_idx ON decisions (region_code text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS alerts_region_pattern_idx ON alerts (region_code text_pattern_ops);
