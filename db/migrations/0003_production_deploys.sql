CREATE TABLE "deploy_snapshots" (
	"deploy_id" text PRIMARY KEY NOT NULL,
	"import_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"snapshot" jsonb NOT NULL,
	"steps" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "import_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"import_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"code_version" text NOT NULL,
	"importer_key" text NOT NULL,
	"config" jsonb NOT NULL,
	"checks" jsonb NOT NULL,
	"reviewed_by" text,
	"deployed_by" text NOT NULL,
	"deployed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deploy_id" text NOT NULL,
	"status" text DEFAULT 'deploying' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deploy_snapshots" ADD CONSTRAINT "deploy_snapshots_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_versions" ADD CONSTRAINT "import_versions_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deploy_snapshots_import_idx" ON "deploy_snapshots" USING btree ("import_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "import_versions_import_number_idx" ON "import_versions" USING btree ("import_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "import_versions_deploy_idx" ON "import_versions" USING btree ("deploy_id");