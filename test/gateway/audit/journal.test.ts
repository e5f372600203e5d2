/**
 * The local journal of the embedded database: a read's entries are committed by one write to a
 * journal segment and reach the table later, many to a statement. Whatever interleaves (writes
 * appending in their own transactions, rolled-back writes, a failing table, a crash), every entry
 * that was acknowledged ends up in the one chain, without gap or fork, and nothing unacknowledged
 * is half-kept. Always on the embedded database: the journal exists only there.
 */
import { closeSync, existsSync, mkdirSync, mkdtempSync, readdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { journalFiles, readSegments } from '../../../gateway/audit/journal-files.ts';
import { AuditJournalError, recoverAuditJournal } from '../../../gateway/audit/journal-replay.ts';
import { openJournalAppender } from '../../../gateway/audit/journal-appender.ts';
import type { AuditAppender } from '../../../gateway/audit/appender.ts';
import { auditTable } from '../../../gateway/audit/table.ts';
import { checkpointSigner } from '../../../gateway/audit/checkpoint.ts';
import { generateSigningKey } from '../../../gateway/auth/keys.ts';
import { verifyAuditLog } from '../../../gateway/audit/verify.ts';
import type { Db } from '../../../gateway/store/db.ts';
import { migrate, readMigrations } from '../../../gateway/store/migrate.ts';
import { canonicalJson } from '../../../gateway/audit/canonical.ts';
import { copyLine } from '../../../gateway/audit/copy-lines.ts';
import { GENESIS_HASH, chainHash } from '../../../gateway/audit/hash.ts';
import { openPglite } from '../../../gateway/store/pglite.ts';
import { sampleEntry } from './support.ts';

const rows = async (db: Db) => (await db.query<{ seq: unknown; body: string }>('SELECT seq, body FROM audit_log ORDER BY seq')).rows;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const segmentsIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.log')) : []);

const opened: { db: Db; journal?: AuditAppender }[] = [];
async function setup(options: { onDisk?: boolean; flushMs?: number; flushEntries?: number } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'nrx-journal-'));
  const dataDir = options.onDisk ? join(root, 'db') : undefined;
  const db = await openPglite(dataDir);
  await migrate(db);
  const dir = join(root, 'audit-journal');
  const errors: unknown[] = [];
  const limits = { copyAfterMs: options.flushMs ?? 20, ...(options.flushEntries ? { copyEntries: options.flushEntries } : {}) };
  const journal = await openJournalAppender({ db, gateway: 'RS/GOV/CPTV', dir, limits, onError: (e) => errors.push(e) });
  const handle = { db, journal };
  opened.push(handle);
  return { root, dataDir, db, dir, journal, errors };
}
afterEach(async () => {
  for (const h of opened.splice(0)) {
    await h.journal?.close().catch(() => {});
    await h.db.close().catch(() => {});
  }
});

