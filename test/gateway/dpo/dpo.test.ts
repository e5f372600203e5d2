import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationHash } from '../../../gateway/audit/hash.ts';
import { issueToken } from '../../../gateway/auth/token.ts';
import { verifyAuditLog } from '../../../gateway/audit/verify.ts';
import { readPrivateJwkFile, toPublicJwk } from '../../../gateway/auth/keys.ts';
import { DEMO_GATEWAY_ID } from '../../../gateway/demo/members.ts';
import { referralDocument, startTestGateway, type TestGateway } from '../support/federation.ts';
import { ENTRY_WITH_FIELDS, entryWithFields, type EntryRow } from '../../../gateway/audit/field-sets.ts';

let t: TestGateway;
const dpoToken = (member = DEMO_GATEWAY_ID) =>
  issueToken({ privateJwk: t.files.memberKeys.get(member)!, issuer: member, subject: 'officer-1', audience: t.config.audience, purpose: 'referral', role: 'dpo', ttlSeconds: 600 });
/** The gateway's database once its audit table holds every entry committed so far (the embedded database commits reads through a journal). */
const trail = async () => {
  await t.gateway.auditSettled?.();
  return t.gateway.store.db;
};
const entries = async (type: string) =>
  (await (await trail()).query<EntryRow>(`SELECT ${ENTRY_WITH_FIELDS.columns} FROM audit_log l ${ENTRY_WITH_FIELDS.join} WHERE l.type = $1 ORDER BY l.seq`, [type])).rows.map(entryWithFields) as any[];
const keys = () => [toPublicJwk(readPrivateJwkFile(t.config.signingKeyFile))];

