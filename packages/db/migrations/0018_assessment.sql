CREATE TABLE "assessment_locks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"scheme_id" uuid NOT NULL,
	"period" text NOT NULL,
	"locked_at" timestamp with time zone NOT NULL,
	"locked_by" uuid,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "assessment_results" (
	"id" uuid PRIMARY KEY NOT NULL,
	"scheme_id" uuid NOT NULL,
	"period" text NOT NULL,
	"computed_score" numeric(6, 2) NOT NULL,
	"adjusted_score" numeric(6, 2),
	"adjustment_reason" text,
	"rank" integer,
	"items" jsonb NOT NULL,
	"coverage" numeric(4, 3) NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "assessment_schemes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"target_level" text NOT NULL,
	"period_kind" text NOT NULL,
	"indicators" jsonb NOT NULL,
	"status" text NOT NULL,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "supervision_members" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"id_number" text NOT NULL,
	"role" text NOT NULL,
	"gender" text,
	"birth_date" date,
	"education" text,
	"backgrounds" text[] DEFAULT '{}' NOT NULL,
	"is_party_member" boolean DEFAULT false NOT NULL,
	"phone" text,
	"term_start" date NOT NULL,
	"term_end" date,
	"elected_on" date NOT NULL,
	"election_record" text NOT NULL,
	"status" text NOT NULL,
	"left_on" date,
	"left_reason" text,
	"replaces_member_id" uuid,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "training_attendances" (
	"id" uuid PRIMARY KEY NOT NULL,
	"session_id" uuid NOT NULL,
	"attendee_kind" text NOT NULL,
	"user_id" uuid,
	"member_id" uuid,
	"name" text NOT NULL,
	"position" text,
	"hours_tenths" integer NOT NULL,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "training_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"held_on" date NOT NULL,
	"hours_tenths" integer NOT NULL,
	"organiser" text NOT NULL,
	"place" text,
	"description" text,
	"region_code" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "usage_counters" (
	"region_code" text NOT NULL,
	"day" date NOT NULL,
	"metric" text NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_locks_uq" ON "assessment_locks" USING btree ("scheme_id","period");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_results_uq" ON "assessment_results" USING btree ("scheme_id","period","region_code");--> statement-breakpoint
CREATE INDEX "assessment_schemes_region_idx" ON "assessment_schemes" USING btree ("region_code","status");--> statement-breakpoint
CREATE INDEX "supervision_members_region_idx" ON "supervision_members" USING btree ("region_code","status");--> statement-breakpoint
CREATE INDEX "supervision_members_id_number_idx" ON "supervision_members" USING btree ("id_number");--> statement-breakpoint
CREATE INDEX "training_attendances_session_idx" ON "training_attendances" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "training_attendances_region_idx" ON "training_attendances" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "training_attendances_person_idx" ON "training_attendances" USING btree ("user_id","member_id");--> statement-breakpoint
CREATE INDEX "training_sessions_region_idx" ON "training_sessions" USING btree ("region_code","held_on");--> statement-breakpoint
CREATE UNIQUE INDEX "usage_counters_uq" ON "usage_counters" USING btree ("region_code","day","metric");