CREATE TABLE "import_configs" (
	"import_id" uuid NOT NULL,
	"environment" text NOT NULL,
	"importer_key" text NOT NULL,
	"config" jsonb NOT NULL,
	"checks" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"fetch_policy" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"schedule" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_configs_import_id_environment_pk" PRIMARY KEY("import_id","environment")
);
--> statement-breakpoint
CREATE TABLE "secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "run_records" (
	"run_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"external_id" text,
	"valid" boolean NOT NULL,
	"job" jsonb,
	"content_hash" text,
	"raw" jsonb,
	"errors" jsonb,
	"source_url" text,
	CONSTRAINT "run_records_run_id_seq_pk" PRIMARY KEY("run_id","seq")
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"import_id" uuid NOT NULL,
	"environment" text NOT NULL,
	"workflow_id" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"importer_key" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"extracted_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"observations" jsonb,
	"figures" jsonb,
	"complete" boolean DEFAULT false NOT NULL,
	"checks" jsonb,
	"error" jsonb,
	"decided_by" text,
	CONSTRAINT "runs_workflow_id_unique" UNIQUE("workflow_id")
);
--> statement-breakpoint
CREATE TABLE "job_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"job_id" bigint NOT NULL,
	"op" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"reverted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"import_id" uuid NOT NULL,
	"environment" text NOT NULL,
	"external_id" text NOT NULL,
	"status" text NOT NULL,
	"data" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"created_by_run" uuid,
	"last_changed_by_run" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"import_id" uuid NOT NULL,
	"run_id" uuid,
	"environment" text NOT NULL,
	"kind" text NOT NULL,
	"summary" text NOT NULL,
	"context" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "import_configs" ADD CONSTRAINT "import_configs_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_records" ADD CONSTRAINT "run_records_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_changes" ADD CONSTRAINT "job_changes_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_changes" ADD CONSTRAINT "job_changes_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_created_by_run_runs_id_fk" FOREIGN KEY ("created_by_run") REFERENCES "public"."runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_last_changed_by_run_runs_id_fk" FOREIGN KEY ("last_changed_by_run") REFERENCES "public"."runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "run_records_run_external_idx" ON "run_records" USING btree ("run_id","external_id");--> statement-breakpoint
CREATE INDEX "runs_import_env_started_idx" ON "runs" USING btree ("import_id","environment","started_at");--> statement-breakpoint
CREATE INDEX "job_changes_run_idx" ON "job_changes" USING btree ("run_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_import_env_external_idx" ON "jobs" USING btree ("import_id","environment","external_id");--> statement-breakpoint
CREATE INDEX "jobs_import_env_status_idx" ON "jobs" USING btree ("import_id","environment","status");--> statement-breakpoint
CREATE INDEX "alerts_import_created_idx" ON "alerts" USING btree ("import_id","created_at");