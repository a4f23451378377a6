ALTER TABLE "audit_events" ADD COLUMN "outcome" text DEFAULT 'succeeded' NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "error" text;