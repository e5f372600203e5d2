/**
 * Group commit into the table, beyond the contract (appender-contract.ts): a batch the table
 * refuses fails the requests in it, and the batches around it are written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableAppender } from '../../../gateway/audit/table-appender.ts';
import { verifyAuditLog } from '../../../gateway/audit/verify.ts';
import type { Db } from '../../../gateway/store/db.ts';
import { openTestDb, sampleEntry, serverUrl, type TestDb } from './support.ts';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const rows = async (db: Db) => (await db.query<{ seq: unknown; body: string }>('SELECT seq, body FROM audit_log ORDER BY seq')).rows;

describe(`group commit into the table (${serverUrl ? 'PostgreSQL server' : 'embedded PGlite'})`, () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb('nrx_test_table_appender');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses the requests of a batch that could not be written, and writes the batches around it', async () => {
    const appender = tableAppender({ db: t.db, gateway: 'RS/GOV/CPTV' });
    await t.db.exec(`CREATE OR REPLACE FUNCTION nrx_test_refuse_marked() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.body LIKE '%"ref-refuse-me"%' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER nrx_test_refuse_marked BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION nrx_test_refuse_marked();`);
    try {
      await appender.record([sampleEntry(1000)]);
      const before = (await rows(t.db)).length;
      // The refused request is in a burst: its batch fails whole, and the next batch is written
      // from the head the failed one left alone.
      const outcomes: Promise<'written' | 'refused'>[] = [];
      for (let i = 0; i < 60; i++) {
        const entry = i === 6 ? { ...sampleEntry(i), details: { referral: 'ref-refuse-me' } } : sampleEntry(i);
        outcomes.push(appender.record([entry]).then(() => 'written' as const, () => 'refused' as const));
        await turn();
      }
      const settled = await Promise.all(outcomes);
      expect(settled[6]).toBe('refused');
      // And the trail goes on: a later burst is written whole.
      const after = await Promise.all(Array.from({ length: 20 }, (_, i) => appender.record([sampleEntry(100 + i)]).then(() => 'written' as const)));
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
