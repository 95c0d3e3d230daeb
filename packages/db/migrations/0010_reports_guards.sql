-- Reports (举报): every write goes through an audited transaction.
CREATE TRIGGER reports_require_audit BEFORE INSERT OR UPDATE OR DELETE ON reports FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER report_events_require_audit BEFORE INSERT OR UPDATE OR DELETE ON report_events FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER report_messages_require_audit BEFORE INSERT OR UPDATE OR DELETE ON report_messages FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER report_rewards_require_audit BEFORE INSERT OR UPDATE OR DELETE ON report_rewards FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER report_reveals_require_audit BEFORE INSERT OR UPDATE OR DELETE ON report_reveals FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS reports_region_pattern_idx ON reports (region_code text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS reports_handling_pattern_idx ON reports (handling_region_code text_pattern_ops);
