ALTER TABLE "run_records" DROP CONSTRAINT "run_records_run_id_runs_id_fk";
--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "source_key" text;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "source_documents" jsonb;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "records_from_run" uuid;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "skip_reason" text;--> statement-breakpoint
-- Not declarable in drizzle (db/schema/runs.ts says why): staged records are re-creatable from the source, so
-- they skip the WAL. A crash empties the table; the apply then refuses the run's missing records ("extract again").
ALTER TABLE "run_records" SET UNLOGGED;
