-- The proof that a peer gateway's audit log forked or was rewritten: two checkpoints it signed for
-- the same entry with different hashes, the one held first and the one offered later, both kept
-- exactly as they arrived (each verifies with the peer's key from the trust list).
CREATE TABLE IF NOT EXISTS audit_witness_forks (
  gateway     text        NOT NULL,
  seq         bigint      NOT NULL,
  held_jws    text        NOT NULL,
  offered_jws text        NOT NULL,
  received    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (gateway, seq, offered_jws)
);
