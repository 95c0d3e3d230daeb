CREATE TABLE "case_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"note" text,
	"actor_id" uuid,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "case_sanctions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"category" text NOT NULL,
	"measure" text NOT NULL,
	"amount_fen" bigint,
	"decided_on" date NOT NULL,
	"executed_on" date,
	"note" text,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"kind" text NOT NULL,
	"parent_case_id" uuid,
	"title" text NOT NULL,
	"source_type" text NOT NULL,
	"source_id" text,
	"subject_name" text NOT NULL,
	"subject_position" text NOT NULL,
	"subject_id_number" text,
	"handling_region_code" text NOT NULL,
	"status" text NOT NULL,
	"summary" text NOT NULL,
	"closed_reason" text,
	"filed_on" date,
	"decided_on" date,
	"executed_on" date,
	"recovered_fen" bigint,
	"fault_tolerance" boolean DEFAULT false NOT NULL,
	"fault_tolerance_grounds" text,
	"fault_tolerance_status" text,
	"fault_tolerance_decided_by" uuid,
	"fault_tolerance_decided_at" timestamp with time zone,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "inspection_findings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"plan_id" uuid,
	"focus_area" text NOT NULL,
	"checklist_key" text,
	"description" text NOT NULL,
	"source_type" text,
	"source_id" text,
	"status" text NOT NULL,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "inspection_plans" (
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"scope_region_codes" text[] NOT NULL,
	"focus_areas" text[] NOT NULL,
	"methods" text[] NOT NULL,
	"checklist" jsonb NOT NULL,
	"team_user_ids" uuid[] NOT NULL,
	"status" text NOT NULL,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "rectification_answers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"measures" text NOT NULL,
	"answered_by" uuid,
	"decision" text,
	"decision_reason" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "rectification_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"notice_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"problem" text NOT NULL,
	"requirement" text NOT NULL,
	"deadline" date NOT NULL,
	"responsible_name" text NOT NULL,
	"source_type" text NOT NULL,
	"source_id" text,
	"status" text NOT NULL,
	"closed_on" date,
	"closed_by" uuid,
	"escalated_at" timestamp with time zone,
	"escalated_to" text,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "rectification_notices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"issuer_region_code" text NOT NULL,
	"title" text NOT NULL,
	"requirement" text NOT NULL,
	"issued_on" date NOT NULL,
	"deadline" date NOT NULL,
	"responsible_name" text NOT NULL,
	"responsible_user_id" uuid,
	"status" text NOT NULL,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "typical_cases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"lesson" text,
	"status" text NOT NULL,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "case_events_case_idx" ON "case_events" USING btree ("case_id","created_at");--> statement-breakpoint
CREATE INDEX "case_sanctions_case_idx" ON "case_sanctions" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_number_uq" ON "cases" USING btree ("number");--> statement-breakpoint
CREATE INDEX "cases_handling_idx" ON "cases" USING btree ("handling_region_code","status");--> statement-breakpoint
CREATE INDEX "cases_source_idx" ON "cases" USING btree ("source_type","source_id");--> statement-breakpoint
CREATE INDEX "cases_parent_idx" ON "cases" USING btree ("parent_case_id");--> statement-breakpoint
CREATE INDEX "inspection_findings_plan_idx" ON "inspection_findings" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "inspection_findings_region_idx" ON "inspection_findings" USING btree ("region_code","status");--> statement-breakpoint
CREATE INDEX "inspection_plans_region_idx" ON "inspection_plans" USING btree ("region_code","status");--> statement-breakpoint
CREATE INDEX "rectification_answers_item_idx" ON "rectification_answers" USING btree ("item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rectification_items_seq_uq" ON "rectification_items" USING btree ("notice_id","seq");--> statement-breakpoint
CREATE INDEX "rectification_items_region_idx" ON "rectification_items" USING btree ("region_code","status");--> statement-breakpoint
CREATE INDEX "rectification_items_source_idx" ON "rectification_items" USING btree ("source_type","source_id");--> statement-breakpoint
CREATE INDEX "rectification_items_due_idx" ON "rectification_items" USING btree ("status","deadline");--> statement-breakpoint
CREATE UNIQUE INDEX "rectification_notices_number_uq" ON "rectification_notices" USING btree ("number");--> statement-breakpoint
CREATE INDEX "rectification_notices_region_idx" ON "rectification_notices" USING btree ("region_code","status");--> statement-breakpoint
CREATE INDEX "typical_cases_region_idx" ON "typical_cases" USING btree ("region_code","status");