CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"rule" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"severity" text NOT NULL,
	"status" text NOT NULL,
	"summary" text NOT NULL,
	"evidence" text DEFAULT '' NOT NULL,
	"first_raised_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"resolved_by_data_at" timestamp with time zone,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"sha256" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"mime_type" text NOT NULL,
	"file_name" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"purpose" text,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "calendar_days" (
	"id" uuid PRIMARY KEY NOT NULL,
	"day" date NOT NULL,
	"kind" text NOT NULL,
	"name" text,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "decision_stages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"decision_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"body" text,
	"held_on" date NOT NULL,
	"place" text,
	"chair" text,
	"recorder" text,
	"eligible" integer,
	"attendees" integer,
	"votes_for" integer,
	"votes_against" integer,
	"abstentions" integer,
	"minutes" text,
	"recorded_at" timestamp with time zone NOT NULL,
	"is_late" boolean DEFAULT false NOT NULL,
	"outcome" text,
	"outcome_reason" text,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "decisions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"decision_no" text NOT NULL,
	"title" text NOT NULL,
	"amount_fen" bigint,
	"matter_id" uuid,
	"status" text NOT NULL,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "matter_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"matter_id" uuid NOT NULL,
	"step_id" text,
	"step_index" integer,
	"action" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"actor_role" text,
	"note" text,
	"data" jsonb,
	"is_public" boolean DEFAULT false NOT NULL,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "matter_objections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"matter_id" uuid NOT NULL,
	"step_id" text NOT NULL,
	"content" text NOT NULL,
	"raised_by_name" text,
	"answer" text,
	"answered_at" timestamp with time zone,
	"answered_by" uuid,
	"upheld" boolean,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "matters" (
	"id" uuid PRIMARY KEY NOT NULL,
	"matter_no" text NOT NULL,
	"item_id" uuid NOT NULL,
	"item_version" integer NOT NULL,
	"title" text NOT NULL,
	"amount_fen" bigint,
	"applicant_name" text,
	"applicant_id_sealed" text,
	"applicant_id_masked" text,
	"status" text NOT NULL,
	"current_step" integer NOT NULL,
	"step_started_at" timestamp with time zone,
	"step_due_on" date,
	"skipped_steps" text[] DEFAULT '{}' NOT NULL,
	"decision_id" uuid,
	"is_public" boolean DEFAULT true NOT NULL,
	"completed_at" timestamp with time zone,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"link" text,
	"entity_type" text,
	"entity_id" text,
	"read_at" timestamp with time zone,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "power_item_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"change_note" text,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "power_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"scope_level" text NOT NULL,
	"status" text NOT NULL,
	"current_version" integer NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"review_note" text,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_subject_uq" ON "alerts" USING btree ("rule","subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "alerts_region_idx" ON "alerts" USING btree ("region_code","status");--> statement-breakpoint
CREATE INDEX "attachments_entity_idx" ON "attachments" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "attachments_sha_idx" ON "attachments" USING btree ("sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_days_uq" ON "calendar_days" USING btree ("region_code","day");--> statement-breakpoint
CREATE UNIQUE INDEX "decision_stages_uq" ON "decision_stages" USING btree ("decision_id","stage");--> statement-breakpoint
CREATE UNIQUE INDEX "decisions_no_uq" ON "decisions" USING btree ("decision_no");--> statement-breakpoint
CREATE INDEX "decisions_region_idx" ON "decisions" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "matter_events_matter_idx" ON "matter_events" USING btree ("matter_id","created_at");--> statement-breakpoint
CREATE INDEX "matter_objections_matter_idx" ON "matter_objections" USING btree ("matter_id");--> statement-breakpoint
CREATE UNIQUE INDEX "matters_no_uq" ON "matters" USING btree ("matter_no");--> statement-breakpoint
CREATE INDEX "matters_region_idx" ON "matters" USING btree ("region_code","status");--> statement-breakpoint
CREATE INDEX "matters_due_idx" ON "matters" USING btree ("status","step_due_on");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","read_at","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "power_item_versions_uq" ON "power_item_versions" USING btree ("item_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "power_items_code_uq" ON "power_items" USING btree ("region_code","code");--> statement-breakpoint
CREATE INDEX "power_items_region_idx" ON "power_items" USING btree ("region_code");