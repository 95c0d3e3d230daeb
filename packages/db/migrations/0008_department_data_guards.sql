CREATE TRIGGER residents_require_audit BEFORE INSERT OR UPDATE OR DELETE ON residents FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER cadres_require_audit BEFORE INSERT OR UPDATE OR DELETE ON cadres FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER kinship_require_audit BEFORE INSERT OR UPDATE OR DELETE ON kinship FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER deaths_require_audit BEFORE INSERT OR UPDATE OR DELETE ON deaths FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER vehicles_require_audit BEFORE INSERT OR UPDATE OR DELETE ON vehicles FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER businesses_require_audit BEFORE INSERT OR UPDATE OR DELETE ON businesses FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER public_employees_require_audit BEFORE INSERT OR UPDATE OR DELETE ON public_employees FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER benefit_recipients_require_audit BEFORE INSERT OR UPDATE OR DELETE ON benefit_recipients FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER subsidy_payments_require_audit BEFORE INSERT OR UPDATE OR DELETE ON subsidy_payments FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER data_imports_require_audit BEFORE INSERT OR UPDATE OR DELETE ON data_imports FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER api_tokens_require_audit BEFORE INSERT OR UPDATE OR DELETE ON api_tokens FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER alert_sweeps_require_audit BEFORE INSERT OR UPDATE OR DELETE ON alert_sweeps FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS residents_region_pattern_idx ON residents (region_code text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS cadres_region_pattern_idx ON cadres (region_code text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS benefit_recipients_region_pattern_idx ON benefit_recipients (region_code text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS subsidy_payments_region_pattern_idx ON subsidy_payments (region_code text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS data_imports_region_pattern_idx ON data_imports (region_code text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS alerts_assignee_idx ON alerts (assigned_to) WHERE assigned_to IS NOT NULL;
