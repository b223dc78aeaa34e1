-- What drains did for each job (MtQueueStore.addTallies / tally): kept with the job, so that any instance reports the
-- figures of a job a worker elsewhere drains (a web instance following `tandem translate`).
ALTER TABLE mt_jobs
  ADD COLUMN drafts integer NOT NULL DEFAULT 0,
  ADD COLUMN memory_drafts integer NOT NULL DEFAULT 0,
  ADD COLUMN requests integer NOT NULL DEFAULT 0,
  -- Requests whose first text was this job's: the sum over jobs counts each request once.
  ADD COLUMN first_requests integer NOT NULL DEFAULT 0,
  ADD COLUMN characters bigint NOT NULL DEFAULT 0;
