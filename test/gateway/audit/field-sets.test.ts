/**
 * Field decision lists stored once: entries name their list by hash, the list is stored once
 * however often and however concurrently it recurs, the officer's queries give the decisions back,
 * and entries written before lists were stored apart (decisions inline) read and verify alike.
 * On PGlite, or on the server named by NRX_TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableAppender, verifyAuditLog } from '../../../gateway/audit/index.ts';
import { canonicalJson } from '../../../gateway/audit/canonical.ts';
import type { AuditEntryInput, AuditField } from '../../../gateway/audit/entry.ts';
import { fieldSetOf } from '../../../gateway/audit/field-sets.ts';
import { chainHash, sha256Hex } from '../../../gateway/audit/hash.ts';
import { disclosureMatrix, disclosures, entriesForSubject } from '../../../gateway/audit/queries.ts';
import type { Queryable } from '../../../gateway/store/db.ts';
import { readMigrations } from '../../../gateway/store/migrate.ts';
import { openTestDb, tamper, type TestDb } from './support.ts';

const IDENTITY_AND_HEALTH: AuditField[] = [
  { path: 'referral.sections.person.sex', decision: 'released', basis: 'consent:c-1#identity', group: 'identity' },
  { path: 'referral.sections.health.conditions', decision: 'withheld', reason: 'NO_CONSENT', group: 'health' },
];
const NEEDS_ONLY: AuditField[] = [{ path: 'referral.sections.needs[].category', decision: 'transformed', transform: 'generalise', group: 'needs' }];

const disclosure = (subject: string, recipient: string, fields: readonly AuditField[]): AuditEntryInput => ({
  type: 'disclosure-decision',
  requester: recipient,
  purpose: 'assistance',
  subject,
  fields,
  payloadHash: 'c'.repeat(64),
  details: { recipient },
});

/** An entry as a gateway before this version wrote it: its decisions inline, no field_set. */
async function appendInline(db: Queryable, input: AuditEntryInput): Promise<void> {
  const head = (await db.query<{ seq: unknown; hash: Uint8Array }>('SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE')).rows[0]!;
  const seq = Number(head.seq) + 1;
  const entry = { ...input, id: seq, at: new Date().toISOString() };
  const body = canonicalJson(entry);
  const hash = chainHash(head.hash, body);
  await db.query(
    'INSERT INTO audit_log (seq, prev_hash, hash, body, body_seq, type, requester, subject, purpose, at) VALUES ($1, $2, $3, $4, $1, $5, $6, $7, $8, $9)',
    [seq, head.hash, hash, body, entry.type, entry.requester ?? null, entry.subject ?? null, entry.purpose ?? null, entry.at],
  );
  await db.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [seq, hash]);
}

let t: TestDb;
let log: ReturnType<typeof tableAppender>;

beforeAll(async () => {
  t = await openTestDb('nrx_test_audit_field_sets');
  log = tableAppender({ db: t.db, gateway: 'RS/GOV/CPTV' });
  // Standalone appends of the same new lists at once, as concurrent requests make them.
  await Promise.all([
    log.record([disclosure('subj-fs-000001', 'RS/NGO/ATINA', IDENTITY_AND_HEALTH)]),
    log.record([disclosure('subj-fs-000002', 'RS/NGO/ATINA', IDENTITY_AND_HEALTH)]),
    log.record([disclosure('subj-fs-000001', 'RS/NGO/ASTRA', NEEDS_ONLY)]),
  ]);
  await t.db.transaction((tx) => log.appendMany(tx, [disclosure('subj-fs-000003', 'RS/NGO/ASTRA', IDENTITY_AND_HEALTH), disclosure('subj-fs-000003', 'RS/NGO/ASTRA', NEEDS_ONLY)]));
  await t.db.transaction((tx) => appendInline(tx, disclosure('subj-fs-000001', 'RS/NGO/ATINA', [{ path: 'referral.sections.health.conditions', decision: 'released', basis: 'consent:c-9#health', group: 'health' }])));
});
afterAll(async () => {
  await t?.close();
});

