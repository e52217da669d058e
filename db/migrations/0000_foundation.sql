CREATE TABLE "clients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clients_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"source_urls" jsonb NOT NULL,
	"priority" integer DEFAULT 3 NOT NULL,
	"requested_by" text NOT NULL,
	"stage" text DEFAULT 'requested' NOT NULL,
	"estimate_days" numeric(5, 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "imports_priority_range" CHECK ("imports"."priority" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "import_decisions" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"decision_id" text NOT NULL,
	"import_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"actor" text NOT NULL,
	"from_stage" text,
	"to_stage" text NOT NULL,
	"comment" text,
	"data" jsonb,
	"decided_at" timestamp with time zone NOT NULL,
	CONSTRAINT "import_decisions_decision_id_unique" UNIQUE("decision_id")
);
--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_decisions" ADD CONSTRAINT "import_decisions_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "imports_client_id_idx" ON "imports" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "import_decisions_import_id_idx" ON "import_decisions" USING btree ("import_id","seq");