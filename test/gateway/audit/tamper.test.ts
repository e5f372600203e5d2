import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey } from '../../../gateway/auth/keys.ts';
import { tableAppender, checkpointSigner, verifyAuditLog, type VerifyReport } from '../../../gateway/audit/index.ts';
import { canonicalJson } from '../../../gateway/audit/canonical.ts';
import { chainHash } from '../../../gateway/audit/hash.ts';
import type { Queryable } from '../../../gateway/store/db.ts';
import type { AuditEntryInput } from '../../../gateway/audit/entry.ts';
import { openTestDb, rechain, sampleEntry, tamper, type TestDb } from './support.ts';

const ENTRIES = 120;
let t: TestDb;
let keys: Awaited<ReturnType<typeof generateSigningKey>>;

beforeAll(async () => {
  t = await openTestDb('nrx_test_audit_tamper');
  keys = await generateSigningKey();
  const log = tableAppender({ db: t.db, gateway: 'RS/GOV/CPTV', signer: await checkpointSigner(keys.privateJwk), checkpointEvery: 25 });
  for (let i = 1; i <= ENTRIES; i++) await t.db.transaction((tx) => log.append(tx, i % 40 === RARE_LIST_AT ? withRareList(sampleEntry(i)) : sampleEntry(i)));
});

/** Entries 35, 75 and 115 name a field decision list of their own; the rest share one. */
const RARE_LIST_AT = 35;
const withRareList = (input: AuditEntryInput): AuditEntryInput => ({ ...input, fields: [...input.fields!, { path: 'referral.needs', decision: 'released', basis: 'consent:c-42' }] });
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
      entry.user = 'cw-someone-else';
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
    for (const [column, value] of [['subject', 'subj-someone-else'], ['requester', 'RS/NGO/OTHER'], ['type', 'status-update'], ['purpose', null], ['at', '2020-01-01T00:00:00.000Z'], ['body_seq', 61], ['field_set', null]] as const) {
      for (const batchSize of [16, 1000]) {
        const report = await verifyAfter((tx) => tamper(tx, [`UPDATE audit_log SET ${column} = $1 WHERE seq = 60`], [[value]]), batchSize);
        expect(report.problem, `${column}, batches of ${batchSize}`).toMatchObject({ seq: 60, kind: 'column-mismatch' });
        expect(report.problem!.message).toMatch(/columns .* differ from its hashed content/);
        expect(report.entries).toBe(59);
      }
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

  /** Changes the stored field decision list that entry `seq` names, with its guard trigger off. */
  const tamperList = (tx: Queryable, seq: number, statement: string) =>
    tamper(tx, [
      'ALTER TABLE audit_field_sets DISABLE TRIGGER audit_field_sets_append_only',
      statement.replace('$LIST', `(SELECT field_set FROM audit_log WHERE seq = ${seq})`),
      'ALTER TABLE audit_field_sets ENABLE TRIGGER audit_field_sets_append_only',
    ]);

  it('a stored field decision list changed in place: named at the first entry that relies on it', async () => {
    for (const batchSize of [16, 1000]) {
      const report = await verifyAfter(
        (tx) => tamperList(tx, RARE_LIST_AT, `UPDATE audit_field_sets SET fields = replace(fields, '"withheld"', '"released"') WHERE hash = $LIST`),
        batchSize,
      );
      expect(report.problem, `batches of ${batchSize}`).toMatchObject({ seq: RARE_LIST_AT, kind: 'field-set-mismatch' });
      expect(report.problem!.message).toMatch(/altered/);
      expect(report.entries).toBe(RARE_LIST_AT - 1);
    }
  });

  it('a stored field decision list deleted: named at the first entry that relies on it', async () => {
    for (const batchSize of [16, 1000]) {
      const report = await verifyAfter((tx) => tamperList(tx, RARE_LIST_AT, 'DELETE FROM audit_field_sets WHERE hash = $LIST'), batchSize);
      expect(report.problem, `batches of ${batchSize}`).toMatchObject({ seq: RARE_LIST_AT, kind: 'field-set-mismatch' });
      expect(report.problem!.message).toMatch(/missing/);
    }
  });

  it('an entry made to name another stored list, its hash and the tail recomputed: the checkpoint disagrees', async () => {
    const report = await verifyAfter(async (tx) => {
      const common = (await body(tx, 1)).fieldSet;
      const entry = { ...(await body(tx, 75)), fieldSet: common };
      const prev = (await tx.query<{ prev_hash: Uint8Array }>('SELECT prev_hash FROM audit_log WHERE seq = 75')).rows[0]!.prev_hash;
      const text = canonicalJson(entry);
      await tamper(tx, ["UPDATE audit_log SET body = $2, hash = $3, field_set = decode($4, 'hex') WHERE seq = $1"], [[75, text, chainHash(prev, text), common]]);
      await rechain(tx, 76);
    });
    expect(report.problem).toMatchObject({ seq: 75, kind: 'checkpoint-mismatch' });
  });

  it('the lists stay out of reach of anyone but the table owner with the guard off', async () => {
    await expect(t.db.query("UPDATE audit_field_sets SET fields = '[]'")).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM audit_field_sets')).rejects.toThrow(/append-only/);
  });

  it('the head rewritten to another hash', async () => {
    const report = await verifyAfter(async (tx) => {
      await tx.query("UPDATE audit_head SET hash = decode(repeat('ab', 32), 'hex')");
    });
    expect(report.problem).toMatchObject({ seq: ENTRIES, kind: 'head-mismatch' });
  });
});

