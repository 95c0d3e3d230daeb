ALTER TABLE "cases" ADD COLUMN "fault_tolerance_proposed_by" uuid;--> statement-breakpoint
ALTER TABLE "inspection_findings" ADD COLUMN "status_note" text;