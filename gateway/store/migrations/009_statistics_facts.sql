-- Statistics facts: one row per countable thing (a referral, an identification, a need, an
-- assistance offer, a reason she gave for declining one, a status update, a consent record),
-- with the published dimensions as plain columns so that a table is one GROUP BY over narrow rows.
-- Triggers keep it in step with every write, whoever makes it; a value the document does not
-- carry is 'unknown'. Multi-valued dimensions take the first value (the first episode's first
-- form and sector), so that every table stays additive and its margins are exact sums.
-- Partitioned by measure: a table counts one measure, so it reads only that measure's rows.
CREATE TABLE IF NOT EXISTS stat_facts (
  source         uuid NOT NULL,
  measure        text NOT NULL,
  month          text NOT NULL,
  sender         text NOT NULL,
  sex            text NOT NULL,
  age_band       text NOT NULL,
  form           text NOT NULL,
  sector         text NOT NULL,
  need_category  text NOT NULL,
  outcome        text NOT NULL,
  decline_reason text NOT NULL
) PARTITION BY LIST (measure);
CREATE TABLE IF NOT EXISTS stat_facts_referrals PARTITION OF stat_facts FOR VALUES IN ('referrals');
CREATE TABLE IF NOT EXISTS stat_facts_identifications PARTITION OF stat_facts FOR VALUES IN ('identifications');
CREATE TABLE IF NOT EXISTS stat_facts_needs PARTITION OF stat_facts FOR VALUES IN ('needs');
CREATE TABLE IF NOT EXISTS stat_facts_offers PARTITION OF stat_facts FOR VALUES IN ('offers');
CREATE TABLE IF NOT EXISTS stat_facts_decline_reasons PARTITION OF stat_facts FOR VALUES IN ('declineReasons');
CREATE TABLE IF NOT EXISTS stat_facts_status_updates PARTITION OF stat_facts FOR VALUES IN ('statusUpdates');
CREATE TABLE IF NOT EXISTS stat_facts_consents PARTITION OF stat_facts FOR VALUES IN ('consents');
CREATE INDEX IF NOT EXISTS stat_facts_source ON stat_facts (source);
CREATE INDEX IF NOT EXISTS stat_facts_month ON stat_facts (measure, month);

