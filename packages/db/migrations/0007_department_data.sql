CREATE TABLE "alert_sweeps" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"as_of" date NOT NULL,
	"import_id" uuid,
	"status" text NOT NULL,
	"counts" jsonb,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"message" text,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"token_hash" text NOT NULL,
	"datasets" text[] NOT NULL,
	"expires_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "benefit_recipients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"id_number" text NOT NULL,
	"id_valid" boolean DEFAULT true NOT NULL,
	"name" text NOT NULL,
	"program" text NOT NULL,
	"household_size" integer,
	"start_date" date NOT NULL,
	"end_date" date,
	"monthly_amount_fen" bigint,
	"import_id" uuid,
	"source_line" integer,
	"extra" jsonb,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "businesses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"credit_code" text NOT NULL,
	"company_name" text NOT NULL,
	"id_number" text NOT NULL,
	"id_valid" boolean DEFAULT true NOT NULL,
	"role" text NOT NULL,
	"registered_capital_fen" bigint,
	"import_id" uuid,
	"source_line" integer,
	"extra" jsonb,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "cadres" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"id_number" text NOT NULL,
	"id_valid" boolean DEFAULT true NOT NULL,
	"name" text NOT NULL,
	"position" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"import_id" uuid,
	"source_line" integer,
	"extra" jsonb,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "data_imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"dataset" text NOT NULL,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"encoding" text,
	"blob_sha256" text,
	"size_bytes" bigint,
	"via" text NOT NULL,
	"token_id" uuid,
	"strict" boolean DEFAULT false NOT NULL,
	"status" text NOT NULL,
	"rows_read" integer DEFAULT 0 NOT NULL,
	"rows_imported" integer DEFAULT 0 NOT NULL,
	"rows_updated" integer DEFAULT 0 NOT NULL,
	"rows_unchanged" integer DEFAULT 0 NOT NULL,
	"rows_rejected" integer DEFAULT 0 NOT NULL,
	"rows_flagged" integer DEFAULT 0 NOT NULL,
	"rejected" jsonb,
	"error_report_sha256" text,
	"message" text,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "deaths" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"id_number" text NOT NULL,
	"id_valid" boolean DEFAULT true NOT NULL,
	"name" text,
	"death_date" date NOT NULL,
	"import_id" uuid,
	"source_line" integer,
	"extra" jsonb,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "kinship" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"id_number_a" text NOT NULL,
	"id_number_b" text NOT NULL,
	"relation" text NOT NULL,
	"import_id" uuid,
	"source_line" integer,
	"extra" jsonb,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "public_employees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"id_number" text NOT NULL,
	"id_valid" boolean DEFAULT true NOT NULL,
	"name" text,
	"employer" text,
	"start_date" date,
	"end_date" date,
	"import_id" uuid,
	"source_line" integer,
	"extra" jsonb,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "residents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"id_number" text NOT NULL,
	"id_valid" boolean DEFAULT true NOT NULL,
	"name" text NOT NULL,
	"gender" text,
	"birth_date" date,
	"household_id" text,
	"relation_to_head" text,
	"import_id" uuid,
	"source_line" integer,
	"extra" jsonb,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "subsidy_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"payment_no" text NOT NULL,
	"id_number" text NOT NULL,
	"id_valid" boolean DEFAULT true NOT NULL,
	"name" text,
	"program" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"paid_date" date NOT NULL,
	"bank_account" text,
	"import_id" uuid,
	"source_line" integer,
	"extra" jsonb,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "vehicles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plate" text NOT NULL,
	"id_number" text NOT NULL,
	"id_valid" boolean DEFAULT true NOT NULL,
	"vehicle_type" text NOT NULL,
	"registered_date" date,
	"import_id" uuid,
	"source_line" integer,
	"extra" jsonb,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "assigned_to" uuid;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "assigned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "handled_by" uuid;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "handled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "handling_reason" text;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "false_positive" boolean;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "closed_by" uuid;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "closing_note" text;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "link_type" text;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "link_id" text;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "escalated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "last_sweep_id" uuid;--> statement-breakpoint
CREATE INDEX "alert_sweeps_region_idx" ON "alert_sweeps" USING btree ("region_code","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_hash_uq" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "benefit_recipients_key_uq" ON "benefit_recipients" USING btree ("id_number","program","region_code","start_date");--> statement-breakpoint
CREATE INDEX "benefit_recipients_region_idx" ON "benefit_recipients" USING btree ("region_code","program");--> statement-breakpoint
CREATE UNIQUE INDEX "businesses_key_uq" ON "businesses" USING btree ("credit_code","id_number","role");--> statement-breakpoint
CREATE INDEX "businesses_id_number_idx" ON "businesses" USING btree ("id_number");--> statement-breakpoint
CREATE UNIQUE INDEX "cadres_key_uq" ON "cadres" USING btree ("id_number","position","start_date");--> statement-breakpoint
CREATE INDEX "cadres_region_idx" ON "cadres" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "cadres_id_number_idx" ON "cadres" USING btree ("id_number");--> statement-breakpoint
CREATE INDEX "data_imports_region_idx" ON "data_imports" USING btree ("region_code","started_at");--> statement-breakpoint
CREATE INDEX "data_imports_dataset_idx" ON "data_imports" USING btree ("dataset","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "deaths_id_number_uq" ON "deaths" USING btree ("id_number");--> statement-breakpoint
CREATE UNIQUE INDEX "kinship_pair_uq" ON "kinship" USING btree ("id_number_a","id_number_b");--> statement-breakpoint
CREATE INDEX "kinship_b_idx" ON "kinship" USING btree ("id_number_b");--> statement-breakpoint
CREATE UNIQUE INDEX "public_employees_id_number_uq" ON "public_employees" USING btree ("id_number");--> statement-breakpoint
CREATE UNIQUE INDEX "residents_id_number_uq" ON "residents" USING btree ("id_number");--> statement-breakpoint
CREATE INDEX "residents_household_idx" ON "residents" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "residents_region_idx" ON "residents" USING btree ("region_code");--> statement-breakpoint
CREATE UNIQUE INDEX "subsidy_payments_no_uq" ON "subsidy_payments" USING btree ("payment_no");--> statement-breakpoint
CREATE INDEX "subsidy_payments_id_number_idx" ON "subsidy_payments" USING btree ("id_number","paid_date");--> statement-breakpoint
CREATE INDEX "subsidy_payments_region_idx" ON "subsidy_payments" USING btree ("region_code","paid_date");--> statement-breakpoint
CREATE UNIQUE INDEX "vehicles_plate_uq" ON "vehicles" USING btree ("plate");--> statement-breakpoint
CREATE INDEX "vehicles_id_number_idx" ON "vehicles" USING btree ("id_number");