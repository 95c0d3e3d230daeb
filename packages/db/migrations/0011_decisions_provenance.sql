ALTER TABLE "decision_stages" ADD COLUMN "import_id" uuid;--> statement-breakpoint
ALTER TABLE "decision_stages" ADD COLUMN "source_file" text;--> statement-breakpoint
ALTER TABLE "decision_stages" ADD COLUMN "source_line" integer;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "import_id" uuid;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "source_file" text;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "source_line" integer;