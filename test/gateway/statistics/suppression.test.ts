/**
 * Statistics over generated case data: 10,000 subjects across three gateways' stores. No published
 * cell counts fewer than k people, no suppressed cell can be narrowed below k by solving the
 * published table, and a federated table agrees with each gateway's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../gateway/store/index.ts';
import { countTable } from '../../../gateway/statistics/local.ts';
import { combineTables } from '../../../gateway/statistics/combine.ts';
import { suppressedTable } from '../../../gateway/statistics/table.ts';
import { parseQuestion, type StatisticsQuestion, type StatisticsTable } from '../../../gateway/statistics/index.ts';
import type { MemberProperties } from '../../../gateway/statistics/counts.ts';
import { randomSchema } from '../support/federation.ts';
import { attack } from './attack.ts';
import { caseDocuments, storeCases } from './cases.ts';

const databaseUrl = process.env.NRX_TEST_DATABASE_URL;
const K = 11;
const settings = { k: K, maxCells: 5000 };

const MEMBERS: Record<string, MemberProperties> = {
  'RS/GOV/POLICE': { memberClass: 'GOV', agencyType: 'police', country: 'RS' },
  'RS/NGO/ATINA': { memberClass: 'NGO', agencyType: 'shelter', country: 'RS' },
  'RS/GOV/CSR-BG': { memberClass: 'GOV', agencyType: 'social-work-centre', country: 'RS' },
  'AT/GOV/BK': { memberClass: 'GOV', agencyType: 'police', country: 'AT' },
  'AT/NGO/LEFOE': { memberClass: 'NGO', agencyType: 'victim-service', country: 'AT' },
  'MD/GOV/CNPT': { memberClass: 'GOV', agencyType: 'coordinating-body', country: 'MD' },
  'MD/NGO/LS': { memberClass: 'NGO', agencyType: 'shelter', country: 'MD' },
};
const memberOf = (id: string) => MEMBERS[id];

const GATEWAYS = [
  { name: 'rs', subjects: 5000, senders: ['RS/GOV/POLICE', 'RS/NGO/ATINA', 'RS/GOV/CSR-BG'], recipient: 'RS/NGO/ATINA' },
  { name: 'at', subjects: 3000, senders: ['AT/GOV/BK', 'AT/NGO/LEFOE'], recipient: 'AT/NGO/LEFOE' },
  { name: 'md', subjects: 2000, senders: ['MD/GOV/CNPT', 'MD/NGO/LS'], recipient: 'MD/NGO/LS' },
];

const QUESTIONS: StatisticsQuestion[] = [
  parseQuestion({ measure: 'referrals', dimensions: ['sex'] }),
  parseQuestion({ measure: 'referrals', dimensions: ['month', 'exploitationForm'], from: '2024-01', to: '2024-03' }),
  parseQuestion({ measure: 'referrals', dimensions: ['ageBand', 'sex', 'senderAgencyType'] }),
  parseQuestion({ measure: 'declineReasons', dimensions: ['declineReason', 'sex'] }),
  parseQuestion({ measure: 'needs', dimensions: ['needCategory', 'outcome', 'year'], from: '2023-01', to: '2024-12' }),
];

const stores: Store[] = [];
const schemas: string[] = [];

beforeAll(async () => {
  for (const [i, g] of GATEWAYS.entries()) {
    const schema = databaseUrl ? randomSchema(`nrx_stats_${g.name}`) : undefined;
    if (schema) schemas.push(schema);
    const store = await openStore(databaseUrl ? { databaseUrl, schema: schema! } : {});
    stores.push(store);
    await storeCases(store.db, caseDocuments({ seed: 100 + i, subjects: g.subjects, senders: g.senders, recipient: g.recipient }), { bulk: true });
  }
}, 300_000);

afterAll(async () => {
  for (const [i, store] of stores.entries()) {
    if (schemas[i]) await store.db.query(`DROP SCHEMA IF EXISTS ${schemas[i]} CASCADE`);
    await store.close();
  }
});

/** The exact counts of a table's cells: the same question with k = 1, where nothing is suppressed. */
async function trueCounts(store: Store, question: StatisticsQuestion): Promise<Map<string, number>> {
  const exact = await countTable(store.db, question, memberOf, { k: 1, maxCells: 100_000 });
  return new Map(exact.cells.map((c) => [c.values.join('|'), c.count!]));
}

