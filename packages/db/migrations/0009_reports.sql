CREATE TABLE "report_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"report_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"level" text,
	"note" text,
	"from_status" text,
	"to_status" text,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "report_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"report_id" uuid NOT NULL,
	"direction" text NOT NULL,
	"body" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"author_id" uuid,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "report_reveals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"report_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "report_rewards" (
	"id" uuid PRIMARY KEY NOT NULL,
	"report_id" uuid NOT NULL,
	"amount_fen" integer NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"proposed_by" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"paid_at" timestamp with time zone,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"channel" text NOT NULL,
	"category" text NOT NULL,
	"subject_name" text NOT NULL,
	"subject_position" text NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id_number" text,
	"barred_region_code" text,
	"content" text NOT NULL,
	"occurred_when" text,
	"is_anonymous" boolean NOT NULL,
	"reporter_sealed" text,
	"wants_protection" boolean DEFAULT false NOT NULL,
	"reporter_erased_at" timestamp with time zone,
	"receipt_hash" text,
	"passphrase_hash" text,
	"received_on" date NOT NULL,
	"status" text NOT NULL,
	"priority" text DEFAULT 'normal' NOT NULL,
	"handling_level" text NOT NULL,
	"handling_region_code" text NOT NULL,
	"assigned_to" uuid,
	"due_on" date,
	"accepted_at" timestamp with time zone,
	"not_accepted_reason" text,
	"conclusion" text,
	"conclusion_note" text,
	"concluded_at" timestamp with time zone,
	"feedback" text,
	"feedback_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	"retaliation_flagged_at" timestamp with time zone,
	"link_type" text,
	"link_id" text,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "id_number" text;--> statement-breakpoint
CREATE INDEX "report_events_report_idx" ON "report_events" USING btree ("report_id","at");--> statement-breakpoint
CREATE INDEX "report_messages_report_idx" ON "report_messages" USING btree ("report_id","at");--> statement-breakpoint
CREATE INDEX "report_reveals_report_idx" ON "report_reveals" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "report_rewards_report_idx" ON "report_rewards" USING btree ("report_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_number_uq" ON "reports" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_receipt_uq" ON "reports" USING btree ("receipt_hash");--> statement-breakpoint
CREATE INDEX "reports_region_idx" ON "reports" USING btree ("region_code","status");--> statement-breakpoint
CREATE INDEX "reports_handling_idx" ON "reports" USING btree ("handling_region_code","handling_level");--> statement-breakpoint
CREATE INDEX "reports_assigned_idx" ON "reports" USING btree ("assigned_to");--> statement-breakpoint
CREATE INDEX "reports_due_idx" ON "reports" USING btree ("status","due_on");