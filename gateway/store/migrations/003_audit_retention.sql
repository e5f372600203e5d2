-- Retention and the officer's queries over the audit trail.

-- Columns the data-protection officer filters on, derived from the hashed body like the others.
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS purpose text GENERATED ALWAYS AS ((body::jsonb) ->> 'purpose') STORED;
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS at text GENERATED ALWAYS AS ((body::jsonb) ->> 'at') STORED;
CREATE INDEX IF NOT EXISTS audit_log_type ON audit_log (type, seq);
CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (at);

-- Where the retained log starts. Pruning moves it forward to a signed checkpoint and deletes the
-- entries up to it; verify starts from the anchor's hash, checked against the checkpoint's signature.
CREATE TABLE IF NOT EXISTS audit_anchor (
  id    smallint PRIMARY KEY CHECK (id = 1),
  seq   bigint   NOT NULL,
  hash  bytea    NOT NULL,
  jws   text
);
INSERT INTO audit_anchor (id, seq, hash, jws) VALUES (1, 0, decode(repeat('00', 32), 'hex'), NULL) ON CONFLICT (id) DO NOTHING;

-- Entries may be deleted only up to the anchor (retention); every other change is refused.
CREATE OR REPLACE FUNCTION nrx_audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND TG_LEVEL = 'ROW' AND TG_TABLE_NAME = 'audit_log' THEN
    IF OLD.seq <= (SELECT seq FROM audit_anchor WHERE id = 1) THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;

-- The anchor only moves forward.
CREATE OR REPLACE FUNCTION nrx_audit_anchor_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR NEW.seq < OLD.seq THEN
    RAISE EXCEPTION 'the audit anchor only moves forward' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS audit_anchor_forward ON audit_anchor;
CREATE TRIGGER audit_anchor_forward BEFORE UPDATE OR DELETE ON audit_anchor
  FOR EACH ROW EXECUTE FUNCTION nrx_audit_anchor_forward();

-- The officer's notes on overrides. The note is free text and may name people, so it stays out of
-- the audit trail: the review's audit entry carries the note's SHA-256.
CREATE TABLE IF NOT EXISTS audit_override_reviews (
  entry_seq    bigint      PRIMARY KEY,
  reviewed_by  text        NOT NULL,
  reviewed_at  timestamptz NOT NULL,
  note         text        NOT NULL,
  review_seq   bigint      NOT NULL
);