describe('a gateway\'s own table', () => {
  it('counts every generated case once, in the grand total', async () => {
    const table = await countTable(stores[0]!.db, QUESTIONS[0]!, memberOf, settings);
    expect(table.cells.find((c) => c.values.every((v) => v === '*'))!.count).toBe(5000);
  });

  for (const question of QUESTIONS) {
    it(`publishes no cell below k and none recoverable: ${question.measure} by ${question.dimensions.join(', ')}`, async () => {
      let primaries = 0;
      for (const store of stores) {
        const table = await countTable(store.db, question, memberOf, settings);
        const truth = await trueCounts(store, question);
        primaries += table.suppression.primary;
        const published = table.cells.filter((c) => c.count !== null);
        expect(published.filter((c) => c.count! > 0 && c.count! < K)).toEqual([]);
        const suppressed = table.cells.filter((c) => c.count === null);
        expect(suppressed.length).toBe(table.suppression.primary + table.suppression.secondary);
        // Every suppressed cell says why; the attacker's interval from the published table is at least k wide and holds the truth.
        const intervals = await attack(table);
        for (const cell of suppressed) {
          expect(['primary', 'secondary']).toContain(cell.suppressed);
          const { low, high } = intervals.get(cell.values.join('|'))!;
          expect(high - low, `cell ${cell.values.join(', ')}`).toBeGreaterThanOrEqual(K);
          const value = truth.get(cell.values.join('|'))!;
          expect(value).toBeGreaterThanOrEqual(low - 1e-6);
          expect(value).toBeLessThanOrEqual(high + 1e-6);
        }
      }
      // The generated data has rare categories, so that tables of two dimensions or more have cells to protect.
      if (question.dimensions.length > 1) expect(primaries).toBeGreaterThan(0);
    }, 120_000);
  }
});

describe('a federated table', () => {
  for (const question of QUESTIONS.slice(1, 4)) {
    it(`combines the gateways' suppressed tables consistently: ${question.measure} by ${question.dimensions.join(', ')}`, async () => {
      const parts = await Promise.all(stores.map(async (store, i) => ({ gateway: GATEWAYS[i]!.name, table: await countTable(store.db, question, memberOf, settings) })));
      const combined = combineTables(question, parts);
      expect(combined.sources).toEqual(GATEWAYS.map((g) => ({ gateway: g.name, answered: true })));
      const partCell = (table: StatisticsTable, values: string[]) => table.cells.find((c) => c.values.join('|') === values.join('|'));
      for (const cell of combined.cells) {
        const own = parts.map((p) => partCell(p.table, cell.values));
        if (own.some((c) => c && c.count === null)) {
          // Never summed as if a suppressed part were zero.
          expect(cell).toMatchObject({ count: null, suppressed: 'peer' });
        } else {
          expect(cell.count).toBe(own.reduce((sum, c) => sum + (c?.count ?? 0), 0));
        }
      }
      // The grand total is each gateway's grand total added up (they are large and published).
      const grand = (t: StatisticsTable) => t.cells.find((c) => c.values.every((v) => v === '*'))!.count!;
      expect(grand(combined)).toBe(parts.reduce((sum, p) => sum + grand(p.table), 0));
      // Nothing published below k, and solving the combined table alone narrows no suppressed cell below k.
      expect(combined.cells.filter((c) => c.count !== null && c.count > 0 && c.count < K)).toEqual([]);
      const intervals = await attack(combined);
      for (const cell of combined.cells.filter((c) => c.count === null)) {
        const { low, high } = intervals.get(cell.values.join('|'))!;
        expect(high - low, `cell ${cell.values.join(', ')}`).toBeGreaterThanOrEqual(K);
      }
    }, 120_000);
  }

  it('reports a gateway that did not answer and counts only the others', async () => {
    const question = QUESTIONS[0]!;
    const own = await countTable(stores[0]!.db, question, memberOf, settings);
    const combined = combineTables(question, [{ gateway: 'rs', table: own }, { gateway: 'at', error: 'PEER_UNREACHABLE' }]);
    expect(combined.sources).toEqual([{ gateway: 'rs', answered: true }, { gateway: 'at', answered: false, error: 'PEER_UNREACHABLE' }]);
    expect(combined.cells).toEqual(own.cells);
  });
});

