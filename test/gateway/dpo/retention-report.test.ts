import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableAppender, checkpointSigner, verifyAuditLog } from '../../../gateway/audit/index.ts';
import { disclosureEntries } from '../../../gateway/audit/disclosures.ts';
import { pruneAuditLog } from '../../../gateway/audit/retention.ts';
import { entriesForSubject } from '../../../gateway/audit/queries.ts';
import { generateSigningKey } from '../../../gateway/auth/keys.ts';
import { auditEvent, consentResource, BALP_PRIVACY_DISCLOSURE } from '../../../gateway/export/fhir.ts';
import { renderSubjectAccessReport } from '../../../gateway/reports/subject-access.ts';
import type { Principal } from '../../../gateway/auth/types.ts';
import type { DisclosureRecord } from '../../../gateway/audit/disclosure-records.ts';
import type { ConsentRecord } from '../../../schema/generated/nrx.d.ts';
import { openTestDb, sampleEntry, tamper, type TestDb } from '../audit/support.ts';

let t: TestDb;
let keys: Awaited<ReturnType<typeof generateSigningKey>>;
beforeAll(async () => {
  t = await openTestDb('nrx_test_dpo_ret');
  keys = await generateSigningKey();
});
afterAll(async () => {
  await t?.close();
});

const principal = { member: { id: 'RS/NGO/ATINA' }, user: 'cw-7', purpose: 'assistance', role: 'case-worker' } as unknown as Principal;
const record = (path: string, action: DisclosureRecord['action'], basis: string, extra: Partial<DisclosureRecord> = {}): DisclosureRecord => ({
  document: { kind: 'referral', id: '2f1c6b8e-8a52-4d3e-9b1f-0c2d3e4f5a6b' }, subject: 'subj-report-01', recipient: 'RS/NGO/ATINA', purpose: 'assistance', path, action, ...(action === 'withhold' ? {} : { bases: [basis] }), ...extra,
});

describe('subject access report from real audit data', () => {
  it('renders English and Serbian, escapes everything and holds no field values', async () => {
    const log = tableAppender({ db: t.db, gateway: 'RS/GOV/CPTV' });
    const groups: Record<string, string> = { '/sections/person/dateOfBirth': 'date-of-birth', '/sections/needs/0/category': 'needs', '/sections/health/conditions': 'health' };
    const input = disclosureEntries(
      [
        record('/sections/person/dateOfBirth', 'transform', 'consent:c-1#/provisions/0', { transform: 'age-band' }),
        record('/sections/needs/0/category', 'release', 'agreement:dsa-rs@1.0#c2'),
        record('/sections/health/conditions', 'withhold', 'consent:c-1#/provisions/1', { reason: 'CONSENT_DENIES' }),
      ].map((r) => ({ ...r, group: groups[r.path]! })),
      { principal, operationHash: 'c'.repeat(64), payloadHash: 'd'.repeat(64) },
    );
    await t.db.transaction((tx) => log.appendMany(tx, [...input, { type: 'consent-recorded', requester: 'RS/NGO/ATINA', subject: 'subj-report-01', details: { consent: 'consent:c-1' } }]));
    const entries = await entriesForSubject(t.db, 'subj-report-01');
    expect(entries.map((e) => e.type)).toEqual(['disclosure-decision', 'consent-recorded']);
    expect(entries[0]!.fields!.map((f) => f.path)).toEqual(['referral.sections.person.dateOfBirth', 'referral.sections.needs[0].category', 'referral.sections.health.conditions']);

    const memberName = (id: string) => (id === 'RS/NGO/ATINA' ? 'Atina <b>"NGO"</b> & co' : undefined);
    const en = renderSubjectAccessReport({ subject: 'subj-report-01', lang: 'en', entries, memberName, now: new Date('2026-03-01T10:00:00Z') });
    const sr = renderSubjectAccessReport({ subject: 'subj-report-01', lang: 'sr', entries, memberName, now: new Date('2026-03-01T10:00:00Z') });
    expect(en).toContain('Who received information about you');
    expect(en).toContain('your date of birth');
    expect(en).toContain('your needs');
    expect(en).toMatch(/Not shared \(withheld\):<\/strong> your health/);
    expect(en).toContain('your consent');
    expect(en).toContain('recorded your consent');
    expect(sr).toContain('Ko je primio podatke o vama');
    expect(sr).toContain('vaš datum rođenja');
    expect(sr).toContain('lang="sr-Latn"');
    for (const html of [en, sr]) {
      expect(html).toContain('Atina &lt;b&gt;&quot;NGO&quot;&lt;/b&gt; &amp; co');
      expect(html).not.toContain('<b>"NGO"</b>');
      expect(html).not.toMatch(/age-band|CONSENT_DENIES|dateOfBirth/);
    }
  });
});

