/**
 * The statistics interface as its users reach it, with real tokens: the GraphQL query, the CSV and
 * JSON downloads, and `nrx stats` against the gateway and against a gateway database. Only the
 * statistics purpose is answered, and only with suppressed tables.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../gateway/store/index.ts';
import { nrx } from '../../cli/run.ts';
import { startTestGateway, type TestGateway } from '../support/federation.ts';
import { caseDocuments, storeCases } from './cases.ts';

let gw: TestGateway;
let statisticsToken: string;

beforeAll(async () => {
  gw = await startTestGateway();
  await storeCases(gw.gateway.store.db, caseDocuments({ seed: 7, subjects: 600, senders: ['RS/GOV/POLICE', 'RS/NGO/ASTRA', 'RS/GOV/CSR-BG'], recipient: 'RS/NGO/ATINA' }));
  statisticsToken = await gw.token('RS/GOV/CPTV', 'statistics');
}, 120_000);

afterAll(async () => {
  await gw?.stop();
});

const TABLE = `query ($measure: StatisticsMeasure!, $dimensions: [StatisticsDimension!]) {
  statistics(measure: $measure, dimensions: $dimensions) {
    measure dimensions categories
    cells { values count suppressed }
    suppression { k rounding primary secondary peer method }
  }
}`;

describe('the statistics query', () => {
  it('answers a suppressed table with its margins to a statistics token', async () => {
    const { status, body } = await gw.graphql(statisticsToken, TABLE, { measure: 'referrals', dimensions: ['senderAgencyType', 'sex'] });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const table = body.data.statistics;
    expect(table.dimensions).toEqual(['senderAgencyType', 'sex']);
    expect(table.categories[0]).toEqual(['police', 'social-work-centre', 'sos-helpline']);
    expect(table.cells.find((c: any) => c.values[0] === '*' && c.values[1] === '*').count).toBe(600);
    expect(table.suppression.k).toBe(11);
    for (const cell of table.cells) {
      if (cell.count === null) expect(['primary', 'secondary']).toContain(cell.suppressed);
      else expect(cell.count === 0 || cell.count >= 11).toBe(true);
    }
    expect(table.suppression.primary).toBeGreaterThan(0);
  });

  it('refuses any other purpose, with the code that says so', async () => {
    const token = await gw.token('RS/GOV/CPTV', 'referral');
    const { body } = await gw.graphql(token, TABLE, { measure: 'referrals', dimensions: ['sex'] });
    expect(body.data).toBeNull();
    expect(body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'STATISTICS_PURPOSE_REQUIRED' });
  });

  it('refuses an unknown dimension by the codes it accepts', async () => {
    const { body } = await gw.graphql(statisticsToken, TABLE, { measure: 'referrals', dimensions: ['name'] });
    expect(body.errors[0].message).toContain('name');
    expect(body.errors[0].extensions.code).toMatch(/BAD_USER_INPUT|UNKNOWN_CODE/);
  });

  it('lists the published measures and dimensions', async () => {
    const { body } = await gw.graphql(statisticsToken, '{ statisticsVocabulary { measures { code } dimensions { code description } } }');
    expect(body.data.statisticsVocabulary.measures.map((m: any) => m.code)).toContain('declineReasons');
    expect(body.data.statisticsVocabulary.dimensions.map((d: any) => d.code)).toEqual(['year', 'month', 'senderClass', 'senderAgencyType', 'country', 'sex', 'ageBand', 'exploitationForm', 'sector', 'needCategory', 'outcome', 'declineReason']);
  });
});

describe('the downloads', () => {
  it('serve the same table as CSV and as JSON', async () => {
    const query = 'measure=offers&dimensions=outcome,sex';
    const json = await fetch(`${gw.gateway.url}/stats/table.json?${query}`, { headers: { authorization: `Bearer ${statisticsToken}` } });
    expect(json.status).toBe(200);
    const table = await json.json();
    const csv = await fetch(`${gw.gateway.url}/stats/table.csv?${query}`, { headers: { authorization: `Bearer ${statisticsToken}` } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('outcome,sex,count,suppressed');
    expect(lines.length).toBe(table.cells.length + 1);
    const suppressedRow = lines.find((l) => l.endsWith(',primary'));
    expect(suppressedRow).toMatch(/,,primary$/);
  });

  it('refuses without a token, and for another purpose', async () => {
    const anonymous = await fetch(`${gw.gateway.url}/stats/table.json?measure=referrals`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 'TOKEN_MISSING' });
    const token = await gw.token('RS/GOV/CPTV', 'assistance');
    const refused = await fetch(`${gw.gateway.url}/stats/table.csv?measure=referrals`, { headers: { authorization: `Bearer ${token}` } });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'STATISTICS_PURPOSE_REQUIRED' });
    const bad = await fetch(`${gw.gateway.url}/stats/table.json?measure=referrals&from=2024`, { headers: { authorization: `Bearer ${statisticsToken}` } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'STATISTICS_QUESTION_INVALID' });
  });
});

describe('nrx stats', () => {
  it('prints a gateway\'s table, and lists the vocabulary', async () => {
    const result = await nrx(['stats', '--gateway', gw.gateway.url, '--token', statisticsToken, '--measure', 'referrals', '--by', 'year', '--format', 'csv']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('year,count,suppressed');
    expect(result.stdout).toContain('*,600,');
    const list = await nrx(['stats', '--list']);
    expect(list.stdout).toContain('declineReason');
  });

  it('counts a gateway database, suppressed as the gateway does, senders named from the trust list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nrx-stats-'));
    try {
      const store = await openStore({ dataDir: dir });
      await storeCases(store.db, caseDocuments({ seed: 8, subjects: 150, senders: ['RS/GOV/POLICE', 'RS/NGO/ASTRA'], recipient: 'RS/NGO/ATINA' }));
      await store.close();
      const result = await nrx(['stats', '--data-dir', dir, '--measure', 'referrals', '--by', 'senderClass,sex', '--format', 'json',
        '--trust-list', gw.files.trustListFile, '--operator-key', gw.files.operatorPublicKeyFile]);
      expect(result.stderr).toBe('');
      const table = JSON.parse(result.stdout);
      expect(table.categories[0]).toEqual(['GOV', 'NGO']);
      expect(table.cells.at(-1)).toEqual({ values: ['*', '*'], count: 150 });
      expect(table.cells.some((c: any) => c.suppressed === 'primary')).toBe(true);
      const missing = await nrx(['stats', '--data-dir', join(dir, 'none'), '--measure', 'referrals']);
      expect(missing.stderr).toContain('no gateway database under');
      expect(missing.code).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('says why it was refused, with the exit status of a refusal', async () => {
    const token = await gw.token('RS/GOV/CPTV', 'referral');
    const result = await nrx(['stats', '--gateway', gw.gateway.url, '--token', token, '--measure', 'referrals']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('STATISTICS_PURPOSE_REQUIRED');
  });
});

describe('the published vocabulary', () => {
  it('is the one docs/statistics.md documents', async () => {
    const { readFileSync } = await import('node:fs');
    const { DIMENSIONS, MEASURES } = await import('../../../gateway/statistics/index.ts');
    const doc = readFileSync(new URL('../../../docs/statistics.md', import.meta.url), 'utf8');
    const documented = (heading: string) => {
      const section = doc.split(`## ${heading}\n`)[1]!.split('\n## ')[0]!;
      return [...section.matchAll(/^\| `([A-Za-z]+)` \|/gm)].map((m) => m[1]);
    };
    expect(documented('Measures')).toEqual(Object.keys(MEASURES));
    expect(documented('Dimensions')).toEqual(Object.keys(DIMENSIONS));
  });
});
