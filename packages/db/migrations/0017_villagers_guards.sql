-- The villagers' side: every write to a business table goes through an audited transaction.
-- Sessions and throttling counters are not audited row by row (verification is audited as events).
CREATE TRIGGER household_codes_require_audit BEFORE INSERT OR UPDATE OR DELETE ON household_codes FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER hearings_require_audit BEFORE INSERT OR UPDATE OR DELETE ON hearings FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER hearing_cadres_require_audit BEFORE INSERT OR UPDATE OR DELETE ON hearing_cadres FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER village_questions_require_audit BEFORE INSERT OR UPDATE OR DELETE ON village_questions FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER hearing_ratings_require_audit BEFORE INSERT OR UPDATE OR DELETE ON hearing_ratings FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER satisfaction_responses_require_audit BEFORE INSERT OR UPDATE OR DELETE ON satisfaction_responses FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS household_codes_active_uq ON household_codes (region_code, household_id) WHERE voided_at IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS hearings_region_pattern_idx ON hearings (region_code text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS village_questions_region_pattern_idx ON village_questions (region_code text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS satisfaction_responses_region_pattern_idx ON satisfaction_responses (region_code text_pattern_ops);
