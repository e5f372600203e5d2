import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey } from '../../../gateway/auth/keys.ts';
import {
  AuditGuardError,
  CheckpointError,
  tableAppender,
  checkpointSigner,
  exportCheckpoints,
  readCheckpoint,
  recordWitness,
  verifyAuditLog,
  verifyCheckpointSignature,
} from '../../../gateway/audit/index.ts';
import { chainHash, GENESIS_HASH } from '../../../gateway/audit/hash.ts';
import { openTestDb, sampleEntry, type TestDb } from './support.ts';
import type { Db } from '../../../gateway/store/db.ts';

let t: TestDb;
let keys: Awaited<ReturnType<typeof generateSigningKey>>;
let log: ReturnType<typeof tableAppender>;

beforeAll(async () => {
  t = await openTestDb('nrx_test_audit_log');
  keys = await generateSigningKey();
  log = tableAppender({ db: t.db, gateway: 'RS/GOV/CPTV', signer: await checkpointSigner(keys.privateJwk), checkpointEvery: 50 });
  await t.db.exec('CREATE TABLE audit_test_writes (n integer NOT NULL)');
});
afterAll(async () => {
  await t?.close();
});

const count = async (sql: string) => Number((await t.db.query<{ n: unknown }>(sql)).rows[0]!.n);

describe('append', () => {
  it('numbers entries 1, 2, 3 and links each to the one before', async () => {
    const first = await t.db.transaction((tx) => log.append(tx, sampleEntry(1)));
    const second = await t.db.transaction((tx) => log.append(tx, sampleEntry(2)));
    expect([first.seq, second.seq]).toEqual([1, 2]);
    const { rows } = await t.db.query<{ seq: unknown; prev_hash: Uint8Array; hash: Uint8Array; body: string; type: string; subject: string; requester: string }>(
      'SELECT seq, prev_hash, hash, body, type, subject, requester FROM audit_log ORDER BY seq',
    );
    expect(Buffer.from(rows[0]!.prev_hash).equals(GENESIS_HASH)).toBe(true);
    expect(Buffer.from(rows[1]!.prev_hash).toString('hex')).toBe(first.hash);
    expect(chainHash(rows[1]!.prev_hash, rows[1]!.body).toString('hex')).toBe(second.hash);
    expect(JSON.parse(rows[1]!.body)).toMatchObject({ id: 2, type: 'disclosure-decision', subject: 'subj-000002' });
    expect(rows[1]).toMatchObject({ type: 'disclosure-decision', subject: 'subj-000002', requester: 'RS/NGO/ASTRA' });
  });

  it('fails closed: a refused entry rolls back the write it was to record', async () => {
    const before = await count('SELECT count(*) AS n FROM audit_log');
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query('INSERT INTO audit_test_writes (n) VALUES (1)');
        await log.append(tx, { ...sampleEntry(3), details: { name: 'Ana' } });
      }),
    ).rejects.toBeInstanceOf(AuditGuardError);
    expect(await count('SELECT count(*) AS n FROM audit_test_writes')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM audit_log')).toBe(before);
  });

  it('a write that fails after its entry takes the entry with it, and leaves no gap', async () => {
    const before = await count('SELECT seq AS n FROM audit_head');
    await expect(
      t.db.transaction(async (tx) => {
        await log.append(tx, sampleEntry(4));
        await tx.query('INSERT INTO audit_test_writes (n) VALUES (NULL)');
      }),
    ).rejects.toThrow();
    expect(await count('SELECT seq AS n FROM audit_head')).toBe(before);
    const next = await t.db.transaction(async (tx) => {
      await tx.query('INSERT INTO audit_test_writes (n) VALUES (5)');
      return log.append(tx, sampleEntry(5));
    });
    expect(next.seq).toBe(before + 1);
    expect(await count('SELECT count(*) AS n FROM audit_test_writes')).toBe(1);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the log', async () => {
    await expect(t.db.query("UPDATE audit_log SET body = '{}' WHERE seq = 1")).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow(/append-only/);
    await expect(t.db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    await expect(t.db.query('TRUNCATE audit_checkpoints')).rejects.toThrow(/append-only/);
    expect(await count('SELECT count(*) AS n FROM audit_log')).toBe(3);
  });

  it('stays gap-free and unforked under many concurrent transactions', async () => {
    const start = await count('SELECT seq AS n FROM audit_head');
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        t.db.transaction(async (tx) => {
          await tx.query('INSERT INTO audit_test_writes (n) VALUES ($1)', [i]);
          return log.append(tx, sampleEntry(i));
        }),
      ),
    );
    const seqs = results.map((r) => r.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => start + 1 + i));
    const report = await verifyAuditLog(t.db, { keys: [keys.publicJwk] });
    expect(report).toMatchObject({ ok: true, entries: start + 200, lastSeq: start + 200 });
    expect(report.checkpoints).toBe(Math.floor((start + 200) / 50));
  });

});

