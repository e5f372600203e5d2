-- The consents a referral's envelope carried, by id: as queued, then as sent once delivered (the
-- consent check at delivery may have carried fewer). A consent withdrawn after delivery finds here
-- the referrals whose recipients must be told (spec/peer-protocol.md §10) without opening every
-- signed message. Null for the other kinds.
ALTER TABLE peer_outbox ADD COLUMN IF NOT EXISTS consent_ids text[];

-- Referrals queued before this column: their ids from the signed message itself (the payload, the
-- JWS's middle part, is base64url JSON), the message as sent when it differs from the queued one.
UPDATE peer_outbox o SET consent_ids = ARRAY(
  SELECT c->>'id'
  FROM jsonb_array_elements(COALESCE(
    convert_from(decode(rpad(translate(p.part, '-_', '+/'), ((length(p.part) + 3) / 4) * 4, '='), 'base64'), 'UTF8')::jsonb -> 'consents',
    '[]'::jsonb)) AS c
  WHERE c->>'id' IS NOT NULL)
FROM (SELECT id, split_part(COALESCE(sent_message, message), '.', 2) AS part FROM peer_outbox WHERE kind = 'referral' AND consent_ids IS NULL) AS p
WHERE o.id = p.id;

CREATE INDEX IF NOT EXISTS peer_outbox_consents ON peer_outbox USING gin (consent_ids) WHERE kind = 'referral';