beforeAll(async () => {
  t = await startTestGateway();
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

const SUBMIT = 'mutation($d: ReferralInput!) { submitReferral(document: $d) { id } }';

describe('audit trail of a running gateway', () => {
  it('records a submitted referral in the same transaction, with who sent it and no personal data', async () => {
    const doc = referralDocument({ subject: 'subj-audit-0001', sections: { person: { subject: 'subj-audit-0001', sex: 'female', languages: ['ro'] } } });
    const res = await t.graphql(await t.token('RS/GOV/POLICE'), SUBMIT, { d: doc });
    expect(res.body.errors).toBeUndefined();
    const sent = (await entries('referral-sent')).find((e) => e.details.referral === `referral:${doc.id}`);
    expect(sent).toMatchObject({ requester: 'RS/GOV/POLICE', user: 'tester', purpose: 'assistance', subject: 'subj-audit-0001', details: { recipient: 'RS/NGO/ATINA' } });
    expect(sent.operationHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(sent)).not.toContain('female');
    expect((await verifyAuditLog(await trail(), { keys: keys() })).ok).toBe(true);
  });

  it('records refused authentications by their code, without the token', async () => {
    const res = await t.graphql('not-a-token', '{ spec { version } }');
    expect(res.status).toBe(401);
    const refused = await entries('auth-refused');
    expect(refused.at(-1)).toMatchObject({ type: 'auth-refused', details: { code: 'TOKEN_MALFORMED' } });
    expect(JSON.stringify(refused)).not.toContain('not-a-token');
  });

  it('records the field decisions of a read in one batched entry per subject', async () => {
    const doc = referralDocument({ subject: 'subj-audit-0002', sections: { person: { subject: 'subj-audit-0002', sex: 'female', languages: ['ro'] } } });
    await t.graphql(await t.token('RS/GOV/POLICE'), SUBMIT, { d: doc });
    const before = (await entries('disclosure-decision')).length;
    const res = await t.graphql(await t.token('RS/NGO/ATINA'), 'query($id: ID!) { referral(id: $id) { id document { purpose sections { person { sex languages } } } } }', { id: doc.id });
    expect(res.status).toBe(200);
    const after = await entries('disclosure-decision');
    expect(after.length).toBe(before + 1);
    const entry = after.at(-1);
    expect(entry).toMatchObject({ requester: 'RS/NGO/ATINA', subject: expect.any(String), details: { recipient: 'RS/NGO/ATINA' } });
    expect(entry.fields.length).toBeGreaterThan(0);
    expect(entry.payloadHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(entry)).not.toMatch(/female|"ro"/);
  });

  it('hashes the response body exactly as sent and the operation as asked, twice alike', async () => {
    const doc = referralDocument({ subject: 'subj-audit-0004', sections: { person: { subject: 'subj-audit-0004', sex: 'female', languages: ['ro'] } } });
    await t.graphql(await t.token('RS/GOV/POLICE'), SUBMIT, { d: doc });
    const query = 'query Read($id: ID!) { referral(id: $id) { id document { purpose sections { person { sex languages } } } } }';
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${t.gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${await t.token('RS/NGO/ATINA')}` },
        body: JSON.stringify({ query, variables: { id: doc.id }, operationName: 'Read' }),
      });
      const text = await response.text();
      expect(JSON.parse(text).data.referral.id).toBe(doc.id);
      const entry = (await entries('disclosure-decision')).at(-1);
      expect(entry.payloadHash).toBe(createHash('sha256').update(text).digest('hex'));
      expect(entry.operationHash).toBe(operationHash(query, 'Read'));
    }
  });

  it('fails closed: a response whose audit write fails is not sent, and a write whose entry fails is rolled back', async () => {
    const doc = referralDocument({ subject: 'subj-audit-0003', sections: { person: { subject: 'subj-audit-0003', sex: 'female', languages: ['ro'] } } });
    await t.graphql(await t.token('RS/GOV/POLICE'), SUBMIT, { d: doc });
    const db = t.gateway.store.db;
    const token = await t.token('RS/NGO/ATINA');
    const read = () => t.graphql(token, 'query($id: ID!) { referral(id: $id) { id document { purpose sections { person { sex } } } } }', { id: doc.id });
    const before = (await entries('disclosure-decision')).length;
    await db.exec(`CREATE OR REPLACE FUNCTION nrx_test_audit_down() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit store down'; END $$;
      CREATE TRIGGER nrx_test_audit_down BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION nrx_test_audit_down();`);
    let committed = 0;
    try {
      if (db.kind === 'pglite') {
        // The embedded database commits a read's entries in its journal: this read's are, so it is
        // answered; the table refuses them, and from then on nothing is committed or disclosed.
        const first = await read();
        expect(first.body.data.referral.id).toBe(doc.id);
        committed = 1;
        await expect(t.gateway.auditSettled!()).rejects.toThrow(/audit store down/);
      }
      const refused = await read();
      expect(refused.body.data ?? null).toBeNull();
      expect(refused.body.errors[0].extensions.code).toBe('AUDIT_UNAVAILABLE');
      expect(JSON.stringify(refused.body)).not.toContain('female');

      const second = referralDocument({ subject: 'subj-audit-0004' });
      const write = await t.graphql(await t.token('RS/GOV/POLICE'), SUBMIT, { d: second });
      expect(write.body.errors?.length).toBeGreaterThan(0);
      const stored = await db.query('SELECT 1 FROM referrals WHERE id = $1', [second.id]);
      expect(stored.rows).toHaveLength(0);
    } finally {
      await db.exec('DROP TRIGGER nrx_test_audit_down ON audit_log; DROP FUNCTION nrx_test_audit_down();');
    }
    // Nothing committed was lost: the entry of the answered read is in the table once it can be written.
    expect((await entries('disclosure-decision')).length).toBe(before + committed);
    expect((await verifyAuditLog(await trail(), { keys: keys() })).ok).toBe(true);
    expect((await read()).body.data.referral.id).toBe(doc.id);
  });

  it('on the embedded database, withholds a response whose journal write fails', async () => {
    // Its own gateway on the embedded database, whatever database the others use: only it has a journal.
    const embedded = await startTestGateway({ databaseUrl: undefined });
    try {
      expect(embedded.gateway.store.db.kind).toBe('pglite');
      await journalWriteFails(embedded);
    } finally {
      await embedded.stop();
    }
    // It starts a gateway of its own, which takes seconds on a loaded machine.
  }, 90_000);
});

/** Breaks the journal of gateway `g` (on the embedded database) under one read, which must be withheld. */
async function journalWriteFails(g: TestGateway): Promise<void> {
  const doc = referralDocument({ subject: 'subj-audit-0005', sections: { person: { subject: 'subj-audit-0005', sex: 'female', languages: ['ro'] } } });
  await g.graphql(await g.token('RS/GOV/POLICE'), SUBMIT, { d: doc });
  const query = 'query($id: ID!) { referral(id: $id) { id document { sections { person { sex } } } } }';
  const token = await g.token('RS/NGO/ATINA');
  // Emptying the journal closes its segment; the next commit opens a new one, where the journal's directory is now a file.
  await g.gateway.auditSettled!();
  const dir = join(g.config.dataDir, 'audit-journal');
  rmSync(dir, { recursive: true, force: true });
  writeFileSync(dir, 'not a directory');
  try {
    const refused = await g.graphql(token, query, { id: doc.id });
    expect(refused.body.data ?? null).toBeNull();
    expect(refused.body.errors[0].extensions.code).toBe('AUDIT_UNAVAILABLE');
    expect(JSON.stringify(refused.body)).not.toContain('female');
  } finally {
    rmSync(dir);
    mkdirSync(dir);
  }
  expect((await g.graphql(token, query, { id: doc.id })).body.data.referral.id).toBe(doc.id);
  await g.gateway.auditSettled!();
  expect((await verifyAuditLog(g.gateway.store.db, { keys: [toPublicJwk(readPrivateJwkFile(g.config.signingKeyFile))] })).ok).toBe(true);
}

describe("the data-protection officer's queries", () => {
  it('refuse anyone but the dpo role of this gateway', async () => {
    const worker = await t.graphql(await t.token(DEMO_GATEWAY_ID), '{ auditDisclosureMatrix { recipient } }');
    expect(worker.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const otherDpo = await t.graphql(await dpoToken('RS/NGO/ATINA'), '{ consentRegistry { id } }');
    expect(otherDpo.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('list disclosures by subject and recipient, the matrix, consents and agreements in force', async () => {
    const token = await dpoToken();
    const res = await t.graphql(token, `{
      bySubject: auditDisclosures(subject: "subj-audit-0002") { seq type recipient subject fields { path decision fieldGroup } }
      byRecipient: auditDisclosures(recipient: "RS/NGO/ATINA", from: "2000-01-01") { seq }
      none: auditDisclosures(recipient: "RS/NGO/ATINA", to: "2000-01-01") { seq }
      auditDisclosureMatrix { recipient fieldGroup released transformed withheld }
      consentRegistry { id }
      agreementsInForce(at: "2026-01-01") { id }
      auditOverridesAwaitingReview { seq }
    }`);
    expect(res.body.errors).toBeUndefined();
    const d = res.body.data;
    expect(d.bySubject.length).toBeGreaterThan(0);
    expect(d.bySubject.every((e: any) => e.recipient === 'RS/NGO/ATINA')).toBe(true);
    expect(d.byRecipient.length).toBeGreaterThanOrEqual(d.bySubject.length);
    expect(d.none).toEqual([]);
    expect(d.auditDisclosureMatrix.some((c: any) => c.recipient === 'RS/NGO/ATINA')).toBe(true);
    expect(Array.isArray(d.consentRegistry) && Array.isArray(d.agreementsInForce)).toBe(true);
  });

  it('reviews an override with a note: the review is an audit entry, the note stays out of the trail', async () => {
    const { log } = await import('./support.ts').then((m) => m.gatewayAuditLog(t));
    const db = t.gateway.store.db;
    const appended = await db.transaction((tx) => log.append(tx, { type: 'override', requester: 'RS/GOV/POLICE', purpose: 'criminal-justice', subject: 'subj-audit-0005', fields: [{ path: 'referral.sections.person.sex', decision: 'released', basis: 'legal-basis:court-order', group: 'identity' }], details: { review: 'pending' } }));
    const token = await dpoToken();
    const pending = await t.graphql(token, '{ auditOverridesAwaitingReview { seq subject } }');
    expect(pending.body.data.auditOverridesAwaitingReview.map((e: any) => e.seq)).toContain(appended.seq);
    const note = 'Checked the court order no. 17 with Ana Petrović';
    const review = await t.graphql(token, 'mutation($e: Int!, $n: String!) { reviewOverride(entry: $e, note: $n) { entrySeq reviewSeq note } }', { e: appended.seq, n: note });
    expect(review.body.errors).toBeUndefined();
    const reviewed = (await entries('override-reviewed')).at(-1);
    expect(reviewed).toMatchObject({ requester: DEMO_GATEWAY_ID, details: { entry: appended.seq } });
    expect(JSON.stringify(reviewed)).not.toContain('Petrović');
    const after = await t.graphql(token, '{ auditOverridesAwaitingReview { seq } }');
    expect(after.body.data.auditOverridesAwaitingReview.map((e: any) => e.seq)).not.toContain(appended.seq);
    const again = await t.graphql(token, 'mutation($e: Int!) { reviewOverride(entry: $e, note: "again") { entrySeq } }', { e: appended.seq });
    expect(again.body.errors[0].extensions.code).toBe('CONFLICT');
  });

  it('returns the subject access report as HTML', async () => {
    const res = await t.graphql(await dpoToken(), '{ subjectAccessReport(subject: "subj-audit-0002", lang: "sr") }');
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.subjectAccessReport).toContain('Ko je primio podatke o vama');
  });
});
