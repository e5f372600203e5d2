/**
 * The contract every audit appender driver passes (gateway/audit/appender.ts), as
 * connectors/contract-suite.ts is for connectors: ordering, one gap-free chain, readers seeing what
 * was acknowledged, fail closed, crash replay, checkpoints, field decision lists stored once, and
 * concurrent writers where the driver allows them. appender-drivers.test.ts runs it against each.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditAppender } from '../../../gateway/audit/appender.ts';
import { checkpointSigner, type CheckpointSigner } from '../../../gateway/audit/checkpoint.ts';
import type { AuditEntryInput, AuditField } from '../../../gateway/audit/entry.ts';
import { fieldSetOf } from '../../../gateway/audit/field-sets.ts';
import { verifyAuditLog } from '../../../gateway/audit/verify.ts';
import { generateSigningKey } from '../../../gateway/auth/keys.ts';
import type { Db } from '../../../gateway/store/db.ts';
import { sampleEntry } from './support.ts';

export interface AppenderSettings {
  signer?: CheckpointSigner;
  checkpointEvery?: number;
}

/** A driver on a fresh, migrated database. */
export interface Harness {
  db: Db;
  appender: AuditAppender;
  /** Ends the process's hold on the trail as a crash does (nothing flushed or closed) and starts the driver again on the same data. */
  crash(): Promise<Harness>;
  /** Another appender on the same database, as another gateway process holds one: where the driver shares it. */
  another?(): AuditAppender;
  /** Where child processes reach the same trail (with a table audit_test_writes for their writes): on a PostgreSQL server. */
  server?: { url: string; schema: string };
  close(): Promise<void>;
}

export interface DriverUnderTest {
  name: string;
  /** 'sole': the driver is its database's only appender; 'shared': other appenders (processes, on a server) may append too. */
  writers: 'sole' | 'shared';
  open(settings?: AppenderSettings): Promise<Harness>;
}

/** Each test opens a database of its own, which takes seconds on a loaded machine. */
const OPENS_A_DATABASE = 90_000;

const rows = async (db: Db) => (await db.query<{ seq: unknown; body: string }>('SELECT seq, body FROM audit_log ORDER BY seq')).rows;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const worker = fileURLToPath(new URL('./append-worker.ts', import.meta.url));

