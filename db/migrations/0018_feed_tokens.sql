CREATE TABLE "feed_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"label" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" text,
	CONSTRAINT "feed_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "created_xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "change_xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "changed_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "feed_tokens" ADD CONSTRAINT "feed_tokens_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "feed_tokens_client_idx" ON "feed_tokens" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "jobs_import_env_change_idx" ON "jobs" USING btree ("import_id","environment","change_xid");
--> statement-breakpoint
-- hand-written below
-- Every update that changes what a job says (status, data, closing) records its transaction and its time, whichever
-- code writes it (the apply, a revert, a deploy compensation, a staging teardown): the client feed's `changes` cursor
-- compares the transaction with snapshots and so misses no change, committed in any order; the time is the feed's
-- Last-Modified. Updates that change nothing of that kind (last_changed_by_run alone) leave both.
CREATE FUNCTION jobs_mark_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.change_xid := pg_current_xact_id();
  NEW.changed_at := clock_timestamp();
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER jobs_mark_changed BEFORE UPDATE ON jobs FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.data IS DISTINCT FROM NEW.data OR OLD.closed_at IS DISTINCT FROM NEW.closed_at)
  EXECUTE FUNCTION jobs_mark_changed();
