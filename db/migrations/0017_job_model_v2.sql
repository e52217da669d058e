-- Job model v2 (importers/sdk/job.ts): `location` becomes `locations` (one place or more), `employmentType`, which
-- conflated the contract with the working time, becomes `contractType` + `workingTime` + `contractLabel`.
-- No table changes: the stored job JSON is rewritten to the new shape, wherever a job's content is kept —
--   jobs.data (what the job pages read and the next run is diffed against);
--   job_changes.before.data (a revert writes it back into jobs: an old shape must never come back), and the
--     contentHash of every before/after (a revert restores it; left old, it would differ from the data's hash);
--   run_records.job (a run extracted before, quarantined and applied after, or reused by an unchanged source,
--     writes its staged jobs into jobs).
-- Content hashes are recomputed exactly as importers/sdk/normalise.ts computes them (sha256 of the canonical JSON
-- of every field but the hash: keys sorted at every level, no spaces, strings escaped as JSON.stringify does), so an
-- unchanged source finds every job unchanged on its next run — except where the new model says more than the old
-- rows can tell (below), which that run then updates once, honestly.
-- What old rows cannot tell: the source's words (contractLabel is null) and the contract behind a working time.
-- employmentType maps as follows, keeping what the job pages showed where it was a working time:
--   full_time → workingTime full_time (a CDI was stored so; the contract comes with the next run)
--   part_time → workingTime part_time
--   temporary → contractType fixed_term (mostly CDD; an intérim posting gets temporary_agency on the next run)
--   contract  → fixed_term (shown as "CDD" until now)
--   internship, apprenticeship, freelance, volunteer, other → the same contractType;  null → null.
-- Salary periods are kept: a stored "year" cannot say whether the source gave it (the next run nulls it if not).
-- Numbers are written as PostgreSQL prints them, which equals JavaScript's output for salaries (no exponents below
-- 1e21). The functions and the table are temporary (pg_temp): nothing of this migration stays in the schema.
-- hand-written below
CREATE FUNCTION pg_temp.liaison_job_v2(d jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN d ? 'locations' THEN d ELSE
    (d - 'location' - 'employmentType') || jsonb_build_object(
      'locations', jsonb_build_array(coalesce(nullif(d -> 'location', 'null'::jsonb),
        '{"city": null, "region": null, "postalCode": null, "country": null, "remote": false}'::jsonb)),
      'contractType', CASE d ->> 'employmentType'
        WHEN 'temporary' THEN 'fixed_term'
        WHEN 'contract' THEN 'fixed_term'
        WHEN 'internship' THEN 'internship'
        WHEN 'apprenticeship' THEN 'apprenticeship'
        WHEN 'freelance' THEN 'freelance'
        WHEN 'volunteer' THEN 'volunteer'
        WHEN 'other' THEN 'other'
      END,
      'workingTime', CASE d ->> 'employmentType' WHEN 'full_time' THEN 'full_time' WHEN 'part_time' THEN 'part_time' END,
      'contractLabel', NULL)
  END
$$;
--> statement-breakpoint
-- canonicalJson of importers/sdk/normalise.ts. Keys in code-point order (COLLATE "C"), which is JavaScript's UTF-16
-- order for every key a job has; to_json(text) escapes as JSON.stringify does (\" \\ \b \f \n \r \t, \u00xx).
CREATE FUNCTION pg_temp.liaison_canonical(v jsonb) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  out text := '';
  k text;
BEGIN
  CASE jsonb_typeof(v)
    WHEN 'object' THEN
      FOR k IN SELECT key FROM jsonb_object_keys(v) AS key ORDER BY key COLLATE "C" LOOP
        out := out || CASE WHEN out = '' THEN '' ELSE ',' END || to_json(k)::text || ':' || pg_temp.liaison_canonical(v -> k);
      END LOOP;
      RETURN '{' || out || '}';
    WHEN 'array' THEN
      SELECT coalesce(string_agg(pg_temp.liaison_canonical(e), ',' ORDER BY i), '') INTO out FROM jsonb_array_elements(v) WITH ORDINALITY AS a(e, i);
      RETURN '[' || out || ']';
    WHEN 'string' THEN
      RETURN to_json(v #>> '{}')::text;
    ELSE
      RETURN v::text;
  END CASE;
END
$$;
--> statement-breakpoint
CREATE FUNCTION pg_temp.liaison_job_hash(d jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(pg_temp.liaison_canonical(d - 'contentHash'), 'UTF8')), 'hex')
$$;
--> statement-breakpoint
-- A stored job in the new shape, its contentHash member recomputed.
CREATE FUNCTION pg_temp.liaison_job_rehashed(d jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT v2 || jsonb_build_object('contentHash', pg_temp.liaison_job_hash(v2)) FROM (SELECT pg_temp.liaison_job_v2(d) AS v2) AS x
$$;
--> statement-breakpoint
-- Every content hash a job ever had, with its new one: each state of a job is either its current data or the data
-- an update replaced (kept in that change's `before`); closes and reopens do not change data.
CREATE TEMP TABLE liaison_rehash (old_hash text PRIMARY KEY, new_hash text NOT NULL);
--> statement-breakpoint
INSERT INTO liaison_rehash (old_hash, new_hash)
  SELECT content_hash, pg_temp.liaison_job_rehashed(data) ->> 'contentHash' FROM jobs WHERE NOT data ? 'locations'
  UNION
  SELECT before ->> 'contentHash', pg_temp.liaison_job_rehashed(before -> 'data') ->> 'contentHash'
    FROM job_changes WHERE jsonb_typeof(before -> 'data') = 'object' AND NOT before -> 'data' ? 'locations' AND before ? 'contentHash'
ON CONFLICT (old_hash) DO NOTHING;
--> statement-breakpoint
-- A change's before/after ({status, data?, contentHash, closedAt}): its data converted, its hash mapped.
CREATE FUNCTION pg_temp.liaison_change_v2(c jsonb) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT c
    || CASE WHEN jsonb_typeof(c -> 'data') = 'object' AND NOT c -> 'data' ? 'locations'
         THEN jsonb_build_object('data', pg_temp.liaison_job_rehashed(c -> 'data')) ELSE '{}'::jsonb END
    || coalesce((SELECT jsonb_build_object('contentHash', r.new_hash) FROM liaison_rehash r WHERE r.old_hash = c ->> 'contentHash'), '{}'::jsonb)
$$;
--> statement-breakpoint
UPDATE jobs j SET data = n.data, content_hash = n.data ->> 'contentHash'
FROM (SELECT id, pg_temp.liaison_job_rehashed(data) AS data FROM jobs WHERE NOT data ? 'locations') AS n
WHERE j.id = n.id;
--> statement-breakpoint
UPDATE job_changes SET before = pg_temp.liaison_change_v2(before), after = pg_temp.liaison_change_v2(after)
WHERE before ->> 'contentHash' IN (SELECT old_hash FROM liaison_rehash)
   OR after ->> 'contentHash' IN (SELECT old_hash FROM liaison_rehash)
   OR (jsonb_typeof(before -> 'data') = 'object' AND NOT before -> 'data' ? 'locations');
--> statement-breakpoint
UPDATE run_records r SET job = n.job, content_hash = n.job ->> 'contentHash'
FROM (SELECT run_id, seq, pg_temp.liaison_job_rehashed(job) AS job FROM run_records WHERE jsonb_typeof(job) = 'object' AND NOT job ? 'locations') AS n
WHERE r.run_id = n.run_id AND r.seq = n.seq;
--> statement-breakpoint
DROP FUNCTION pg_temp.liaison_change_v2(jsonb);
--> statement-breakpoint
DROP TABLE liaison_rehash;
--> statement-breakpoint
DROP FUNCTION pg_temp.liaison_job_rehashed(jsonb);
--> statement-breakpoint
DROP FUNCTION pg_temp.liaison_job_hash(jsonb);
--> statement-breakpoint
DROP FUNCTION pg_temp.liaison_canonical(jsonb);
--> statement-breakpoint
DROP FUNCTION pg_temp.liaison_job_v2(jsonb);
