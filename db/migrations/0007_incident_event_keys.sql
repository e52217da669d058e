ALTER TABLE "incident_events" ADD COLUMN "key" text;--> statement-breakpoint
ALTER TABLE "incident_events" ADD CONSTRAINT "incident_events_key_unique" UNIQUE("key");