-- The apply writes one jobs row and one job_changes row per created job; four foreign keys checked them row by row
-- (a lookup in runs or jobs each), the largest share of a cold import's apply. The values are written by the apply
-- alone, from the run it holds locked and the job rows it just wrote, so those checks could never fail; what the
-- keys still guarded is the other side — a run or job deleted from under its history. That is now refused outright:
-- runs, jobs and job_changes are history and are never deleted (jobs are closed, runs reverted), and a trigger
-- says so. jobs.import_id keeps its foreign key.
ALTER TABLE "job_changes" DROP CONSTRAINT "job_changes_run_id_runs_id_fk";
--> statement-breakpoint
ALTER TABLE "job_changes" DROP CONSTRAINT "job_changes_job_id_jobs_id_fk";
--> statement-breakpoint
ALTER TABLE "jobs" DROP CONSTRAINT "jobs_created_by_run_runs_id_fk";
--> statement-breakpoint
ALTER TABLE "jobs" DROP CONSTRAINT "jobs_last_changed_by_run_runs_id_fk";
--> statement-breakpoint
CREATE FUNCTION "liaison_history_is_kept"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'rows of % are history and are never deleted (close a job, revert a run instead)', TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "runs_history_is_kept" BEFORE DELETE OR TRUNCATE ON "runs" FOR EACH STATEMENT EXECUTE FUNCTION "liaison_history_is_kept"();
--> statement-breakpoint
CREATE TRIGGER "jobs_history_is_kept" BEFORE DELETE OR TRUNCATE ON "jobs" FOR EACH STATEMENT EXECUTE FUNCTION "liaison_history_is_kept"();
--> statement-breakpoint
CREATE TRIGGER "job_changes_history_is_kept" BEFORE DELETE OR TRUNCATE ON "job_changes" FOR EACH STATEMENT EXECUTE FUNCTION "liaison_history_is_kept"();
