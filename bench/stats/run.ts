/**
 * Statistics tables over 1,000,000 case records (referrals with her sex, date of birth, an
 * episode, an identification, a need and an offer, a third of them declined with a reason), on
 * the embedded store and, with --database-url, on a PostgreSQL server. Each table is timed end to
 * end as the gateway answers it (the facts table's GROUP BY, the trust list's member properties,
 * suppression and its linear-programming audit) against the baseline of the same counts taken
 * from the referral documents themselves (a GROUP BY over jsonb, nothing suppressed), in the
 * same run. The records are loaded in batches with the trigger paused, and their facts written
 * by the very function the trigger calls (stat_referral_facts_of, migration 009), in one statement.
 * Not a test; run `node bench/stats/run.ts [--records N] [--database-url URL]`; exits 1 when a
 * table takes longer than 2 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Queryable } from '../../gateway/store/db.ts';
import { openStore } from '../../gateway/store/index.ts';
import { countTable } from '../../gateway/statistics/local.ts';
import { parseQuestion } from '../../gateway/statistics/index.ts';
import type { MemberProperties } from '../../gateway/statistics/counts.ts';

const { values: args } = parseArgs({ options: { records: { type: 'string', default: '1000000' }, 'database-url': { type: 'string' }, rounds: { type: 'string', default: '3' } } });
const RECORDS = Number(args.records);
const ROUNDS = Number(args.rounds);
const TARGET_MS = 2000;
const BATCH = 50_000;

const MEMBERS: Record<string, MemberProperties> = {
  'RS/GOV/POLICE': { memberClass: 'GOV', agencyType: 'police', country: 'RS' },
  'RS/GOV/CPTV': { memberClass: 'GOV', agencyType: 'coordinating-body', country: 'RS' },
  'RS/NGO/ATINA': { memberClass: 'NGO', agencyType: 'shelter', country: 'RS' },
  'RS/NGO/ASTRA': { memberClass: 'NGO', agencyType: 'sos-helpline', country: 'RS' },
  'RS/GOV/CSR-BG': { memberClass: 'GOV', agencyType: 'social-work-centre', country: 'RS' },
};

/** A skewed pick from an SQL array literal by a pseudo-random fraction of g: early codes common, late ones rare. */
const pick = (codes: string[], salt: number) => `(ARRAY[${codes.map((c) => `'${c}'`).join(',')}])[1 + floor(power(((g * ${salt}) % 1009) / 1009.0, 3) * ${codes.length})::int]`;

const SEXES = ['female', 'male', 'unknown', 'other'];
const FORMS = ['sexual-exploitation', 'forced-labour', 'domestic-servitude', 'forced-begging', 'forced-criminality', 'forced-marriage', 'illegal-adoption', 'organ-removal'];
const SECTORS = ['agriculture', 'construction', 'hospitality', 'domestic-work', 'manufacturing'];
const NEEDS = ['accommodation.shelter', 'medical.general', 'legal.counselling', 'psychosocial.counselling', 'financial.cash'];
const REASONS = ['wants-to-go-home', 'distrust', 'family-obligations', 'conditions-too-strict'];
const STATUSES = ['sent', 'accepted', 'completed', 'declined-by-person', 'in-progress'];

async function load(db: Queryable): Promise<number> {
  const started = performance.now();
  await db.query('ALTER TABLE referrals DISABLE TRIGGER referrals_stat_facts');
  for (let from = 1; from <= RECORDS; from += BATCH) {
    const to = Math.min(RECORDS, from + BATCH - 1);
    await db.query(`
      INSERT INTO referrals (id, sender, recipient, purpose, subject, status, created, updated, document)
      SELECT gen_random_uuid(), ${pick(Object.keys(MEMBERS), 7919)}, 'RS/NGO/ATINA', 'assistance', 'bench-' || g, ${pick(STATUSES, 104729)}, c, c,
        jsonb_build_object('sections', jsonb_build_object(
          'person', jsonb_build_object('sex', ${pick(SEXES, 613)}, 'dateOfBirth', (c - make_interval(years => (8 + (g * 37) % 60)::int))::date::text),
          'traffickingEpisodes', jsonb_build_array(jsonb_build_object('forms', jsonb_build_array(${pick(FORMS, 389)}), 'sectors', jsonb_build_array(${pick(SECTORS, 947)}))),
          'identifications', jsonb_build_array(jsonb_build_object('status', ${pick(['identified', 'presumed', 'potential'], 211)})),
          'needs', jsonb_build_array(jsonb_build_object('category', ${pick(NEEDS, 331)}, 'status', ${pick(['open', 'met', 'unmet'], 673)})),
          'assistanceOffers', jsonb_build_array(CASE WHEN g % 3 = 0
            THEN jsonb_build_object('serviceCategory', ${pick(NEEDS, 467)}, 'decision', 'declined', 'declineReasons', jsonb_build_array(${pick(REASONS, 853)}))
            ELSE jsonb_build_object('serviceCategory', ${pick(NEEDS, 467)}, 'decision', 'accepted') END)))
      FROM (SELECT g, timestamptz '2020-01-01' + make_interval(days => ((g * 53) % 2190)::int) AS c FROM generate_series(${from}::bigint, ${to}::bigint) AS g) AS s`);
    process.stderr.write(`\rloaded ${to.toLocaleString('en')} records`);
  }
  process.stderr.write('\n');
  await db.query('INSERT INTO stat_facts SELECT f.* FROM referrals r, LATERAL stat_referral_facts_of(r.id, r.sender, r.status, r.created, r.document) AS f');
  await db.query('ALTER TABLE referrals ENABLE TRIGGER referrals_stat_facts');
  await db.query('ANALYZE stat_facts');
  return performance.now() - started;
}