interface Columns {
  body_seq: number | null;
  type: string | null;
  requester: string | null;
  subject: string | null;
  purpose: string | null;
  at: string | null;
}

/**
 * What an attacker who can also hash does: writes `body` at `seq` with its own hash right and the
 * entries after it linked anew, and the columns as given (by default, as they were). Used after
 * the last checkpoint (100), so that only the columns can give it away.
 */
async function rewrite(tx: Queryable, seq: number, body: string, columns: Partial<Columns> = {}): Promise<void> {
  const prev = (await tx.query<{ hash: Uint8Array }>('SELECT hash FROM audit_log WHERE seq = $1', [seq - 1])).rows[0]!.hash;
  const stored = (await tx.query<Columns>('SELECT body_seq, type, requester, subject, purpose, at FROM audit_log WHERE seq = $1', [seq])).rows[0]!;
  const c = { ...stored, ...columns };
  await tamper(
    tx,
    ['UPDATE audit_log SET body = $2, hash = $3, body_seq = $4, type = $5, requester = $6, subject = $7, purpose = $8, at = $9 WHERE seq = $1'],
    [[seq, body, chainHash(prev, body), c.body_seq, c.type, c.requester, c.subject, c.purpose, c.at]],
  );
  await rechain(tx, seq + 1);
}

/** Verifies after `change` in batches of 16 and in one batch: verify takes a sound batch whole, and checks any other row by row. */
async function verifyBothWays(change: (tx: Queryable) => Promise<void>): Promise<VerifyReport[]> {
  return [await verifyAfter(change, 16), await verifyAfter(change, 1000)];
}