describe('field decision lists stored once', () => {
  it('are stored once each, under the SHA-256 of their canonical JSON, and entries name them instead of holding them', async () => {
    const { rows: lists } = await t.db.query<{ hash: string; fields: string }>("SELECT encode(hash, 'hex') AS hash, fields FROM audit_field_sets ORDER BY fields");
    expect(lists).toHaveLength(2);
    for (const list of lists) expect(sha256Hex(list.fields)).toBe(list.hash);
    expect(lists.map((l) => JSON.parse(l.fields))).toEqual(expect.arrayContaining([IDENTITY_AND_HEALTH, NEEDS_ONLY]));
    const { rows } = await t.db.query<{ body: string; field_set: string | null }>("SELECT body, encode(field_set, 'hex') AS field_set FROM audit_log ORDER BY seq");
    const bodies = rows.map((r) => ({ ...JSON.parse(r.body), column: r.field_set }));
    expect(bodies).toHaveLength(6);
    for (const body of bodies.slice(0, 5)) {
      expect(body.fields).toBeUndefined();
      expect(body.fieldSet).toBe(body.column);
      expect([fieldSetOf(IDENTITY_AND_HEALTH).hash, fieldSetOf(NEEDS_ONLY).hash]).toContain(body.fieldSet);
    }
    expect(bodies[5]).toMatchObject({ fields: [{ group: 'health' }], column: null });
    expect(bodies[5].fieldSet).toBeUndefined();
  });

  it('come back as each entry\'s fields in the officer\'s queries, inline ones too', async () => {
    const all = await disclosures(t.db, {});
    expect(all).toHaveLength(6);
    for (const entry of all) expect(entry.fields?.length).toBeGreaterThan(0);
    const health = await disclosures(t.db, { fieldGroup: 'health' });
    expect(health.map((e) => e.subject).sort()).toEqual(['subj-fs-000001', 'subj-fs-000001', 'subj-fs-000002', 'subj-fs-000003']);
    const needs = await disclosures(t.db, { fieldGroup: 'needs', recipient: 'RS/NGO/ASTRA' });
    expect(needs).toHaveLength(2);
    expect(needs.every((e) => e.fields!.every((f) => f.group === 'needs'))).toBe(true);
    const hers = await entriesForSubject(t.db, 'subj-fs-000001');
    // The concurrent appends commit in whichever order their lists were stored.
    expect(hers).toHaveLength(3);
    expect(hers.map((e) => e.fields!.map((f) => f.path))).toEqual(
      expect.arrayContaining([IDENTITY_AND_HEALTH.map((f) => f.path), NEEDS_ONLY.map((f) => f.path), ['referral.sections.health.conditions']]),
    );
  });

  it('count in the disclosure matrix once per entry that names them', async () => {
    const matrix = await disclosureMatrix(t.db);
    const cell = (recipient: string, fieldGroup: string) => matrix.find((c) => c.recipient === recipient && c.fieldGroup === fieldGroup);
    expect(cell('RS/NGO/ATINA', 'identity')).toEqual({ recipient: 'RS/NGO/ATINA', fieldGroup: 'identity', released: 2, transformed: 0, withheld: 0 });
    expect(cell('RS/NGO/ATINA', 'health')).toEqual({ recipient: 'RS/NGO/ATINA', fieldGroup: 'health', released: 1, transformed: 0, withheld: 2 });
    expect(cell('RS/NGO/ASTRA', 'needs')).toEqual({ recipient: 'RS/NGO/ASTRA', fieldGroup: 'needs', released: 0, transformed: 2, withheld: 0 });
    expect(cell('RS/NGO/ASTRA', 'health')).toEqual({ recipient: 'RS/NGO/ASTRA', fieldGroup: 'health', released: 0, transformed: 0, withheld: 1 });
  });

  it('verify across entries that name lists and entries that hold them inline', async () => {
    expect(await verifyAuditLog(t.db)).toMatchObject({ ok: true, entries: 6 });
  });

  it('survive a transaction that stored a new list and rolled back: the next entry naming it stores it again', async () => {
    const fresh: AuditField[] = [{ path: 'referral.sections.person.languages', decision: 'released', basis: 'consent:c-2#identity', group: 'identity' }];
    await expect(
      t.db.transaction(async (tx) => {
        await log.appendMany(tx, [disclosure('subj-fs-000004', 'RS/NGO/ATINA', fresh)]);
        throw new Error('the write fails after its entry');
      }),
    ).rejects.toThrow(/write fails/);
    await log.record([disclosure('subj-fs-000004', 'RS/NGO/ATINA', fresh)]);
    const [entry] = await entriesForSubject(t.db, 'subj-fs-000004');
    expect(entry!.fields).toEqual(fresh);
    expect(await verifyAuditLog(t.db)).toMatchObject({ ok: true, entries: 7 });
  });

  it('refuse an input that names a list itself: only the log derives and stores them', async () => {
    await expect(log.record([{ ...disclosure('subj-fs-000005', 'RS/NGO/ATINA', NEEDS_ONLY), fieldSet: 'd'.repeat(64) } as AuditEntryInput])).rejects.toThrow(/fieldSet/);
  });
});

describe('a database an earlier version left (before migration 005)', () => {
  let old: TestDb;
  beforeAll(async () => {
    old = await openTestDb('nrx_test_audit_pre005', readMigrations().filter((m) => m.version < 5));
    for (let i = 1; i <= 12; i++) await old.db.transaction((tx) => appendInline(tx, disclosure(`subj-old-${String(i).padStart(6, '0')}`, 'RS/NGO/ATINA', IDENTITY_AND_HEALTH)));
  });
  afterAll(async () => {
    await old?.close();
  });

  it('verifies, its entries naming no list, and still names the first bad entry', async () => {
    for (const batchSize of [5, 1000]) expect(await verifyAuditLog(old.db, { batchSize })).toMatchObject({ ok: true, entries: 12 });
    await expect(
      old.db.transaction(async (tx) => {
        await tamper(tx, ["UPDATE audit_log SET body = replace(body, 'withheld', 'released') WHERE seq = 7"]);
        expect(await verifyAuditLog(tx, { batchSize: 5 })).toMatchObject({ ok: false, problem: { seq: 7, kind: 'hash-mismatch' } });
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
  });
});
