CREATE TABLE "hearing_cadres" (
	"id" uuid PRIMARY KEY NOT NULL,
	"hearing_id" uuid NOT NULL,
	"name" text NOT NULL,
	"position" text NOT NULL,
	"user_id" uuid,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"report" text,
	"report_published_at" timestamp with time zone,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "hearing_ratings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"hearing_id" uuid NOT NULL,
	"cadre_id" uuid NOT NULL,
	"rater_digest" text NOT NULL,
	"level" text NOT NULL,
	"comment" text,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "hearings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"quarter" text NOT NULL,
	"scheduled_at" timestamp with time zone NOT NULL,
	"place" text NOT NULL,
	"description" text,
	"status" text NOT NULL,
	"started_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"cancel_reason" text,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "household_codes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"household_id" text NOT NULL,
	"code_hash" text NOT NULL,
	"serial" integer NOT NULL,
	"voided_at" timestamp with time zone,
	"voided_by" uuid,
	"void_reason" text,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "satisfaction_responses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"quarter" text NOT NULL,
	"household_digest" text NOT NULL,
	"disclosure" text NOT NULL,
	"services" text NOT NULL,
	"integrity" text NOT NULL,
	"comment" text,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "verification_failures" (
	"id" uuid PRIMARY KEY NOT NULL,
	"throttle_key" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "village_questions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"hearing_id" uuid,
	"cadre_id" uuid,
	"content" text NOT NULL,
	"is_anonymous" boolean NOT NULL,
	"asker_name_masked" text,
	"due_on" date NOT NULL,
	"status" text NOT NULL,
	"answer" text,
	"answered_at" timestamp with time zone,
	"answered_by" uuid,
	"hide_reason" text,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "villager_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"household_id" text NOT NULL,
	"resident_id" uuid NOT NULL,
	"household_code_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "hearing_cadres_hearing_idx" ON "hearing_cadres" USING btree ("hearing_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hearing_ratings_once_uq" ON "hearing_ratings" USING btree ("hearing_id","cadre_id","rater_digest");--> statement-breakpoint
CREATE INDEX "hearing_ratings_cadre_idx" ON "hearing_ratings" USING btree ("cadre_id");--> statement-breakpoint
CREATE INDEX "hearings_region_idx" ON "hearings" USING btree ("region_code","status");--> statement-breakpoint
CREATE INDEX "household_codes_household_idx" ON "household_codes" USING btree ("region_code","household_id");--> statement-breakpoint
CREATE UNIQUE INDEX "household_codes_serial_uq" ON "household_codes" USING btree ("region_code","household_id","serial");--> statement-breakpoint
CREATE UNIQUE INDEX "satisfaction_responses_once_uq" ON "satisfaction_responses" USING btree ("region_code","quarter","household_digest");--> statement-breakpoint
CREATE INDEX "satisfaction_responses_quarter_idx" ON "satisfaction_responses" USING btree ("quarter","region_code");--> statement-breakpoint
CREATE INDEX "verification_failures_key_idx" ON "verification_failures" USING btree ("throttle_key","at");--> statement-breakpoint
CREATE INDEX "village_questions_region_idx" ON "village_questions" USING btree ("region_code","status");--> statement-breakpoint
CREATE INDEX "village_questions_hearing_idx" ON "village_questions" USING btree ("hearing_id");--> statement-breakpoint
CREATE INDEX "village_questions_due_idx" ON "village_questions" USING btree ("status","due_on");--> statement-breakpoint
CREATE INDEX "villager_sessions_household_idx" ON "villager_sessions" USING btree ("region_code","household_id");