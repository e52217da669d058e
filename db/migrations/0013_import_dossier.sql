CREATE TABLE "dossier_incident_log" (
	"incident_id" bigint PRIMARY KEY NOT NULL,
	"import_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"cause" text NOT NULL,
	"fix" text NOT NULL,
	"by" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossier_versions" (
	"import_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"sections" jsonb NOT NULL,
	"author" text NOT NULL,
	"author_role" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_revision" integer,
	"approved_revision" integer,
	CONSTRAINT "dossier_versions_import_id_version_pk" PRIMARY KEY("import_id","version")
);
--> statement-breakpoint
ALTER TABLE "dossier_incident_log" ADD CONSTRAINT "dossier_incident_log_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_incident_log" ADD CONSTRAINT "dossier_incident_log_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_versions" ADD CONSTRAINT "dossier_versions_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dossier_incident_log_import_kind_idx" ON "dossier_incident_log" USING btree ("import_id","kind","at");