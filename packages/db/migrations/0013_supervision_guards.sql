-- Inspections, rectification and cases: every write goes through an audited transaction.
CREATE TRIGGER inspection_plans_require_audit BEFORE INSERT OR UPDATE OR DELETE ON inspection_plans FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER inspection_findings_require_audit BEFORE INSERT OR UPDATE OR DELETE ON inspection_findings FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER rectification_notices_require_audit BEFORE INSERT OR UPDATE OR DELETE ON rectification_notices FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER rectification_items_require_audit BEFORE INSERT OR UPDATE OR DELETE ON rectification_items FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER rectification_answers_require_audit BEFORE INSERT OR UPDATE OR DELETE ON rectification_answers FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER cases_require_audit BEFORE INSERT OR UPDATE OR DELETE ON cases FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER case_events_require_audit BEFORE INSERT OR UPDATE OR DELETE ON case_events FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER case_sanctions_require_audit BEFORE INSERT OR UPDATE OR DELETE ON case_sanctions FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER typical_cases_require_audit BEFORE INSERT OR UPDATE OR DELETE ON typical_cases FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS inspection_findings_region_pattern_idx ON inspection_findings (region_code text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS rectification_items_region_pattern_idx ON rectification_items (region_code text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS rectification_notices_region_pattern_idx ON rectification_notices (region_code text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS cases_region_pattern_idx ON cases (region_code text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS cases_handling_region_pattern_idx ON cases (handling_region_code text_pattern_ops);
