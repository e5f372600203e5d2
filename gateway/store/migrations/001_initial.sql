-- Referrals: the spec document as jsonb plus the columns the gateway filters on.
CREATE TABLE IF NOT EXISTS referrals (
  seq        bigserial   NOT NULL UNIQUE,
  id         uuid        PRIMARY KEY,
  sender     text        NOT NULL,
  recipient  text        NOT NULL,
  purpose    text        NOT NULL,
  subject    text        NOT NULL,
  status     text        NOT NULL,
  created    timestamptz NOT NULL,
  updated    timestamptz NOT NULL,
  document   jsonb       NOT NULL
);
CREATE INDEX IF NOT EXISTS referrals_sender_seq ON referrals (sender, seq DESC);
CREATE INDEX IF NOT EXISTS referrals_recipient_seq ON referrals (recipient, seq DESC);
CREATE INDEX IF NOT EXISTS referrals_subject ON referrals (subject);
CREATE INDEX IF NOT EXISTS referrals_status ON referrals (status);
CREATE INDEX IF NOT EXISTS referrals_purpose ON referrals (purpose);
CREATE INDEX IF NOT EXISTS referrals_created ON referrals (created);

-- Status updates: every change of a referral's status, fed back to the sender.
CREATE TABLE IF NOT EXISTS status_updates (
  seq          bigserial   NOT NULL UNIQUE,
  id           uuid        PRIMARY KEY,
  referral_id  uuid        NOT NULL REFERENCES referrals (id) ON DELETE CASCADE,
  author       text        NOT NULL,
  status       text        NOT NULL,
  at           timestamptz NOT NULL,
  document     jsonb       NOT NULL
);
CREATE INDEX IF NOT EXISTS status_updates_referral ON status_updates (referral_id, seq);

-- Consent records as recorded by a member, with their withdrawal.
CREATE TABLE IF NOT EXISTS consent_records (
  seq          bigserial   NOT NULL UNIQUE,
  id           uuid        PRIMARY KEY,
  subject      text        NOT NULL,
  recorded_by  text        NOT NULL,
  recorded     timestamptz NOT NULL,
  withdrawn_at timestamptz,
  document     jsonb       NOT NULL
);
CREATE INDEX IF NOT EXISTS consent_records_subject ON consent_records (subject, seq);