describe('checkpoints', () => {
  it('are taken every N entries in the appending transaction and signed by the gateway', async () => {
    const exported = await exportCheckpoints(t.db);
    expect(exported.map((c) => c.seq)).toEqual([50, 100, 150, 200]);
    const payload = await verifyCheckpointSignature(exported[1]!.jws, [keys.publicJwk]);
    const { rows } = await t.db.query<{ hash: Uint8Array }>('SELECT hash FROM audit_log WHERE seq = 100');
    expect(payload).toMatchObject({ lastSeq: 100, gateway: 'RS/GOV/CPTV', lastHash: Buffer.from(rows[0]!.hash).toString('hex') });
  });

  it('can be taken on demand at the head, once', async () => {
    const taken = await log.checkpoint();
    const head = await count('SELECT seq AS n FROM audit_head');
    expect(taken.seq).toBe(head);
    expect((await log.checkpoint()).jws).toBe(taken.jws);
    expect((await exportCheckpoints(t.db, { afterSeq: 200 })).map((c) => c.seq)).toEqual([head]);
    await expect(t.db.query('DELETE FROM audit_checkpoints WHERE seq = $1', [head])).rejects.toThrow(/append-only/);
  });

  it('do not verify with another key', async () => {
    const other = await generateSigningKey();
    const [first] = await exportCheckpoints(t.db);
    await expect(verifyCheckpointSignature(first!.jws, [{ ...other.publicJwk, kid: keys.publicJwk.kid! }])).rejects.toThrow(CheckpointError);
    await expect(verifyCheckpointSignature(first!.jws, [other.publicJwk])).rejects.toThrow(/no key given/);
  });

  it('are stored by a peer as witnesses, and a second, different checkpoint for the same entry is refused as a fork', async () => {
    const peer = await openTestDb('nrx_test_audit_peer');
    try {
      const [first, second] = await exportCheckpoints(t.db);
      expect(await recordWitness(peer.db, first!.jws, [keys.publicJwk])).toMatchObject({ lastSeq: 50 });
      await recordWitness(peer.db, first!.jws, [keys.publicJwk]);
      await recordWitness(peer.db, second!.jws, [keys.publicJwk]);
      expect((await peer.db.query('SELECT seq FROM audit_witnesses ORDER BY seq')).rows.map((r) => Number(r.seq))).toEqual([50, 100]);
      // The same gateway signing a different history for entry 50: a rewritten log.
      const forged = await (await checkpointSigner(keys.privateJwk)).sign({ ...readCheckpoint(first!.jws), lastHash: 'f'.repeat(64) });
      await expect(recordWitness(peer.db, forged, [keys.publicJwk])).rejects.toThrow(/two different checkpoints for entry 50/);
      const other = await generateSigningKey();
      await expect(recordWitness(peer.db, second!.jws, [other.publicJwk])).rejects.toThrow(CheckpointError);
    } finally {
      await peer.close();
    }
  });
});

describe('records of two appenders on one database', () => {
  it('chain each batch after the head another appender moved, and after a write that rolled back', async () => {
    // Two appenders stand for two gateway processes on one server.
    const other = tableAppender({ db: t.db, gateway: 'RS/GOV/CPTV', signer: await checkpointSigner(keys.privateJwk), checkpointEvery: 50 });
    const start = await count('SELECT seq AS n FROM audit_head');
    const mine = await log.record([sampleEntry(1), sampleEntry(2)]);
    const theirs = await other.record([sampleEntry(3)]);
    const again = await log.record([sampleEntry(4)]);
    await expect(
      t.db.transaction(async (tx) => {
        await other.append(tx, sampleEntry(5));
        throw new Error('the write failed');
      }),
    ).rejects.toThrow('the write failed');
    const last = await other.record([sampleEntry(6)]);
    expect([...mine, ...theirs, ...again, last[0]!].map((a) => a.seq)).toEqual([1, 2, 3, 4, 5].map((n) => start + n));
    const concurrent = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? log : other).record([sampleEntry(i)])));
    expect(concurrent.flat().map((a) => a.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => start + 6 + i));
    const report = await verifyAuditLog(t.db, { keys: [keys.publicJwk] });
    expect(report).toMatchObject({ ok: true, entries: start + 45, lastSeq: start + 45 });
  });

  it('append each batch once, after whatever another appender put in just before its turn', async () => {
    const other = tableAppender({ db: t.db, gateway: 'RS/GOV/CPTV' });
    let raced = 0;
    // Before each of this appender's batches, the other appender gets in first.
    const racing: Db = {
      kind: t.db.kind,
      query: (sql, params) => t.db.query(sql, params),
      exec: (sql) => t.db.exec(sql),
      transaction: async (work) => {
        raced++;
        await other.record([sampleEntry(900 + raced)]);
        return t.db.transaction(work);
      },
      close: () => t.db.close(),
    };
    const mine = tableAppender({ db: racing, gateway: 'RS/GOV/CPTV' });
    const entries = await Promise.all([mine.record([sampleEntry(998)]), mine.record([sampleEntry(999)])]);
    expect(raced).toBeGreaterThanOrEqual(1);
    for (const [i, [entry]] of entries.entries()) {
      const { rows } = await t.db.query<{ body: string }>('SELECT body FROM audit_log WHERE seq = $1', [entry!.seq]);
      expect(JSON.parse(rows[0]!.body).details.referral).toBe(`ref-${998 + i}`);
    }
    expect(await count("SELECT count(*) AS n FROM audit_log WHERE body LIKE '%\"ref-999\"%'")).toBe(1);
    expect(await count("SELECT count(*) AS n FROM audit_log WHERE body LIKE '%\"ref-998\"%'")).toBe(1);
    expect((await verifyAuditLog(t.db, { keys: [keys.publicJwk] })).ok).toBe(true);
  });
});
