CREATE TABLE "review_sheet_rows" (
	"import_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"practice_id" text NOT NULL,
	"result" jsonb,
	"answer" text,
	"comment" text,
	"answered_by" text,
	"answered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_sheet_rows_import_id_revision_practice_id_pk" PRIMARY KEY("import_id","revision","practice_id")
);
--> statement-breakpoint
ALTER TABLE "review_sheet_rows" ADD CONSTRAINT "review_sheet_rows_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "review_sheet_rows_practice_idx" ON "review_sheet_rows" USING btree ("practice_id");