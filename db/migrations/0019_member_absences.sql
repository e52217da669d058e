CREATE TABLE "member_absences" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"member" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"reason" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_absences_order" CHECK ("member_absences"."ends_on" >= "member_absences"."starts_on")
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "redirected_from" text;--> statement-breakpoint
ALTER TABLE "member_absences" ADD CONSTRAINT "member_absences_member_members_handle_fk" FOREIGN KEY ("member") REFERENCES "public"."members"("handle") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "member_absences_member_idx" ON "member_absences" USING btree ("member","ends_on");