describe('the facts table', () => {
  it('follows a status change, a status update and a consent record as they are written', async () => {
    const store = stores[2]!;
    const [doc] = caseDocuments({ seed: 999, subjects: 1, senders: ['MD/GOV/CNPT'], recipient: 'MD/NGO/LS' });
    const { status: _status, ...document } = doc as Record<string, unknown> & { status: string };
    const referral = await store.referrals.insert({ id: String(document.id), sender: 'MD/GOV/CNPT', recipient: 'MD/NGO/LS', purpose: 'assistance', subject: String(document.subject), status: 'sent', created: '2030-01-15T10:00:00Z', updated: '2030-01-15T10:00:00Z', document });
    const facts = async (measure: string) => (await store.db.query<{ outcome: string; month: string }>('SELECT outcome, month FROM stat_facts WHERE source = $1 AND measure = $2', [referral.id, measure])).rows;
    expect(await facts('referrals')).toEqual([{ outcome: 'sent', month: '2030-01' }]);
    await store.referrals.setStatus(referral.id, 'accepted', '2030-02-01T00:00:00Z');
    expect(await facts('referrals')).toEqual([{ outcome: 'accepted', month: '2030-01' }]);
    expect((await facts('needs')).length).toBe(1);
    const updateId = crypto.randomUUID();
    await store.db.query(`INSERT INTO status_updates (id, referral_id, author, status, at, document) VALUES ($1, $2, 'MD/NGO/LS', 'declined-by-person', '2030-02-02T00:00:00Z', $3)`, [updateId, referral.id, { reasons: ['no-capacity'] }]);
    const update = (await store.db.query('SELECT measure, outcome, decline_reason, month FROM stat_facts WHERE source = $1', [updateId])).rows;
    expect(update).toEqual([{ measure: 'statusUpdates', outcome: 'declined-by-person', decline_reason: 'no-capacity', month: '2030-02' }]);
    const consentId = crypto.randomUUID();
    await store.db.query(`INSERT INTO consent_records (id, subject, recorded_by, recorded, document) VALUES ($1, 's', 'MD/NGO/LS', '2030-03-01T00:00:00Z', $2)`, [consentId, { decision: 'permit' }]);
    await store.db.query(`UPDATE consent_records SET withdrawn_at = '2030-04-01T00:00:00Z' WHERE id = $1`, [consentId]);
    expect((await store.db.query('SELECT measure, outcome, sender FROM stat_facts WHERE source = $1', [consentId])).rows).toEqual([{ measure: 'consents', outcome: 'withdrawn', sender: 'MD/NGO/LS' }]);
  });
});

describe('the suppression audit', () => {
  const table = (counts: Record<string, number>) => new Map(Object.entries(counts).map(([v, count]) => [v, { values: [v], count }]));

  it('suppresses one more cell when two small cells would give each other away through their published sum', async () => {
    // a + b = 57 - 50 = 7 when only a and b are suppressed: the line rule is content, the audit is not.
    const small = await suppressedTable(parseQuestion({ measure: 'referrals', dimensions: ['sex'] }), table({ female: 50, male: 3, other: 4 }), settings);
    expect(small.cells).toEqual([
      { values: ['female'], count: null, suppressed: 'secondary' },
      { values: ['male'], count: null, suppressed: 'primary' },
      { values: ['other'], count: null, suppressed: 'primary' },
      { values: ['*'], count: 57 },
    ]);
    const intervals = await attack(small);
    expect(intervals.get('male')).toEqual({ low: 0, high: 57 });
  });

  it('leaves a table without small cells whole, and rounds published counts when configured', async () => {
    const whole = await suppressedTable(parseQuestion({ measure: 'referrals', dimensions: ['sex'] }), table({ female: 52, male: 31 }), { ...settings, rounding: 5 });
    expect(whole.cells.map((c) => c.count)).toEqual([50, 30, 85]);
    expect(whole.suppression).toMatchObject({ primary: 0, secondary: 0, rounding: 5 });
  });
});
