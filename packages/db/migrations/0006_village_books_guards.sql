CREATE TRIGGER ledger_entries_require_audit BEFORE INSERT OR UPDATE OR DELETE ON ledger_entries FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER ledger_closings_require_audit BEFORE INSERT OR UPDATE OR DELETE ON ledger_closings FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER assets_require_audit BEFORE INSERT OR UPDATE OR DELETE ON assets FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER contracts_require_audit BEFORE INSERT OR UPDATE OR DELETE ON contracts FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER contract_payments_require_audit BEFORE INSERT OR UPDATE OR DELETE ON contract_payments FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER disclosures_require_audit BEFORE INSERT OR UPDATE OR DELETE ON disclosures FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER disclosure_versions_require_audit BEFORE INSERT OR UPDATE OR DELETE ON disclosure_versions FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
CREATE TRIGGER disclosure_questions_require_audit BEFORE INSERT OR UPDATE OR DELETE ON disclosure_questions FOR EACH ROW EXECUTE FUNCTION mpw_require_audit();
--> statement-breakpoint
-- Published disclosure versions are never changed: a correction is a new version.
CREATE TRIGGER disclosure_versions_immutable BEFORE UPDATE OR DELETE ON disclosure_versions FOR EACH ROW EXECUTE FUNCTION mpw_refuse_change();
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS ledger_entries_region_pattern_idx ON ledger_entries (region_code text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS assets_region_pattern_idx ON assets (region_code text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS contracts_region_pattern_idx ON contracts (region_code text_pattern_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS disclosures_region_pattern_idx ON disclosures (region_code text_pattern_ops);
