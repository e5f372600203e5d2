import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey } from '../../../gateway/auth/keys.ts';
import { auditLog, checkpointSigner, verifyAuditLog, type VerifyReport } from '../../../gateway/audit/index.ts';
import { canonicalJson } from '../../../gateway/audit/canonical.ts';
import { chainHash } from '../../../gateway/audit/hash.ts';
import type { Queryable } from '../../../gateway/store/db.ts';
import { openTestDb, rechain, sampleEntry, tamper, type TestDb } from './support.ts';

const ENTRIES = 120;
let t: TestDb;
let keys: Awaited<ReturnType<typeof generateSigningKey>>;

beforeAll(async () => {
  t = await openTestDb('nrx_test_audit_tamper');
  keys = await generateSigningKey();
  const log = auditLog({ gateway: 'RS/GOV/CPTV', signer: await checkpointSigner(keys.privateJwk), checkpointEvery: 25 });
  for (let i = 1; i <= ENTRIES; i++) await t.db.transaction((tx) => log.append(tx, sampleEntry(i)));
});
afterAll(async () => {
  await t?.close();
});

class Undo extends Error {}

/** Tampers and verifies inside one transaction that is then rolled back, so every case starts from the intact log. */
async function verifyAfter(change: (tx: Queryable) => Promise<void>, batchSize = 16): Promise<VerifyReport> {
  let report: VerifyReport | undefined;
  await t.db
    .transaction(async (tx) => {
      await change(tx);
      report = await verifyAuditLog(tx, { keys: [keys.publicJwk], batchSize });
      throw new Undo();
    })
    .catch((error) => {
      if (!(error instanceof Undo)) throw error;
    });
  return report!;
}

const body = async (tx: Queryable, seq: number) => JSON.parse((await tx.query<{ body: string }>('SELECT body FROM audit_log WHERE seq = $1', [seq])).rows[0]!.body);

describe('verify', () => {
  it('finds the intact log sound, across batch boundaries', async () => {
    const report = await verifyAuditLog(t.db, { keys: [keys.publicJwk], batchSize: 7 });
    expect(report).toMatchObject({ ok: true, entries: ENTRIES, lastSeq: ENTRIES, checkpoints: 4, signaturesChecked: true });
  });

  it('insists on keys when checkpoints are signed, unless told to skip signatures', async () => {
    await expect(verifyAuditLog(t.db)).rejects.toThrow(/public keys/);
    expect(await verifyAuditLog(t.db, { skipSignatures: true })).toMatchObject({ ok: true, signaturesChecked: false });
  });
});

