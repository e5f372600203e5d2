-- The trust lists this gateway has put in force, one row per sequence and federation, kept across
-- restarts: at start-up a list older than the newest accepted one (an old file put back, a replayed
-- answer of the operator's URL) is a rollback and is refused. The digest tells a list re-issued
-- under a sequence already used apart from the one accepted then.
CREATE TABLE IF NOT EXISTS trust_list_accepted (
  federation  text NOT NULL,
  sequence    bigint NOT NULL,
  digest      text NOT NULL,
  operator    text NOT NULL,
  issued      timestamptz NOT NULL,
  accepted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (federation, sequence)
);
