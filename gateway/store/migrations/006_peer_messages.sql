-- Messages between gateways (spec/peer-protocol.md).
--
-- The outbox: every signed message this gateway owes a peer, written in the same transaction as the
-- change (and its audit entry) that caused it, so a message is never lost and never sent for a change
-- that rolled back. A delivery worker claims due rows with FOR UPDATE SKIP LOCKED, so replicas on one
-- server never claim the same row; a claim moves next_attempt_at forward by the call's lease, so a
-- message whose sender died mid-call is due again once the lease has passed (the receiver's
-- idempotency key makes that second delivery change nothing).
CREATE TABLE IF NOT EXISTS peer_outbox (
  seq             bigserial   NOT NULL UNIQUE,
  id              uuid        PRIMARY KEY,   -- the message id: the receiver's idempotency key
  kind            text        NOT NULL,      -- referral | status-update
  referral_id     uuid        NOT NULL,
  sender          text        NOT NULL,      -- the member that signs it
  recipient       text        NOT NULL,      -- the member it is for
  message         text        NOT NULL,      -- the signed message (compact JWS) as queued
  state           text        NOT NULL,      -- pending | delivered | dead | stopped
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error_code text,
  last_error      text,
  -- For a referral: pointers the consent check at delivery withheld beyond what was queued.
  narrowed        jsonb,
  sent_message    text,                      -- the message actually sent, when it differs from the queued one
  receipt         text,                      -- the peer's signed receipt (compact JWS)
  delivered_at    timestamptz,
  created         timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS peer_outbox_due ON peer_outbox (next_attempt_at, seq) WHERE state = 'pending';
CREATE INDEX IF NOT EXISTS peer_outbox_referral ON peer_outbox (referral_id, seq);

-- The inbox: one row per message accepted from a peer, under its message id, with the digest of what
-- arrived and the receipt given. A message arriving again (a retry, another replica's send) gets the
-- same receipt and changes nothing; one reusing an id with other content is refused as a replay.
CREATE TABLE IF NOT EXISTS peer_inbox (
  message_id  uuid        PRIMARY KEY,
  kind        text        NOT NULL,
  sender      text        NOT NULL,
  recipient   text        NOT NULL,
  referral_id uuid        NOT NULL,
  digest      text        NOT NULL,
  receipt     text        NOT NULL,
  received_at timestamptz NOT NULL
);

-- A referral received from a peer is held by its recipient, who is its controller from then on
-- (the sender's copy stays with the sender); null for referrals submitted at this gateway.
ALTER TABLE referrals ADD COLUMN IF NOT EXISTS holder text;
