CREATE TABLE "assets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"asset_no" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"location" text,
	"quantity" text,
	"unit" text,
	"value_fen" bigint,
	"status" text NOT NULL,
	"acquired_on" date,
	"notes" text,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "contract_payments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"contract_id" uuid NOT NULL,
	"paid_on" date NOT NULL,
	"amount_fen" bigint NOT NULL,
	"ledger_entry_id" uuid,
	"note" text,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"contract_no" text NOT NULL,
	"contract_type" text NOT NULL,
	"title" text NOT NULL,
	"counterparty_name" text NOT NULL,
	"counterparty_id" text,
	"amount_fen" bigint NOT NULL,
	"signed_date" date NOT NULL,
	"start_date" date,
	"end_date" date,
	"procurement_method" text,
	"decision_no" text,
	"decision_id" uuid,
	"asset_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"flagged" boolean DEFAULT false NOT NULL,
	"flag_reason" text,
	"source" text DEFAULT 'manual' NOT NULL,
	"provenance" jsonb,
	"extra" jsonb,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "disclosure_questions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"disclosure_id" uuid NOT NULL,
	"content" text NOT NULL,
	"asker_name" text,
	"due_on" date NOT NULL,
	"answer" text,
	"answered_at" timestamp with time zone,
	"answered_by" uuid,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "disclosure_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"disclosure_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"correction_reason" text,
	"published_at" timestamp with time zone NOT NULL,
	"published_by" uuid,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "disclosures" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"period" text,
	"due_on" date,
	"status" text NOT NULL,
	"current_version" integer DEFAULT 0 NOT NULL,
	"first_published_at" timestamp with time zone,
	"source_type" text,
	"source_id" text,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ledger_closings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"period" text NOT NULL,
	"closed_at" timestamp with time zone NOT NULL,
	"closed_by" uuid,
	"income_fen" bigint NOT NULL,
	"expense_fen" bigint NOT NULL,
	"balances" jsonb NOT NULL,
	"reopened_at" timestamp with time zone,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"entry_no" text NOT NULL,
	"entry_date" date NOT NULL,
	"period" text NOT NULL,
	"direction" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"account_code" text,
	"category" text NOT NULL,
	"counterparty_name" text,
	"counterparty_id" text,
	"description" text,
	"decision_no" text,
	"decision_id" uuid,
	"contract_id" uuid,
	"status" text NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"review_note" text,
	"reverses_entry_id" uuid,
	"reversed_by_entry_id" uuid,
	"flagged" boolean DEFAULT false NOT NULL,
	"flag_reason" text,
	"source" text DEFAULT 'manual' NOT NULL,
	"provenance" jsonb,
	"extra" jsonb,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "assets_no_uq" ON "assets" USING btree ("region_code","asset_no");--> statement-breakpoint
CREATE INDEX "assets_region_idx" ON "assets" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "contract_payments_contract_idx" ON "contract_payments" USING btree ("contract_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_no_uq" ON "contracts" USING btree ("contract_no");--> statement-breakpoint
CREATE INDEX "contracts_region_idx" ON "contracts" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "contracts_end_idx" ON "contracts" USING btree ("status","end_date");--> statement-breakpoint
CREATE INDEX "disclosure_questions_disclosure_idx" ON "disclosure_questions" USING btree ("disclosure_id");--> statement-breakpoint
CREATE INDEX "disclosure_questions_due_idx" ON "disclosure_questions" USING btree ("answered_at","due_on");--> statement-breakpoint
CREATE UNIQUE INDEX "disclosure_versions_uq" ON "disclosure_versions" USING btree ("disclosure_id","version");--> statement-breakpoint
CREATE INDEX "disclosures_region_idx" ON "disclosures" USING btree ("region_code","status");--> statement-breakpoint
CREATE UNIQUE INDEX "disclosures_period_uq" ON "disclosures" USING btree ("region_code","kind","period");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_closings_uq" ON "ledger_closings" USING btree ("region_code","period");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entries_no_uq" ON "ledger_entries" USING btree ("entry_no");--> statement-breakpoint
CREATE INDEX "ledger_entries_region_idx" ON "ledger_entries" USING btree ("region_code","period");--> statement-breakpoint
CREATE INDEX "ledger_entries_counterparty_idx" ON "ledger_entries" USING btree ("counterparty_id");