describe('FHIR export', () => {
  it('shapes a disclosure as a BALP privacy-disclosure AuditEvent and a consent as an R4 Consent', async () => {
    const [entry] = await entriesForSubject(t.db, 'subj-report-01');
    const event = auditEvent(entry!, 'RS/GOV/CPTV') as any;
    expect(event).toMatchObject({ resourceType: 'AuditEvent', meta: { profile: [BALP_PRIVACY_DISCLOSURE] }, type: { code: '110106' }, action: 'R', recorded: entry!.at });
    expect(event.subtype.map((c: any) => c.code)).toContain('disclose');
    expect(event.agent.map((a: any) => a.type.coding[0].code)).toEqual(['110153', '110152']);
    expect(event.source.observer.identifier.value).toBe('RS/GOV/CPTV');
    expect(event.entity[0]).toMatchObject({ what: { identifier: { value: 'subj-report-01' } }, role: { code: '1' } });
    expect(event.entity[1].detail.length).toBe(3);
    const consent = consentResource({ id: 'c-1', subject: 'subj-report-01', recordedBy: 'RS/NGO/ATINA', recorded: '2026-01-01T00:00:00.000Z', withdrawnAt: '2026-02-01T00:00:00.000Z', document: { decision: 'permit', given: '2026-01-01', provisions: [{ type: 'permit', purposes: ['assistance'], fieldGroups: ['needs'] }] } as unknown as ConsentRecord }) as any;
    expect(consent).toMatchObject({ resourceType: 'Consent', status: 'inactive', provision: { type: 'permit' }, patient: { identifier: { value: 'subj-report-01' } }, dateTime: '2026-01-01' });
    expect(consent.provision.provision[0].purpose[0].code).toBe('assistance');
  });
});

describe('retention', () => {
  it('prunes old entries to a signed anchor; the rest still verifies, and tampering is still caught', async () => {
    const signer = await checkpointSigner(keys.privateJwk);
    const log = tableAppender({ db: t.db, gateway: 'RS/GOV/CPTV', signer, checkpointEvery: 10 });
    const old = new Date('2020-01-01T00:00:00Z');
    for (let i = 0; i < 25; i++) await t.db.transaction((tx) => log.append(tx, { ...sampleEntry(i), at: new Date(old.getTime() + i * 1000).toISOString() }));
    for (let i = 0; i < 5; i++) await t.db.transaction((tx) => log.append(tx, sampleEntry(100 + i)));
    const before = await verifyAuditLog(t.db, { keys: [keys.publicJwk] });
    expect(before.ok).toBe(true);

    const result = await pruneAuditLog(t.db, { before: new Date('2021-01-01T00:00:00Z'), signer, gateway: 'RS/GOV/CPTV', keys: [keys.publicJwk], log });
    expect(result.anchorSeq).toBe(before.lastSeq - 5);
    expect(result.deleted).toBe(result.anchorSeq);
    const after = await verifyAuditLog(t.db, { keys: [keys.publicJwk] });
    expect(after).toMatchObject({ ok: true, anchorSeq: result.anchorSeq, lastSeq: before.lastSeq + 1, entries: 6 });

    // Nothing after the anchor may be deleted, and the anchor does not move back.
    await expect(t.db.query('DELETE FROM audit_log WHERE seq = $1', [result.anchorSeq + 1])).rejects.toThrow(/append-only/);
    await expect(t.db.query('UPDATE audit_anchor SET seq = 0')).rejects.toThrow(/forward/);

    const first = result.anchorSeq + 1;
    await tamper(t.db, [`UPDATE audit_log SET body = replace(body, '"cw-', '"cx-') WHERE seq = ${first}`]);
    const broken = await verifyAuditLog(t.db, { keys: [keys.publicJwk] });
    expect(broken.problem).toMatchObject({ seq: first, kind: 'hash-mismatch' });
  });
});
