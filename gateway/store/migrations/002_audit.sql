-- The audit trail: an append-only, hash-chained log of disclosure decisions and other events.
-- Each row keeps the exact canonical JSON that was hashed, so verification never re-serialises.
-- hash = SHA-256(prev_hash || body); the first entry's prev_hash is 32 zero bytes.
CREATE TABLE IF NOT EXISTS audit_log (
  seq        bigint PRIMARY KEY,
  prev_hash  bytea  NOT NULL,
  hash       bytea  NOT NULL,
  body       text   NOT NULL,
  -- Derived from the hashed body, so they can neither drift from it nor be written on their own.
  body_seq   bigint GENERATED ALWAYS AS (((body::jsonb) ->> 'id')::bigint) STORED,
  type       text   GENERATED ALWAYS AS ((body::jsonb) ->> 'type') STORED,
  requester  text   GENERATED ALWAYS AS ((body::jsonb) ->> 'requester') STORED,
  subject    text   GENERATED ALWAYS AS ((body::jsonb) ->> 'subject') STORED
);
CREATE INDEX IF NOT EXISTS audit_log_subject ON audit_log (subject, seq);
CREATE INDEX IF NOT EXISTS audit_log_requester ON audit_log (requester, seq);

-- The chain head, one row. Appenders lock it FOR UPDATE inside their own transaction, which
-- serialises appends across every gateway process sharing the database: the next sequence number
-- comes from here (never from a PostgreSQL sequence, which can leave gaps on rollback).
CREATE TABLE IF NOT EXISTS audit_head (
  id    smallint PRIMARY KEY CHECK (id = 1),
  seq   bigint   NOT NULL,
  hash  bytea    NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, decode(repeat('00', 32), 'hex')) ON CONFLICT (id) DO NOTHING;

-- Signed checkpoints of this gateway's log: a compact JWS over {lastSeq, lastHash, at, gateway}.
CREATE TABLE IF NOT EXISTS audit_checkpoints (
  seq      bigint      PRIMARY KEY,
  gateway  text        NOT NULL,
  at       timestamptz NOT NULL,
  jws      text        NOT NULL
);

-- Checkpoints received from peer gateways, kept as witnesses of their logs.
CREATE TABLE IF NOT EXISTS audit_witnesses (
  gateway  text        NOT NULL,
  seq      bigint      NOT NULL,
  received timestamptz NOT NULL DEFAULT now(),
  jws      text        NOT NULL,
  PRIMARY KEY (gateway, seq)
);

CREATE OR REPLACE FUNCTION nrx_audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;

DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION nrx_audit_refuse_change();
DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION nrx_audit_refuse_change();
DROP TRIGGER IF EXISTS audit_checkpoints_no_truncate ON audit_checkpoints;
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION nrx_audit_refuse_change();
DROP TRIGGER IF EXISTS audit_witnesses_no_truncate ON audit_witnesses;
CREATE TRIGGER audit_witnesses_no_truncate BEFORE TRUNCATE ON audit_witnesses
  FOR EACH STATEMENT EXECUTE FUNCTION nrx_audit_refuse_change();
DROP TRIGGER IF EXISTS audit_checkpoints_append_only ON audit_checkpoints;
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION nrx_audit_refuse_change();
DROP TRIGGER IF EXISTS audit_witnesses_append_only ON audit_witnesses;
CREATE TRIGGER audit_witnesses_append_only BEFORE UPDATE OR DELETE ON audit_witnesses
  FOR EACH ROW EXECUTE FUNCTION nrx_audit_refuse_change();

-- Roles other than the owner may only read and append (the owner is held back by the triggers).
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, audit_checkpoints, audit_witnesses FROM PUBLIC;