const QUESTIONS = [
  { question: parseQuestion({ measure: 'referrals', dimensions: ['year', 'sex'] }), baseline: `SELECT to_char(created, 'YYYY') AS a, document->'sections'->'person'->>'sex' AS b, count(*) FROM referrals GROUP BY 1, 2` },
  {
    question: parseQuestion({ measure: 'referrals', dimensions: ['ageBand', 'exploitationForm', 'senderAgencyType'] }),
    baseline: `SELECT stat_age_band(stat_age(document->'sections'->'person', created)) AS a, document->'sections'->'traffickingEpisodes'->0->'forms'->>0 AS b, sender AS c, count(*) FROM referrals GROUP BY 1, 2, 3`,
  },
  {
    question: parseQuestion({ measure: 'declineReasons', dimensions: ['declineReason', 'year', 'sex'] }),
    baseline: `SELECT r AS a, to_char(created, 'YYYY') AS b, document->'sections'->'person'->>'sex' AS c, count(*) FROM referrals, jsonb_array_elements(document->'sections'->'assistanceOffers') AS o, jsonb_array_elements_text(coalesce(o->'declineReasons', '[]'::jsonb)) AS r GROUP BY 1, 2, 3`,
  },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function main() {
  const databaseUrl = args['database-url'];
  const schema = databaseUrl ? `nrx_bench_stats_${Date.now().toString(36)}` : undefined;
  // The embedded store on disk, as a gateway keeps it: a million records do not fit its memory.
  const dataDir = databaseUrl ? undefined : mkdtempSync(join(tmpdir(), 'nrx-bench-stats-'));
  const store = await openStore(databaseUrl ? { databaseUrl, schema: schema! } : { dataDir: dataDir! });
  let missed = false;
  try {
    const loadMs = await load(store.db);
    const facts = Number((await store.db.query<{ n: string }>('SELECT count(*) AS n FROM stat_facts')).rows[0]!.n);
    console.log(`store: ${store.db.kind}; ${RECORDS.toLocaleString('en')} case records (${facts.toLocaleString('en')} facts) loaded in ${(loadMs / 1000).toFixed(0)} s`);
    console.log('| table | cells | suppressed | gateway answer (facts table + suppression) | baseline (GROUP BY over the documents) | ratio |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const { question, baseline } of QUESTIONS) {
      const ours: number[] = [];
      const theirs: number[] = [];
      let cells = 0;
      let suppressed = 0;
      // Alternating rounds, as other work on the machine drifts; the first of each warms caches and loads HiGHS, and is not counted.
      for (let round = 0; round <= ROUNDS; round++) {
        ours.push(await time(async () => {
          const table = await countTable(store.db, question, (id) => MEMBERS[id], { k: 11, maxCells: 5000 });
          cells = table.cells.length;
          suppressed = table.suppression.primary + table.suppression.secondary;
        }));
        theirs.push(await time(() => store.db.query(baseline)));
        if (round === 0) ours.pop(), theirs.pop();
      }
      const [a, b] = [median(ours), median(theirs)];
      if (a > TARGET_MS) missed = true;
      console.log(`| ${question.measure} by ${question.dimensions.join(' × ')} | ${cells} | ${suppressed} | ${a.toFixed(0)} ms | ${b.toFixed(0)} ms | ${(b / a).toFixed(1)}× faster |`);
    }
  } finally {
    if (schema) await store.db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await store.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
  if (missed) {
    console.log(`a table took longer than the ${TARGET_MS} ms target`);
    process.exitCode = 1;
  }
}

await main();
