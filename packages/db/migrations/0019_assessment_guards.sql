-- Training, supervision teams and assessment: every write goes through an audited transaction.
-- usage_counters holds counts only and is not audited row by row.
CREATE TRIGGER training_sessions_require_audit BEFORE INSERT OR UPDATE OR DELETE ON training_sessions FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER training_attendances_require_audit BEFORE INSERT OR UPDATE OR DELETE ON training_attendances FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER supervision_members_require_audit BEFORE INSERT OR UPDATE OR DELETE ON supervision_members FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER assessment_schemes_require_audit BEFORE INSERT OR UPDATE OR DELETE ON assessment_schemes FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER assessment_results_require_audit BEFORE INSERT OR UPDATE OR DELETE ON assessment_results FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER assessment_locks_require_audit BEFORE INSERT OR UPDATE OR DELETE ON assessment_locks FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS training_attendances_region_pattern_idx ON training_attendances (region_code text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS supervision_members_region_pattern_idx ON supervision_members (region_code text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS assessment_results_region_pattern_idx ON assessment_results (region_code text_pattern_ops);
