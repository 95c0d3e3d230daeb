-- Department data tables take loads of a million rows (docs/benchmarks.md). Two per-row costs of
-- such a load that bought nothing:
--
-- 1. The audit guard ran once per row. It reads only a setting of the transaction, so once per
--    statement says the same: any INSERT, UPDATE or DELETE outside an audited transaction is
--    refused (now even one that touches no row). COPY into the table fires it as well.
CREATE OR REPLACE FUNCTION mpw_require_audit_statement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('mpw.audited', true), '') <> 'on' THEN
    RAISE EXCEPTION 'write to % outside an audited transaction refused', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS residents_require_audit ON residents;
--> statement-breakpoint
CREATE TRIGGER residents_require_audit BEFORE INSERT OR UPDATE OR DELETE ON residents FOR EACH STATEMENT EXECUTE FUNCTION mpw_require_audit_statement();
--> statement-breakpoint
DROP TRIGGER IF EXISTS cadres_require_audit ON cadres;
--> statement-breakpoint
CREATE TRIGGER cadres_require_audit BEFORE INSERT OR UPDATE OR DELETE ON cadres FOR EACH STATEMENT EXECUTE FUNCTION mpw_require_audit_statement();
--> statement-breakpoint
DROP TRIGGER IF EXISTS kinship_require_audit ON kinship;
--> statement-breakpoint
CREATE TRIGGER kinship_require_audit BEFORE INSERT OR UPDATE OR DELETE ON kinship FOR EACH STATEMENT EXECUTE FUNCTION mpw_require_audit_statement();
--> statement-breakpoint
DROP TRIGGER IF EXISTS deaths_require_audit ON deaths;
--> statement-breakpoint
CREATE TRIGGER deaths_require_audit BEFORE INSERT OR UPDATE OR DELETE ON deaths FOR EACH STATEMENT EXECUTE FUNCTION mpw_require_audit_statement();
--> statement-breakpoint
DROP TRIGGER IF EXISTS vehicles_require_audit ON vehicles;
--> statement-breakpoint
CREATE TRIGGER vehicles_require_audit BEFORE INSERT OR UPDATE OR DELETE ON vehicles FOR EACH STATEMENT EXECUTE FUNCTION mpw_require_audit_statement();
--> statement-breakpoint
DROP TRIGGER IF EXISTS businesses_require_audit ON businesses;
--> statement-breakpoint
CREATE TRIGGER businesses_require_audit BEFORE INSERT OR UPDATE OR DELETE ON businesses FOR EACH STATEMENT EXECUTE FUNCTION mpw_require_audit_statement();
--> statement-breakpoint
DROP TRIGGER IF EXISTS public_employees_require_audit ON public_employees;
--> statement-breakpoint
CREATE TRIGGER public_employees_require_audit BEFORE INSERT OR UPDATE OR DELETE ON public_employees FOR EACH STATEMENT EXECUTE FUNCTION mpw_require_audit_statement();
--> statement-breakpoint
DROP TRIGGER IF EXISTS benefit_recipients_require_audit ON benefit_recipients;
--> statement-breakpoint
CREATE TRIGGER benefit_recipients_require_audit BEFORE INSERT OR UPDATE OR DELETE ON benefit_recipients FOR EACH STATEMENT EXECUTE FUNCTION mpw_require_audit_statement();
--> statement-breakpoint
DROP TRIGGER IF EXISTS subsidy_payments_require_audit ON subsidy_payments;
--> statement-breakpoint
CREATE TRIGGER subsidy_payments_require_audit BEFORE INSERT OR UPDATE OR DELETE ON subsidy_payments FOR EACH STATEMENT EXECUTE FUNCTION mpw_require_audit_statement();
--> statement-breakpoint
-- 2. text_pattern_ops indexes serve LIKE 'prefix%' only, and nothing reads these tables with LIKE:
--    the data scope is a range (region_code BETWEEN lo AND hi, lib/scope.ts), which the plain
--    region_code indexes serve under any collation. Each one cost an index insert per row.
DROP INDEX IF EXISTS residents_region_pattern_idx;
--> statement-breakpoint
DROP INDEX IF EXISTS cadres_region_pattern_idx;
--> statement-breakpoint
DROP INDEX IF EXISTS benefit_recipients_region_pattern_idx;
--> statement-breakpoint
DROP INDEX IF EXISTS subsidy_payments_region_pattern_idx;
