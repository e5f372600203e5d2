import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableAppender, checkpointSigner, verifyAuditLog } from '../../../gateway/audit/index.ts';
import { scheduleRetention } from '../../../gateway/audit/retention.ts';
import { generateSigningKey, readPrivateJwkFile, toPublicJwk } from '../../../gateway/auth/keys.ts';
import { openTestDb, sampleEntry, type TestDb } from '../audit/support.ts';
import { startTestGateway, type TestGateway } from '../support/federation.ts';

const DAY = 86_400_000;
const anchorOf = async (db: TestDb['db']) => Number((await db.query<{ seq: unknown }>('SELECT seq FROM audit_anchor WHERE id = 1')).rows[0]!.seq);

describe('retention applied by itself', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb('nrx_test_ret_sched');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('prunes soon after start and again each period, never what is younger than the period', async () => {
    const keys = await generateSigningKey();
    const signer = await checkpointSigner(keys.privateJwk);
    const log = tableAppender({ db: t.db, gateway: 'RS/GOV/CPTV', signer });
    let clock = Date.parse('2026-01-31T00:00:00Z');
    const at = (daysAgo: number) => new Date(clock - daysAgo * DAY).toISOString();
    await t.db.transaction((tx) => log.appendMany(tx, [40, 35, 31, 5, 1].map((days, i) => ({ ...sampleEntry(i), at: at(days) }))));

    const failures: unknown[] = [];
    const schedule = scheduleRetention(t.db, { retentionDays: 30, signer, gateway: 'RS/GOV/CPTV', keys: [keys.publicJwk], log, firstAfterMs: 10, everyMs: 50, now: () => new Date(clock), onError: (e) => failures.push(e) });
    try {
      await expect.poll(() => anchorOf(t.db), { timeout: 10_000 }).toBe(3);
      // Two days later the entry 5 days old is still kept; 30 days later it goes at the next period.
      clock += 26 * DAY;
      await expect.poll(() => anchorOf(t.db), { timeout: 10_000 }).toBe(4);
      expect(failures).toEqual([]);
      expect(await verifyAuditLog(t.db, { keys: [keys.publicJwk] })).toMatchObject({ ok: true, anchorSeq: 4 });
    } finally {
      await schedule.stop();
    }
  });

  it('does nothing with a period of 0 (keep forever)', async () => {
    const keys = await generateSigningKey();
    const schedule = scheduleRetention(t.db, { retentionDays: 0, signer: await checkpointSigner(keys.privateJwk), gateway: 'RS/GOV/CPTV', firstAfterMs: 1 });
    expect(await schedule.runNow()).toBeUndefined();
    await schedule.stop();
  });
});

describe('a gateway with audit.retentionDays', () => {
  let g: TestGateway;
  beforeAll(async () => {
    g = await startTestGateway({ audit: { retentionDays: 30, checkpointEvery: 1000 } });
  }, 60_000);
  afterAll(async () => {
    await g?.stop();
  });

  it('prunes what is older than the period and stays verifiable', async () => {
    const key = readPrivateJwkFile(g.config.signingKeyFile);
    const log = tableAppender({ db: g.gateway.store.db, gateway: g.config.gatewayId });
    const old = Date.now() - 100 * DAY;
    await g.gateway.store.db.transaction((tx) => log.appendMany(tx, [0, 1, 2].map((i) => ({ ...sampleEntry(i), at: new Date(old + i * 1000).toISOString() }))));
    await g.gateway.store.db.transaction((tx) => log.append(tx, sampleEntry(3)));
    expect(g.gateway.retention).toBeDefined();
    const result = await g.gateway.retention!.runNow();
    expect(result!.anchorSeq).toBeGreaterThanOrEqual(3);
    const report = await verifyAuditLog(g.gateway.store.db, { keys: [toPublicJwk(key)] });
    expect(report).toMatchObject({ ok: true, anchorSeq: result!.anchorSeq });
    const left = await g.gateway.store.db.query<{ type: string }>('SELECT type FROM audit_log ORDER BY seq');
    expect(left.rows.map((r) => r.type)).toContain('log-pruned');
  });
});
