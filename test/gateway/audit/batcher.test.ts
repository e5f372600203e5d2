/**
 * Group commit of standalone entries (reads' disclosure decisions): many requests' entries in one
 * statement, two batches in flight on the embedded database, one on a server. Whatever the
 * interleaving, every entry that is acknowledged is in the one chain, without gap or fork.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditBatcher } from '../../../gateway/audit/batcher.ts';
import { auditLog } from '../../../gateway/audit/log.ts';
import { verifyAuditLog } from '../../../gateway/audit/verify.ts';
import type { Db } from '../../../gateway/store/db.ts';
import { migrate } from '../../../gateway/store/migrate.ts';
import { openPglite } from '../../../gateway/store/pglite.ts';
import { openTestDb, sampleEntry, serverUrl, type TestDb } from './support.ts';

const databases: [string, () => Promise<TestDb>][] = [
  ['embedded PGlite (two batches in flight)', async () => {
    const db = await openPglite();
    await migrate(db);
    return { db, close: () => db.close() };
  }],
  ...(serverUrl ? [['the PostgreSQL server (one batch in flight)', () => openTestDb('nrx_test_batcher')] as [string, () => Promise<TestDb>]] : []),
];

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const rows = async (db: Db) => (await db.query<{ seq: unknown; body: string }>('SELECT seq, body FROM audit_log ORDER BY seq')).rows;

describe.each(databases)('the audit batcher on %s', (_name, open) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('acknowledges each request once its entries are in the chain, many requests to a statement, while writes move the head', async () => {
    const log = auditLog({ gateway: 'RS/GOV/CPTV' });
    const batcher = auditBatcher(t.db, log);
    const before = (await rows(t.db)).length;
    const requests: Promise<{ seq: number }[]>[] = [];
    for (let i = 0; i < 300; i++) {
      const leave = batcher.enter();
      requests.push(batcher.append([sampleEntry(i), sampleEntry(10_000 + i)]).finally(leave));
      // Writes append in their own transactions, under the batches already sent.
      if (i % 50 === 25) requests.push(t.db.transaction((tx) => log.appendMany(tx, [sampleEntry(20_000 + i)])));
      if (i % 7 === 0) await turn();
    }
    const acknowledged = (await Promise.all(requests)).flat().map((a) => a.seq);
    const stored = await rows(t.db);
    expect(stored.length - before).toBe(acknowledged.length);
    expect(new Set(acknowledged).size).toBe(acknowledged.length);
    expect(stored.map((r) => Number(r.seq))).toEqual(stored.map((_, i) => i + 1));
    expect(await verifyAuditLog(t.db)).toMatchObject({ ok: true, lastSeq: stored.length });
  });

  it('refuses the requests of a batch that could not be written, and writes the batches around it', async () => {
    const log = auditLog({ gateway: 'RS/GOV/CPTV' });
    const batcher = auditBatcher(t.db, log);
    await t.db.exec(`CREATE OR REPLACE FUNCTION nrx_test_refuse_marked() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.body LIKE '%"ref-refuse-me"%' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER nrx_test_refuse_marked BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION nrx_test_refuse_marked();`);
    try {
      await batcher.append([sampleEntry(1000)]);
      const before = (await rows(t.db)).length;
      // The refused request is in a burst: its batch fails whole; on the embedded database the one
      // sent behind it (built on the head it would have left) finds the head elsewhere and is
      // written from the real one.
      const outcomes: Promise<'written' | 'refused'>[] = [];
      for (let i = 0; i < 60; i++) {
        const entry = i === 6 ? { ...sampleEntry(i), details: { referral: 'ref-refuse-me' } } : sampleEntry(i);
        outcomes.push(batcher.append([entry]).then(() => 'written' as const, () => 'refused' as const));
        await turn();
      }
      const settled = await Promise.all(outcomes);
      expect(settled[6]).toBe('refused');
      // And the trail goes on: a later burst is written whole.
      const after = await Promise.all(Array.from({ length: 20 }, (_, i) => batcher.append([sampleEntry(100 + i)]).then(() => 'written' as const)));
      const written = [...settled, ...after].filter((o) => o === 'written').length;
      const stored = await rows(t.db);
      expect(stored.length - before).toBe(written);
      expect(stored.some((r) => r.body.includes('ref-refuse-me'))).toBe(false);
      expect(await verifyAuditLog(t.db)).toMatchObject({ ok: true, lastSeq: stored.length });
    } finally {
      await t.db.exec('DROP TRIGGER nrx_test_refuse_marked ON audit_log; DROP FUNCTION nrx_test_refuse_marked()');
    }
  });
});