/** One child process appending to the server's trail: records and writes, `count` of each. */
function runWorker(server: { url: string; schema: string }, name: string, count: number): Promise<{ recorded: number; written: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker, server.url, server.schema, String(count), '8', name], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker ${name} exited ${code}: ${err}`))));
  });
}

export function appenderContract(driver: DriverUnderTest): void {
  describe(`the audit appender contract: ${driver.name}`, () => {
    const open: Harness[] = [];
    const start = async (settings?: AppenderSettings) => {
      const h = await driver.open(settings);
      open.push(h);
      return h;
    };
    afterEach(async () => {
      for (const h of open.splice(0)) await h.close().catch(() => {});
    });

    it('numbers a request’s entries consecutively, in order, after every entry acknowledged before it, writes included', async () => {
      const { db, appender } = await start();
      const first = await appender.record([sampleEntry(1), sampleEntry(2), sampleEntry(3)]);
      expect(first.map((a) => a.seq)).toEqual([1, 2, 3]);
      const [write] = await db.transaction((tx) => appender.appendMany(tx, [sampleEntry(4)]));
      expect(write!.seq).toBe(4);
      const [next] = await appender.record([sampleEntry(5)]);
      expect(next!.seq).toBe(5);
      const stored = await rows(appender.reads);
      expect(stored.map((r) => JSON.parse(r.body).details.referral)).toEqual(['ref-1', 'ref-2', 'ref-3', 'ref-4', 'ref-5']);
    }, OPENS_A_DATABASE);

    it('keeps one gap-free chain of exactly the acknowledged entries, many requests to a batch, while writes append and roll back', async () => {
      const { db, appender } = await start();
      const acknowledged: Promise<{ seq: number }[]>[] = [];
      for (let i = 0; i < 300; i++) {
        acknowledged.push(appender.record([sampleEntry(i), sampleEntry(10_000 + i)]));
        if (i % 40 === 20) acknowledged.push(db.transaction((tx) => appender.appendMany(tx, [sampleEntry(20_000 + i)])));
        if (i % 40 === 30) {
          await expect(db.transaction(async (tx) => {
            await appender.appendMany(tx, [sampleEntry(30_000 + i)]);
            throw new Error('the write fails after its entry');
          })).rejects.toThrow(/write fails/);
        }
        if (i % 9 === 0) await turn();
      }
      const seqs = (await Promise.all(acknowledged)).flat().map((a) => a.seq);
      await appender.settled();
      const stored = await rows(db);
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(stored).toHaveLength(seqs.length);
      expect(stored.map((r) => Number(r.seq))).toEqual(stored.map((_, i) => i + 1));
      expect(stored.some((r) => r.body.includes('"ref-30030"'))).toBe(false);
      expect(await verifyAuditLog(db)).toMatchObject({ ok: true, lastSeq: seqs.length });
    }, OPENS_A_DATABASE);

    it('lets the trail’s readers see every entry acknowledged before they asked', async () => {
      const { appender } = await start();
      await appender.record([sampleEntry(1), sampleEntry(2)]);
      expect((await appender.reads.query('SELECT seq FROM audit_log ORDER BY seq')).rows).toHaveLength(2);
    }, OPENS_A_DATABASE);

    it('refuses a request whose entry the guard refuses, alone, and records the requests around it', async () => {
      const { appender } = await start();
      const outcomes = await Promise.allSettled([
        appender.record([sampleEntry(1)]),
        appender.record([{ ...sampleEntry(2), details: { name: 'Ana' } }]),
        appender.record([sampleEntry(3)]),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((await rows(appender.reads)).map((r) => JSON.parse(r.body).details.referral)).toEqual(['ref-1', 'ref-3']);
    }, OPENS_A_DATABASE);

    it('fails closed: while the table cannot be written nothing more is acknowledged, what was stays, and it resumes once it can', async () => {
      const { db, appender } = await start();
      await appender.record([sampleEntry(1)]);
      await db.exec(`CREATE FUNCTION nrx_test_down() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit table down'; END $$;
        CREATE TRIGGER nrx_test_down BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION nrx_test_down();`);
      // A driver that commits outside the table may acknowledge this one; the table then refuses it.
      const during = await Promise.allSettled([appender.record([sampleEntry(2)])]);
      await expect(appender.settled().then(() => appender.record([sampleEntry(3)]))).rejects.toThrow(/audit table/);
      await expect(appender.record([sampleEntry(4)])).rejects.toThrow(/audit table/);
      await db.exec('DROP TRIGGER nrx_test_down ON audit_log; DROP FUNCTION nrx_test_down();');
      await appender.settled();
      const [after] = await appender.record([sampleEntry(5)]);
      const expected = ['ref-1', ...(during[0]!.status === 'fulfilled' ? ['ref-2'] : []), 'ref-5'];
      expect((await rows(appender.reads)).map((r) => JSON.parse(r.body).details.referral)).toEqual(expected);
      expect(after!.seq).toBe(expected.length);
      expect(await verifyAuditLog(db)).toMatchObject({ ok: true, lastSeq: expected.length });
    }, OPENS_A_DATABASE);

    it('keeps every entry acknowledged before a crash, and appends after them once started again', async () => {
      const first = await start();
      await first.appender.record([sampleEntry(1)]);
      await first.appender.settled();
      const acknowledged = await first.appender.record([sampleEntry(2), sampleEntry(3)]);
      const again = await first.crash();
      open.splice(open.indexOf(first), 1, again);
      expect(again.appender.recovered).toBeLessThanOrEqual(2);
      const [next] = await again.appender.record([sampleEntry(4)]);
      expect(next!.seq).toBe(acknowledged.at(-1)!.seq + 1);
      await again.appender.settled();
      expect((await rows(again.db)).map((r) => JSON.parse(r.body).details.referral)).toEqual(['ref-1', 'ref-2', 'ref-3', 'ref-4']);
      expect(await verifyAuditLog(again.db)).toMatchObject({ ok: true, lastSeq: 4 });
    }, OPENS_A_DATABASE);

    it('takes the checkpoints due at its entries, and one at the head on demand', async () => {
      const keys = await generateSigningKey();
      const { db, appender } = await start({ signer: await checkpointSigner(keys.privateJwk), checkpointEvery: 3 });
      for (let i = 1; i <= 10; i += 2) await appender.record([sampleEntry(i), sampleEntry(i + 1)]);
      await db.transaction((tx) => appender.append(tx, sampleEntry(11)));
      const onDemand = await appender.checkpoint();
      expect(onDemand.seq).toBe(11);
      await appender.settled();
      const seqs = (await db.query<{ seq: unknown }>('SELECT seq FROM audit_checkpoints ORDER BY seq')).rows.map((r) => Number(r.seq));
      expect(seqs.at(-1)).toBe(11);
      expect(seqs.slice(0, -1).length).toBeGreaterThan(0);
      for (const seq of seqs.slice(0, -1)) expect(seq % 3).toBe(0);
      expect(await verifyAuditLog(db, { keys: [keys.publicJwk] })).toMatchObject({ ok: true, lastSeq: 11, checkpoints: seqs.length });
    }, OPENS_A_DATABASE);

    it('stores each field decision list once, however many requests name it at once', async () => {
      const { db, appender } = await start();
      const fields: AuditField[] = [{ path: 'person.languages', decision: 'released', basis: 'consent:c-7#identity', group: 'identity' }];
      const named = (n: number): AuditEntryInput => ({ ...sampleEntry(n), fields });
      await Promise.all(Array.from({ length: 12 }, (_, i) => appender.record([named(i)])));
      await db.transaction((tx) => appender.append(tx, named(99)));
      await appender.settled();
      const lists = await db.query<{ n: unknown }>("SELECT count(*) AS n FROM audit_field_sets WHERE hash = decode($1, 'hex')", [fieldSetOf(fields).hash]);
      expect(Number(lists.rows[0]!.n)).toBe(1);
      const naming = await db.query<{ n: unknown }>("SELECT count(*) AS n FROM audit_log WHERE field_set = decode($1, 'hex')", [fieldSetOf(fields).hash]);
      expect(Number(naming.rows[0]!.n)).toBe(13);
    }, OPENS_A_DATABASE);

    // The journal driver is its database's only appender by design (one process owns the embedded
    // database), so this applies to drivers that share a database only.
    if (driver.writers !== 'sole') {
      it('keeps one chain with several writers at once', async () => {
        const h = await start();
        if (h.server) {
          const done = await Promise.all([runWorker(h.server, 'a', 500), runWorker(h.server, 'b', 500)]);
          expect(done).toEqual([{ recorded: 500, written: 500 }, { recorded: 500, written: 500 }]);
        }
        const other = h.another!();
        await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? other : h.appender).record([sampleEntry(i)])));
        await other.close();
        const stored = await rows(h.db);
        const expected = (h.server ? 2000 : 0) + 200;
        expect(stored.map((r) => Number(r.seq))).toEqual(Array.from({ length: expected }, (_, i) => i + 1));
        expect(await verifyAuditLog(h.db)).toMatchObject({ ok: true, lastSeq: expected });
        if (h.server) {
          const perWorker = await h.db.query<{ w: string; n: unknown }>("SELECT body::jsonb -> 'details' ->> 'worker' AS w, count(*) AS n FROM audit_log WHERE body LIKE '%worker%' GROUP BY 1 ORDER BY 1");
          expect(perWorker.rows.map((r) => [r.w, Number(r.n)])).toEqual([['a', 1000], ['b', 1000]]);
          const writes = await h.db.query<{ n: unknown }>('SELECT count(*) AS n FROM audit_test_writes');
          expect(Number(writes.rows[0]!.n)).toBe(1000);
        }
      }, 120_000);
    }
  });
}
