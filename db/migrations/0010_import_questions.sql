CREATE TABLE "import_questions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"import_id" uuid NOT NULL,
	"asked_by" text NOT NULL,
	"asked_role" text NOT NULL,
	"addressed_to" text NOT NULL,
	"text" text NOT NULL,
	"answer" text,
	"answered_by" text,
	"answered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "import_questions" ADD CONSTRAINT "import_questions_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_questions_import_idx" ON "import_questions" USING btree ("import_id","id");