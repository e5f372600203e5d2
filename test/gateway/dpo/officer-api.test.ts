/**
 * What the officer's console pages read, through the public API with real tokens: the audit
 * trail's verification, checkpoints and witnesses, the access report as words in her language,
 * the languages there are, the field group of each previewed field, and the FHIR/NDJSON download.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkpointSigner, recordWitness } from '../../../gateway/audit/checkpoint.ts';
import { generateSigningKey } from '../../../gateway/auth/keys.ts';
import { issueToken } from '../../../gateway/auth/token.ts';
import { DEMO_GATEWAY_ID } from '../../../gateway/demo/members.ts';
import { referralDocument, startTestGateway, type TestGateway } from '../support/federation.ts';

let t: TestGateway;
const agreementsDir = fileURLToPath(new URL('../../../gateway/demo/agreements/', import.meta.url));
const tokenAs = (role: string, member = DEMO_GATEWAY_ID) =>
  issueToken({ privateJwk: t.files.memberKeys.get(member)!, issuer: member, subject: 'officer-1', audience: t.config.audience, purpose: 'referral', role, ttlSeconds: 600 });
const SUBMIT = 'mutation($d: ReferralInput!) { submitReferral(document: $d) { id } }';
const SUBJECT = 'subj-officer-0001';

beforeAll(async () => {
  t = await startTestGateway({ audit: { checkpointEvery: 2 } as never, policy: { enforce: true, agreementsDir } });
  const doc = referralDocument({ subject: SUBJECT, sections: { person: { subject: SUBJECT, sex: 'female', languages: ['ro'] } } });
  expect((await t.graphql(await t.token('RS/GOV/POLICE'), SUBMIT, { d: doc })).body.errors).toBeUndefined();
  await t.graphql(await t.token('RS/NGO/ATINA'), 'query($id: ID!) { referral(id: $id) { id document { sections { person { sex } } } } }', { id: doc.id });
  await t.gateway.auditSettled?.();
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

describe("the officer's audit trail integrity", () => {
  it('says the trail is intact, with its checkpoints signed by the gateway', async () => {
    const res = await t.graphql(await tokenAs('dpo'), '{ auditVerification { ok entries lastSeq checkpoints signaturesChecked problem { seq } } auditCheckpoints(limit: 5) { seq gateway at lastHash signatureValid } }');
    expect(res.body.errors).toBeUndefined();
    const { auditVerification: v, auditCheckpoints: checkpoints } = res.body.data;
    expect(v).toMatchObject({ ok: true, signaturesChecked: true, problem: null });
    expect(v.entries).toBeGreaterThanOrEqual(2);
    expect(v.checkpoints).toBeGreaterThanOrEqual(1);
    expect(checkpoints.length).toBeGreaterThanOrEqual(1);
    expect(checkpoints[0]).toMatchObject({ gateway: DEMO_GATEWAY_ID, signatureValid: true, lastHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(checkpoints.map((c: { seq: number }) => c.seq)).toEqual([...checkpoints.map((c: { seq: number }) => c.seq)].sort((a, b) => b - a));
  });

  it("lists a peer's checkpoint kept as a witness", async () => {
    const peer = await generateSigningKey();
    const jws = await (await checkpointSigner(peer.privateJwk)).sign({ lastSeq: 42, lastHash: 'a'.repeat(64), at: '2026-03-01T00:00:00.000Z', gateway: 'XK/GOV/GATEWAY' });
    await recordWitness(t.gateway.store.db, jws, [peer.publicJwk]);
    const res = await t.graphql(await tokenAs('dpo'), '{ auditWitnesses(gateway: "XK/GOV/GATEWAY") { gateway seq at lastHash received } }');
    expect(res.body.data.auditWitnesses).toEqual([{ gateway: 'XK/GOV/GATEWAY', seq: 42, at: '2026-03-01T00:00:00.000Z', lastHash: 'a'.repeat(64), received: expect.any(String) }]);
  });

  it('refuses a case worker', async () => {
    for (const query of ['{ auditVerification { ok } }', '{ auditCheckpoints { seq } }', '{ auditWitnesses { seq } }', `{ subjectAccessReportView(subject: "${SUBJECT}") { title } }`]) {
      const res = await t.graphql(await tokenAs('case-worker'), query);
      expect(res.body.errors[0].extensions.code, query).toBe('FORBIDDEN');
    }
  });
});

describe('the pages for her', () => {
  it('gives the access report as words in Serbian, and refuses a language there is no file for', async () => {
    const query = 'query($s: String!, $l: String) { subjectAccessReportView(subject: $s, lang: $l) { lang dir title disclosures { heading shared { label reduced } withheld } events { text } footer } }';
    const res = await t.graphql(await tokenAs('dpo'), query, { s: SUBJECT, l: 'sr' });
    expect(res.body.errors).toBeUndefined();
    const view = res.body.data.subjectAccessReportView;
    expect(view).toMatchObject({ lang: 'sr-Latn', dir: 'ltr', title: 'Ko je primio podatke o vama' });
    // Without her consent or an agreement, the recipient read nothing of hers: only events are listed.
    expect(view.disclosures).toEqual([]);
    expect(view.events).toContainEqual({ text: expect.stringMatching(/\(RS\/GOV\/POLICE\) je poslao uput o vama$/) });
    expect(JSON.stringify(view)).not.toContain('female');
    const bad = await t.graphql(await tokenAs('dpo'), query, { s: SUBJECT, l: 'xx' });
    expect(bad.body.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('sr-Cyrl') });
  });

  it('lists the languages for a picker, each named in its own words', async () => {
    const res = await t.graphql(await t.token('RS/NGO/ATINA'), '{ messageLanguages { tag name dir } }');
    expect(res.body.data.messageLanguages[0]).toEqual({ tag: 'en', name: 'English', dir: 'ltr' });
    expect(res.body.data.messageLanguages).toContainEqual({ tag: 'sr-Cyrl', name: 'Српски (ћирилица)', dir: 'ltr' });
  });

  it('names the field group of every previewed field', async () => {
    const res = await t.graphql(await t.token('RS/GOV/POLICE'), 'query($s: String!) { disclosurePreview(subject: $s, recipient: "RS/NGO/ATINA", purpose: "assistance") { fields { pointer fieldGroup decision reason } } }', { s: SUBJECT });
    expect(res.body.errors).toBeUndefined();
    const fields = res.body.data.disclosurePreview.fields as { pointer: string; fieldGroup: string | null }[];
    expect(fields.find((f) => f.pointer === '/sections/person/sex')?.fieldGroup).toBe('identity');
    expect(fields.find((f) => f.pointer.startsWith('/sections/person/disability'))?.fieldGroup).toBe('health');
    expect(fields.find((f) => f.pointer === '/id')?.fieldGroup).toBe('envelope');
  });
});

describe('POST /audit/export', () => {
  const post = async (token: string | undefined, body: unknown) =>
    fetch(`${t.gateway.url}/audit/export`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });

  it("gives the officer her entries and consents as NDJSON, or as one FHIR Bundle", async () => {
    const ndjson = await post(await tokenAs('dpo'), { format: 'ndjson', subject: SUBJECT });
    expect(ndjson.status).toBe(200);
    expect(ndjson.headers.get('content-type')).toBe('application/fhir+ndjson; charset=utf-8');
    expect(ndjson.headers.get('content-disposition')).toMatch(/^attachment; filename="nrx-audit-\d{4}-\d{2}-\d{2}\.ndjson"$/);
    expect(ndjson.headers.get('cache-control')).toBe('no-store');
    const lines = (await ndjson.text()).trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.every((r) => r.resourceType === 'AuditEvent' && JSON.stringify(r).includes(SUBJECT))).toBe(true);

    const fhir = await post(await tokenAs('dpo'), { format: 'fhir', subject: SUBJECT, from: '2000-01-01' });
    expect(fhir.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
    const bundle = await fhir.json();
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(bundle.entry.length).toBe(lines.length);
  });

  it('refuses a missing token, a case worker, another member\'s officer and a malformed filter, each with its code', async () => {
    const codeOf = async (response: Response) => ({ status: response.status, code: (await response.json()).errors[0].extensions.code });
    expect(await codeOf(await post(undefined, {}))).toEqual({ status: 401, code: 'TOKEN_MISSING' });
    expect(await codeOf(await post(await tokenAs('case-worker'), {}))).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(await codeOf(await post(await tokenAs('dpo', 'RS/NGO/ATINA'), {}))).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(await codeOf(await post(await tokenAs('dpo'), { format: 'csv' }))).toEqual({ status: 400, code: 'BAD_USER_INPUT' });
    expect(await codeOf(await post(await tokenAs('dpo'), { from: 'yesterday' }))).toEqual({ status: 400, code: 'BAD_USER_INPUT' });
    expect(await codeOf(await post(await tokenAs('dpo'), { subject: 'x'.repeat(5000) }))).toEqual({ status: 413, code: 'BODY_TOO_LARGE' });
    const get = await fetch(`${t.gateway.url}/audit/export`, { headers: { authorization: `Bearer ${await tokenAs('dpo')}` } });
    expect(get.status).toBe(405);
  });
});