describe('the indexed columns are checked against the hashed body itself', () => {
  const SEQ = 110;
  const entryAt = async (tx: Queryable) => body(tx, SEQ);

  it('a column set to a value the body holds elsewhere (in details or fields) but not as that member', async () => {
    type Craft = [string, (entry: any) => void, Partial<Columns>];
    const crafts: Craft[] = [
      ['subject in details', (e) => (e.details.subject = 'subj-elsewhere'), { subject: 'subj-elsewhere' }],
      ['subject in a field', (e) => (e.fields = [{ path: 'person.name', decision: 'withheld', subject: 'subj-elsewhere' }]), { subject: 'subj-elsewhere' }],
      ['requester in a field', (e) => (e.fields = [{ path: 'person.name', decision: 'withheld', requester: 'RS/NGO/OTHER' }]), { requester: 'RS/NGO/OTHER' }],
      ['type in details', (e) => (e.details.type = 'status-update'), { type: 'status-update' }],
      ['time in details', (e) => (e.details.at = '2020-01-01T00:00:00.000Z'), { at: '2020-01-01T00:00:00.000Z' }],
      ['number in details', (e) => (e.details.id = SEQ + 1), { body_seq: SEQ + 1 }],
      ['purpose only in details, none of its own', (e) => ((e.details.purpose = e.purpose), delete e.purpose), {}],
      ['purpose only in a nested list', (e) => ((e.details.list = [e.purpose]), delete e.purpose), {}],
    ];
    for (const [name, craft, columns] of crafts) {
      const reports = await verifyBothWays(async (tx) => {
        const entry = await entryAt(tx);
        craft(entry);
        await rewrite(tx, SEQ, canonicalJson(entry), columns);
      });
      for (const report of reports) expect(report.problem, name).toMatchObject({ seq: SEQ, kind: 'column-mismatch' });
    }
  });

  it('the same crafted bodies with the columns the body really holds are sound', async () => {
    const reports = await verifyBothWays(async (tx) => {
      const entry = await entryAt(tx);
      Object.assign(entry.details, { subject: 'subj-elsewhere', type: 'status-update', id: SEQ + 1, purpose: 'other' });
      entry.fields = [{ path: 'person.name', decision: 'withheld', requester: 'RS/NGO/OTHER' }];
      delete entry.purpose;
      await rewrite(tx, SEQ, canonicalJson(entry), { purpose: null });
    });
    for (const report of reports) expect(report).toMatchObject({ ok: true, entries: ENTRIES });
  });

  it('bodies outside the canonical form (escapes, whitespace, line breaks, repeated keys) are read exactly', async () => {
    const canonical = async (tx: Queryable) => canonicalJson(await entryAt(tx));
    const escaped = async (tx: Queryable) => canonicalJson({ ...(await entryAt(tx)), user: 'cw "quoted"\\', details: { note: 'line\nbreak\ttab' } });
    const spaced = async (tx: Queryable) => (await canonical(tx)).replace(',"id":', ',\n\t "id" :').replace('{', '{ ');
    const repeated = async (tx: Queryable) => (await canonical(tx)).replace(/}$/, ',"subject":"subj-repeated"}');
    const withoutPurpose = async (tx: Queryable) => canonicalJson({ ...(await entryAt(tx)), purpose: undefined });
    const emptyPurpose = async (tx: Queryable) => canonicalJson({ ...(await entryAt(tx)), purpose: '' });
    const cases: [string, (tx: Queryable) => Promise<string>, Partial<Columns>, boolean][] = [
      ['escapes', escaped, {}, true],
      ['escapes, subject changed', escaped, { subject: 'subj-someone-else' }, false],
      ['whitespace and line breaks', spaced, {}, true],
      ['whitespace and line breaks, type changed', spaced, { type: 'status-update' }, false],
      ['a repeated key: the last one counts, as in jsonb', repeated, { subject: 'subj-repeated' }, true],
      ['a repeated key, the column has the first', repeated, {}, false],
      ['no purpose, column empty rather than NULL', withoutPurpose, { purpose: '' }, false],
      ['no purpose, column NULL', withoutPurpose, { purpose: null }, true],
      ['an empty purpose, column NULL', emptyPurpose, { purpose: null }, false],
      ['an empty purpose, column empty', emptyPurpose, { purpose: '' }, true],
      ['a column holding a tab', canonical, { subject: 'subj-000110\tx' }, false],
      ['a column holding a line break', canonical, { requester: 'RS/NGO/ASTRA\n' }, false],
    ];
    for (const [name, make, columns, sound] of cases) {
      const reports = await verifyBothWays(async (tx) => rewrite(tx, SEQ, await make(tx), columns));
      for (const report of reports) {
        if (sound) expect(report, name).toMatchObject({ ok: true, entries: ENTRIES });
        else expect(report.problem, name).toMatchObject({ seq: SEQ, kind: 'column-mismatch' });
      }
    }
  });

  it('a body that is not JSON, hashed into the chain: named as the entry whose columns cannot be checked', async () => {
    const reports = await verifyBothWays((tx) => rewrite(tx, SEQ, `not JSON, though it says "id":${SEQ}`));
    for (const report of reports) {
      expect(report.problem).toMatchObject({ seq: SEQ, kind: 'column-mismatch' });
      expect(report.problem!.message).toMatch(/not JSON/);
      expect(report.entries).toBe(SEQ - 1);
    }
  });

  it('a column mismatch before a chain problem is named first; at the same entry the chain problem is', async () => {
    const [before] = await verifyBothWays(async (tx) => {
      await tamper(tx, ['UPDATE audit_log SET subject = $1 WHERE seq = 105', 'DELETE FROM audit_log WHERE seq = 115'], [['subj-someone-else'], []]);
    });
    expect(before!.problem).toMatchObject({ seq: 105, kind: 'column-mismatch' });
    const [same] = await verifyBothWays(async (tx) => {
      await tamper(tx, ['UPDATE audit_log SET subject = $1, body = $2 WHERE seq = 105'], [['subj-someone-else', canonicalJson(await body(tx, 105)).replace('assistance', 'criminal-justice')]]);
    });
    expect(same!.problem).toMatchObject({ seq: 105, kind: 'hash-mismatch' });
  });
});