-- The statistics age band of an age in whole years.
CREATE OR REPLACE FUNCTION stat_age_band(age integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN age IS NULL OR age < 0 THEN 'unknown'
    WHEN age < 12 THEN '0-11'
    WHEN age < 18 THEN '12-17'
    WHEN age < 25 THEN '18-24'
    WHEN age < 35 THEN '25-34'
    WHEN age < 45 THEN '35-44'
    WHEN age < 60 THEN '45-59'
    ELSE '60+' END
$$;

-- Her age when the referral was made: from the date of birth, else the lower bound of the age band given.
CREATE OR REPLACE FUNCTION stat_age(person jsonb, at timestamptz) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN person->>'dateOfBirth' ~ '^\d{4}-\d{2}-\d{2}$'
      THEN extract(year FROM age(at::date, (person->>'dateOfBirth')::date))::integer
    WHEN person->>'ageBand' ~ '^\d{1,2}'
      THEN substring(person->>'ageBand' FROM '^\d{1,2}')::integer
    ELSE NULL END
$$;

-- The facts of one referral: one statement for all of them, the measure-specific columns from its lists.
CREATE OR REPLACE FUNCTION stat_referral_facts_of(id uuid, sender text, status text, created timestamptz, document jsonb)
RETURNS SETOF stat_facts LANGUAGE sql STABLE AS $$
  SELECT id, f.measure, to_char(created AT TIME ZONE 'UTC', 'YYYY-MM'), sender,
         coalesce(p->>'sex', 'unknown'), stat_age_band(stat_age(p, created)),
         coalesce(e->'forms'->>0, 'unknown'), coalesce(e->'sectors'->>0, 'unknown'),
         f.need_category, f.outcome, f.decline_reason
  FROM (SELECT coalesce(document->'sections'->'person', '{}'::jsonb) AS p,
               coalesce(document->'sections'->'traffickingEpisodes'->0, '{}'::jsonb) AS e,
               document->'sections' AS sections) AS d,
  LATERAL (
    SELECT 'referrals' AS measure, 'unknown' AS need_category, status AS outcome, 'unknown' AS decline_reason
    UNION ALL
    SELECT 'identifications', 'unknown', coalesce(i->>'status', 'unknown'), 'unknown'
      FROM jsonb_array_elements(coalesce(d.sections->'identifications', '[]'::jsonb)) AS i
    UNION ALL
    SELECT 'needs', coalesce(n->>'category', 'unknown'), coalesce(n->>'status', 'unknown'), 'unknown'
      FROM jsonb_array_elements(coalesce(d.sections->'needs', '[]'::jsonb)) AS n
    UNION ALL
    SELECT 'offers', coalesce(o->>'serviceCategory', 'unknown'), coalesce(o->>'decision', 'unknown'), coalesce(o->'declineReasons'->>0, 'unknown')
      FROM jsonb_array_elements(coalesce(d.sections->'assistanceOffers', '[]'::jsonb)) AS o
    UNION ALL
    SELECT 'declineReasons', coalesce(o->>'serviceCategory', 'unknown'), coalesce(o->>'decision', 'unknown'), r
      FROM jsonb_array_elements(coalesce(d.sections->'assistanceOffers', '[]'::jsonb)) AS o,
           jsonb_array_elements_text(coalesce(o->'declineReasons', '[]'::jsonb)) AS r
  ) AS f
$$;

CREATE OR REPLACE FUNCTION stat_referral_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM stat_facts WHERE source = NEW.id;
  END IF;
  INSERT INTO stat_facts SELECT * FROM stat_referral_facts_of(NEW.id, NEW.sender, NEW.status, NEW.created, NEW.document);
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS referrals_stat_facts ON referrals;
CREATE TRIGGER referrals_stat_facts AFTER INSERT OR UPDATE OF status, document ON referrals
  FOR EACH ROW EXECUTE FUNCTION stat_referral_facts();

CREATE OR REPLACE FUNCTION stat_status_update_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stat_facts
    SELECT NEW.id, 'statusUpdates', to_char(NEW.at AT TIME ZONE 'UTC', 'YYYY-MM'), f.sender, f.sex, f.age_band, f.form, f.sector,
           'unknown', NEW.status, coalesce(NEW.document->'reasons'->>0, 'unknown')
    FROM stat_facts f WHERE f.source = NEW.referral_id AND f.measure = 'referrals';
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS status_updates_stat_facts ON status_updates;
CREATE TRIGGER status_updates_stat_facts AFTER INSERT ON status_updates
  FOR EACH ROW EXECUTE FUNCTION stat_status_update_facts();

CREATE OR REPLACE FUNCTION stat_consent_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM stat_facts WHERE source = NEW.id;
  END IF;
  INSERT INTO stat_facts VALUES
    (NEW.id, 'consents', to_char(NEW.recorded AT TIME ZONE 'UTC', 'YYYY-MM'), NEW.recorded_by, 'unknown', 'unknown', 'unknown', 'unknown',
     'unknown', CASE WHEN NEW.withdrawn_at IS NULL THEN coalesce(NEW.document->>'decision', 'unknown') ELSE 'withdrawn' END, 'unknown');
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS consent_records_stat_facts ON consent_records;
CREATE TRIGGER consent_records_stat_facts AFTER INSERT OR UPDATE OF withdrawn_at ON consent_records
  FOR EACH ROW EXECUTE FUNCTION stat_consent_facts();

-- The facts of what was stored before this migration, in one statement.
INSERT INTO stat_facts SELECT f.* FROM referrals r, LATERAL stat_referral_facts_of(r.id, r.sender, r.status, r.created, r.document) AS f;
INSERT INTO stat_facts
  SELECT s.id, 'statusUpdates', to_char(s.at AT TIME ZONE 'UTC', 'YYYY-MM'), f.sender, f.sex, f.age_band, f.form, f.sector,
         'unknown', s.status, coalesce(s.document->'reasons'->>0, 'unknown')
  FROM status_updates s JOIN stat_facts f ON f.source = s.referral_id AND f.measure = 'referrals';
UPDATE consent_records SET withdrawn_at = withdrawn_at;