describe('tampering is caught and the first bad entry named', () => {
  it('an updated entry: hash mismatch', async () => {
    const report = await verifyAfter(async (tx) => {
      const entry = await body(tx, 40);
      entry.purpose = 'criminal-justice';
      await tamper(tx, ['UPDATE audit_log SET body = $2 WHERE seq = $1'], [[40, canonicalJson(entry)]]);
    });
    expect(report.ok).toBe(false);
    expect(report.problem).toMatchObject({ seq: 40, kind: 'hash-mismatch' });
    expect(report.entries).toBe(39);
  });

  it('an updated entry whose own hash was recomputed: broken link at the next', async () => {
    const report = await verifyAfter(async (tx) => {
      const entry = await body(tx, 40);
      entry.fields[1].decision = 'released';
      const prev = (await tx.query<{ prev_hash: Uint8Array }>('SELECT prev_hash FROM audit_log WHERE seq = 40')).rows[0]!.prev_hash;
      const text = canonicalJson(entry);
      await tamper(tx, ['UPDATE audit_log SET body = $2, hash = $3 WHERE seq = $1'], [[40, text, chainHash(prev, text)]]);
    });
    expect(report.problem).toMatchObject({ seq: 41, kind: 'broken-link' });
  });

  it('a deleted entry: gap', async () => {
    const report = await verifyAfter((tx) => tamper(tx, ['DELETE FROM audit_log WHERE seq = 60']));
    expect(report.problem).toMatchObject({ seq: 60, kind: 'gap' });
    expect(report.problem!.message).toMatch(/entries 60 missing/);
  });

  it('two entries swapped: reordered', async () => {
    const report = await verifyAfter((tx) =>
      tamper(tx, ['UPDATE audit_log SET seq = -1 WHERE seq = 70', 'UPDATE audit_log SET seq = 70 WHERE seq = 71', 'UPDATE audit_log SET seq = 71 WHERE seq = -1']),
    );
    expect(report.problem).toMatchObject({ seq: 70, kind: 'reordered' });
    expect(report.problem!.message).toMatch(/position 70 holds the entry numbered 71/);
  });

  it('an entry inserted in the middle, the rest shifted: inserted', async () => {
    const report = await verifyAfter(async (tx) => {
      const prev = (await tx.query<{ hash: Uint8Array }>('SELECT hash FROM audit_log WHERE seq = 9')).rows[0]!.hash;
      const forged = canonicalJson({ ...(await body(tx, 10)), id: 10, purpose: 'criminal-justice' });
      await tamper(
        tx,
        ['UPDATE audit_log SET seq = -seq WHERE seq >= 10', 'UPDATE audit_log SET seq = 1 - seq WHERE seq < 0', 'INSERT INTO audit_log (seq, prev_hash, hash, body) VALUES (10, $1, $2, $3)'],
        [[], [], [prev, chainHash(prev, forged), forged]],
      );
    });
    expect(report.problem).toMatchObject({ seq: 10, kind: 'inserted' });
  });

  it('an entry inserted and the whole tail re-hashed by a careful attacker: the signed checkpoint disagrees', async () => {
    const report = await verifyAfter(async (tx) => {
      const forged = canonicalJson({ ...(await body(tx, 30)), id: 30, purpose: 'criminal-justice' });
      await tamper(
        tx,
        ['UPDATE audit_log SET seq = -seq WHERE seq >= 30', 'UPDATE audit_log SET seq = 1 - seq WHERE seq < 0', "INSERT INTO audit_log (seq, prev_hash, hash, body) VALUES (30, '\\x00', '\\x00', $1)"],
        [[], [], [forged]],
      );
      await rechain(tx, 30);
    });
    expect(report.problem).toMatchObject({ seq: 50, kind: 'checkpoint-mismatch' });
    expect(report.entries).toBe(49);
  });

  it('an indexed column changed on its own (to hide an entry from the officer): column mismatch', async () => {
    for (const [column, value] of [['subject', 'subj-someone-else'], ['requester', 'RS/NGO/OTHER'], ['type', 'status-update'], ['purpose', null], ['body_seq', 61]] as const) {
      const report = await verifyAfter((tx) => tamper(tx, [`UPDATE audit_log SET ${column} = $1 WHERE seq = 60`], [[value]]));
      expect(report.problem, column).toMatchObject({ seq: 60, kind: 'column-mismatch' });
      expect(report.problem!.message).toMatch(/columns .* differ from its hashed content/);
    }
  });

  it('an entry appended beyond the head, outside the log', async () => {
    const report = await verifyAfter(async (tx) => {
      const last = (await tx.query<{ hash: Uint8Array }>('SELECT hash FROM audit_log WHERE seq = $1', [ENTRIES])).rows[0]!.hash;
      const forged = canonicalJson({ ...(await body(tx, ENTRIES)), id: ENTRIES + 1 });
      await tx.query('INSERT INTO audit_log (seq, prev_hash, hash, body) VALUES ($1, $2, $3, $4)', [ENTRIES + 1, last, chainHash(last, forged), forged]);
    });
    expect(report.problem).toMatchObject({ seq: ENTRIES + 1, kind: 'inserted' });
  });

  it('the newest entries removed: truncated', async () => {
    const report = await verifyAfter((tx) => tamper(tx, ['DELETE FROM audit_log WHERE seq > 110']));
    expect(report.problem).toMatchObject({ seq: 111, kind: 'truncated' });
  });

  it('the newest entries removed and the head rewound: the checkpoint beyond the end shows it', async () => {
    const report = await verifyAfter(async (tx) => {
      await tamper(tx, ['DELETE FROM audit_log WHERE seq > 90']);
      await rechain(tx, 90);
    });
    expect(report.problem).toMatchObject({ seq: 100, kind: 'truncated' });
  });

  it('a checkpoint replaced by one signed with another key', async () => {
    const intruder = await generateSigningKey({ kid: keys.publicJwk.kid! });
    const jws = await (await checkpointSigner(intruder.privateJwk)).sign({ lastSeq: 75, lastHash: '0'.repeat(64), at: new Date().toISOString(), gateway: 'RS/GOV/CPTV' });
    const report = await verifyAfter(async (tx) => {
      await tx.query('ALTER TABLE audit_checkpoints DISABLE TRIGGER audit_checkpoints_append_only');
      await tx.query('UPDATE audit_checkpoints SET jws = $1 WHERE seq = 75', [jws]);
    });
    expect(report.problem).toMatchObject({ seq: 75, kind: 'checkpoint-signature' });
  });

  it('the head rewritten to another hash', async () => {
    const report = await verifyAfter(async (tx) => {
      await tx.query("UPDATE audit_head SET hash = decode(repeat('ab', 32), 'hex')");
    });
    expect(report.problem).toMatchObject({ seq: ENTRIES, kind: 'head-mismatch' });
  });
});
