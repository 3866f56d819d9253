-- Version 1 of the state of kombo-interview-routes (kombo.state.store=jdbc). Applied once, in one transaction,
-- by the first replica that starts (JdbcStateStore / SchemaMigrations); a script that has shipped is never
-- edited: a change is a new V<n>__<what>.sql, listed in SchemaMigrations.

-- Per integration (kombo.integrations name): where the next run starts, and where a run in progress stands.
-- The checkpoint columns are all null while no run is in progress; they are written together, in one statement.
CREATE TABLE kombo_sync_state (
    integration     text PRIMARY KEY,
    watermark       text,          -- the start of the last complete, delivered run (sent as updated_after)
    watermark_at    timestamptz,
    run_started_at  text,          -- the checkpoint: the run it belongs to, its filter and the next cursor ...
    updated_after   text,
    next_cursor     text,
    pages_done      integer,       -- ... and the counts of the pages before that cursor
    records_done    bigint,
    deleted_done    bigint,
    rejected_done   bigint,
    checkpoint_at   timestamptz,
    CONSTRAINT kombo_sync_state_checkpoint_whole CHECK ((run_started_at IS NULL) = (next_cursor IS NULL))
);

-- Integrations Kombo told us to stop using (by Kombo integration id). The first suspension stays.
CREATE TABLE kombo_suspension (
    integration_id  text PRIMARY KEY,
    status          integer NOT NULL,
    code            text,
    title           text,
    message         text,
    log_url         text,
    since           timestamptz NOT NULL,
    replica         text           -- kombo.cluster.node-id of the replica that suspended it
);

-- Records the sinks could not take, waiting for a replay. A batch is one page of one run; the record is kept
-- as Kombo sent it, byte for byte.
CREATE TABLE kombo_kept_record (
    integration  text NOT NULL,
    run          text NOT NULL,
    page         integer NOT NULL,
    position     integer NOT NULL,  -- the record's place among the batch's kept records
    kept_at      timestamptz NOT NULL,
    reason       text NOT NULL,
    record       bytea NOT NULL,
    PRIMARY KEY (integration, run, page, position)
);

-- Idempotency keys of inbound updates (kombo.update.idempotency-store=shared). A row is a claim while outcome
-- is null; claim changes with every claim, so that of two replicas re-claiming one key only one succeeds.
CREATE TABLE kombo_idempotency_key (
    key_sha256   bytea PRIMARY KEY,  -- of the integration id and the caller's key
    key          text NOT NULL,
    claim        uuid NOT NULL,
    touched_at   timestamptz NOT NULL,  -- claimed, or answered: the in-flight timeout and the window count from it
    result       text,                  -- APPLIED, REJECTED, ... FAILED (may have been applied)
    outcome      text                   -- the answer as JSON, handed back to repeats
);
CREATE INDEX kombo_idempotency_key_touched_at ON kombo_idempotency_key (touched_at);
