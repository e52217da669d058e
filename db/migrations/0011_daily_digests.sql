CREATE TABLE "digests" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"member" text NOT NULL,
	"day" date NOT NULL,
	"content" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "digests_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE INDEX "digests_member_day_idx" ON "digests" USING btree ("member","day");