describe('the audit journal on the embedded database', () => {
  // One gap-free chain with writes appending and rolling back in between: the appender contract
  // (appender-drivers.test.ts) proves it of this driver too.
  it('fills the table a COPY at a time, by size and by age, and deletes each segment once the table holds it', async () => {
    const { db, journal, dir } = await setup({ flushMs: 5, flushEntries: 40 });
    const acknowledged: Promise<unknown>[] = [];
    for (let i = 0; i < 400; i++) {
      acknowledged.push(journal.record([sampleEntry(i), sampleEntry(10_000 + i)]));
      if (i % 9 === 0) await turn();
    }
    await Promise.all(acknowledged);
    await journal.settled();
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true, lastSeq: 800 });
    // Everything is in the table: no segment but the one being written is left.
    expect(segmentsIn(dir).length).toBeLessThanOrEqual(1);
  }, 90_000);

  it('lets the readers of the trail see every entry acknowledged before they asked', async () => {
    const { db, journal } = await setup({ flushMs: 60_000 });
    const appended = await journal.record([sampleEntry(1), sampleEntry(2)]);
    expect(appended.map((a) => a.seq)).toEqual([1, 2]);
    expect(await rows(db)).toHaveLength(0);
    const reads = journal.reads;
    expect((await reads.query('SELECT seq FROM audit_log ORDER BY seq')).rows).toHaveLength(2);
  });

  it('takes the entries the table lacks into a write’s transaction, so the write’s entry follows them', async () => {
    const { db, journal } = await setup({ flushMs: 60_000 });
    await journal.record([sampleEntry(1)]);
    const [write] = await db.transaction((tx) => journal.appendMany(tx, [sampleEntry(2)]));
    expect(write!.seq).toBe(2);
    expect((await rows(db)).map((r) => Number(r.seq))).toEqual([1, 2]);
    const [after] = await journal.record([sampleEntry(3)]);
    expect(after!.seq).toBe(3);
    await journal.settled();
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true, lastSeq: 3 });
  });

  it('keeps committed entries when the table cannot be written, refuses new ones meanwhile, and puts them in once it can', async () => {
    const { db, journal, errors } = await setup({ flushMs: 60_000 });
    await db.exec(`CREATE FUNCTION nrx_test_down() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit table down'; END $$;
      CREATE TRIGGER nrx_test_down BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION nrx_test_down();`);
    const [kept] = await journal.record([sampleEntry(1)]);
    await expect(journal.settled()).rejects.toThrow(/audit table down/);
    expect(errors.length).toBeGreaterThan(0);
    await expect(journal.record([sampleEntry(2)])).rejects.toThrow(/audit table cannot be written.*audit table down/);
    await db.exec('DROP TRIGGER nrx_test_down ON audit_log; DROP FUNCTION nrx_test_down();');
    await journal.settled();
    const stored = await rows(db);
    expect(stored).toHaveLength(1);
    expect(JSON.parse(stored[0]!.body)).toMatchObject({ id: kept!.seq, details: { referral: 'ref-1' } });
    await expect(journal.record([sampleEntry(3)])).resolves.toHaveLength(1);
  });

  it('refuses an entry whose journal write fails, and keeps nothing of it', async () => {
    const { db, journal, dir } = await setup({ onDisk: true, flushMs: 60_000 });
    await journal.record([sampleEntry(1)]);
    // The flush closes the segment; the next write must open a new one, where the journal is now a file.
    await journal.settled();
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(dir, 'not a directory');
    await expect(journal.record([sampleEntry(2)])).rejects.toThrow(/ENOTDIR|not a directory/i);
    rmSync(dir);
    mkdirSync(dir);
    const [next] = await journal.record([sampleEntry(3)]);
    expect(next!.seq).toBe(2);
    await journal.settled();
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true, lastSeq: 2 });
  });

  it('replays what a crash left in the journal before anything reads or appends, and drops a line the crash cut short', async () => {
    const first = await setup({ onDisk: true, flushMs: 60_000 });
    await first.journal.record([sampleEntry(1)]);
    await first.journal.settled();
    const acknowledged = await first.journal.record([sampleEntry(2), sampleEntry(3)]);
    // A crash: the process is gone with the entries in its journal only, and a write cut short.
    // The cut-short write lands where the next line would have gone: after the last whole line,
    // over the zeros the segment was prepared with.
    const segment = join(first.dir, segmentsIn(first.dir).at(-1)!);
    const end = readFileSync(segment, 'utf8').replace(/\0+$/, '').length;
    const file = openSync(segment, 'r+');
    writeSync(file, '{"seq":4,"prev":"00', end);
    closeSync(file);
    opened.splice(opened.findIndex((h) => h.db === first.db), 1);
    await first.db.close();

    const db = await openPglite(first.dataDir);
    opened.push({ db });
    expect((await rows(db)).map((r) => Number(r.seq))).toEqual([1]);
    const journal = await openJournalAppender({ db, gateway: 'RS/GOV/CPTV', dir: first.dir });
    opened.at(-1)!.journal = journal;
    expect(journal.recovered).toBe(2);
    expect((await rows(db)).map((r) => Number(r.seq))).toEqual([1, ...acknowledged.map((a) => a.seq)]);
    const [next] = await journal.record([sampleEntry(4)]);
    expect(next!.seq).toBe(4);
    await journal.settled();
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true, lastSeq: 4 });
    expect(segmentsIn(first.dir).length).toBeLessThanOrEqual(1);
  });

  it('takes the checkpoints due at the entries it replays and at those it puts in, each in the transaction that copies them', async () => {
    const keys = await generateSigningKey();
    const signed = async () => ({ gateway: 'RS/GOV/CPTV', signer: await checkpointSigner(keys.privateJwk), checkpointEvery: 3 });
    const first = await setup({ onDisk: true, flushMs: 60_000 });
    await first.journal.close();
    const dir = join(first.root, 'signed-journal');
    const journal = await openJournalAppender({ db: first.db, ...(await signed()), dir, limits: { copyAfterMs: 60_000 } });
    await journal.record([1, 2, 3, 4, 5].map(sampleEntry));
    // A crash before the table received them.
    opened.splice(opened.findIndex((h) => h.db === first.db), 1);
    await first.db.close();

    const db = await openPglite(first.dataDir);
    opened.push({ db });
    expect(await recoverAuditJournal(db, dir, auditTable(await signed()))).toBe(5);
    const checkpoints = async () => (await db.query<{ seq: unknown }>('SELECT seq FROM audit_checkpoints ORDER BY seq')).rows.map((r) => Number(r.seq));
    expect(await checkpoints()).toEqual([3]);
    const again = await openJournalAppender({ db, ...(await signed()), dir, limits: { copyAfterMs: 60_000 } });
    opened.at(-1)!.journal = again;
    await again.record([6, 7, 8, 9, 10].map(sampleEntry));
    await again.settled();
    expect(await checkpoints()).toEqual([3, 9]);
    expect(await verifyAuditLog(db, { keys: [keys.publicJwk] })).toMatchObject({ ok: true, lastSeq: 10, checkpoints: 2 });
  });

  it('replays a journal an earlier version left (lines without the field decision list column) once the database is upgraded', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nrx-journal-'));
    const dataDir = join(root, 'db');
    const earlier = await openPglite(dataDir);
    await migrate(earlier, readMigrations().filter((m) => m.version < 5));
    await earlier.close();
    // What an earlier gateway wrote: ten columns, the decisions inline in the body.
    const entry = { ...sampleEntry(1), id: 1, at: '2026-11-30T10:00:00.000Z' };
    const body = canonicalJson(entry);
    const hashHex = chainHash(GENESIS_HASH, body).toString('hex');
    const line = copyLine(1, GENESIS_HASH.toString('hex'), hashHex, entry, body).replace(/\t\\N\n$/, '\n');
    expect(line.split('\t')).toHaveLength(10);
    const dir = join(root, 'audit-journal');
    mkdirSync(dir);
    writeFileSync(join(dir, 'segment-000000000001.log'), line);

    const db = await openPglite(dataDir);
    opened.push({ db });
    await migrate(db);
    const journal = await openJournalAppender({ db, gateway: 'RS/GOV/CPTV', dir });
    opened.at(-1)!.journal = journal;
    expect(journal.recovered).toBe(1);
    const [next] = await journal.record([sampleEntry(2)]);
    await journal.settled();
    expect(next!.seq).toBe(2);
    const stored = await db.query<{ body: string; field_set: unknown }>('SELECT body, field_set FROM audit_log ORDER BY seq');
    expect(stored.rows.map((r) => [JSON.parse(r.body).fields?.length ?? 0, r.field_set === null])).toEqual([[2, true], [0, false]]);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true, lastSeq: 2 });
  });

  it('refuses to replay a damaged journal, naming the segment and line, and leaves it in place', async () => {
    const first = await setup({ onDisk: true, flushMs: 60_000 });
    await first.journal.record([sampleEntry(1), sampleEntry(2)]);
    const segment = join(first.dir, segmentsIn(first.dir).at(-1)!);
    opened.splice(opened.findIndex((h) => h.db === first.db), 1);
    await first.db.close();
    // Someone edits a committed entry in the journal.
    writeFileSync(segment, readFileSync(segment, 'utf8').replace('"ref-1"', '"ref-9"'));
    const db = await openPglite(first.dataDir);
    opened.push({ db });
    await expect(recoverAuditJournal(db, first.dir)).rejects.toThrow(AuditJournalError);
    await expect(recoverAuditJournal(db, first.dir)).rejects.toThrow(/segment-\d+\.log line 1/);
    expect(existsSync(segment)).toBe(true);
    expect(await rows(db)).toHaveLength(0);
  });

  it('empties the journal into the table when it closes', async () => {
    const { db, journal, dir } = await setup({ onDisk: true, flushMs: 60_000 });
    await journal.record([sampleEntry(1), sampleEntry(2), sampleEntry(3)]);
    expect(segmentsIn(dir)).toHaveLength(1);
    await journal.close();
    expect(segmentsIn(dir)).toHaveLength(0);
    expect(await rows(db)).toHaveLength(3);
    await expect(journal.record([sampleEntry(4)])).rejects.toThrow(/closed/);
  });

  it('writes a segment prepared with zeros in place, and reads back only its lines', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'nrx-journal-files-')), 'j');
    const files = journalFiles(dir);
    files.write('a\tline\n');
    const first = files.seal();
    // The next segment is the spare filled off the event loop; wait for it to be ready.
    await files.idle();
    expect(existsSync(join(dir, 'spare.tmp'))).toBe(true);
    files.write('second\n');
    files.write('third\n');
    const segments = readSegments(dir);
    expect(segments.map((s) => s.text)).toEqual(['a\tline\n', 'second\nthird\n']);
    // The second segment is larger on disk than its lines: they were written over its zeros.
    expect(readFileSync(segments[1]!.path).length).toBeGreaterThan('second\nthird\n'.length);
    files.drop(first);
    await files.close();
    expect(segmentsIn(dir)).toHaveLength(1);
    expect(existsSync(join(dir, 'spare.tmp'))).toBe(false);
  });
});
