/**
 * Every basis of a release in the trail: an entry written before lists names one basis, a new one
 * the clause and her consents or the legal basis. Both verify, and the officer's queries, the
 * subject access report and the FHIR export read both. On PGlite, or on NRX_TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableAppender, verifyAuditLog } from '../../../gateway/audit/index.ts';
import { basesOfField, type AuditEntryInput, type AuditField } from '../../../gateway/audit/entry.ts';
import { disclosureEntries } from '../../../gateway/audit/disclosures.ts';
import { basesText, type DisclosureRecord } from '../../../gateway/audit/disclosure-records.ts';
import { entriesForSubject } from '../../../gateway/audit/queries.ts';
import { auditEvent } from '../../../gateway/export/fhir.ts';
import { renderSubjectAccessReport } from '../../../gateway/reports/subject-access.ts';
import type { Principal } from '../../../gateway/auth/types.ts';
import { openTestDb, tamper, type TestDb } from './support.ts';

const SUBJECT = 'subj-bases-000001';
const OLD: AuditField[] = [{ path: 'referral.sections.person.givenName', decision: 'released', basis: 'consent:c-1#/provisions/0', group: 'identity' }];
const old: AuditEntryInput = { type: 'disclosure-decision', requester: 'RS/NGO/ATINA', purpose: 'assistance', subject: SUBJECT, fields: OLD, details: { recipient: 'RS/NGO/ATINA' } };
const principal = { member: { id: 'RS/GOV/KBC-NS' }, user: 'cw-9', purpose: 'assistance', role: 'case-worker' } as unknown as Principal;
const bases = basesText({ agreement: { id: 'scn-minors', version: '1.0.0', clause: 'CHILD-GV' }, consent: { id: 'c-guardian', provision: '/provisions/0' },
  consents: [{ id: 'c-guardian', provision: '/provisions/0' }, { id: 'c-own', provision: '/provisions/1' }], legalBasis: 'consent' });
const record: DisclosureRecord = { document: { kind: 'referral', id: '2f1c6b8e-8a52-4d3e-9b1f-0c2d3e4f5a6b' }, subject: SUBJECT, recipient: 'RS/GOV/KBC-NS', purpose: 'assistance',
  path: '/sections/person/givenName', action: 'release', bases, group: 'identity' };

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb('nrx_test_audit_bases');
  const log = tableAppender({ db: t.db, gateway: 'RS/GOV/CPTV' });
  await log.record([old]);
  await log.record(disclosureEntries([record], { principal, payloadHash: 'e'.repeat(64) }));
  await log.close();
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe('every basis of a release', () => {
  it('names the clause first, then each consent a child\'s release rested on, or the legal basis', () => {
    expect(bases).toEqual(['agreement:scn-minors@1.0.0#CHILD-GV', 'consent:c-guardian#/provisions/0', 'consent:c-own#/provisions/1']);
    expect(basesText({ agreement: { id: 'a', version: '1.0.0', clause: '2' }, legalBasis: 'court-order' })).toEqual(['agreement:a@1.0.0#2', 'legal-basis:court-order']);
  });

  it('old and new entries verify, and are read alike by the officer, her report and the export', async () => {
    expect((await verifyAuditLog(t.db)).ok).toBe(true);
    const [before, after] = await entriesForSubject(t.db, SUBJECT);
    expect(basesOfField(before!.fields![0]!)).toEqual(['consent:c-1#/provisions/0']);
    expect(after!.fields![0]).toMatchObject({ bases });
    expect(basesOfField(after!.fields![0]!)).toEqual(bases);
    const report = renderSubjectAccessReport({ subject: SUBJECT, lang: 'en', entries: [before!, after!] });
    expect(report).toContain('your consent');
    // She is told what let it happen (her consent); the organisations' clause is theirs.
    expect(report).not.toContain('an agreement between the organisations');
    const event = JSON.stringify(auditEvent(after!, 'RS/GOV/CPTV'));
    for (const b of bases) expect(event).toContain(b);
  });

  it('a changed basis list breaks the chain', async () => {
    await tamper(t.db, [
      'ALTER TABLE audit_field_sets DISABLE TRIGGER audit_field_sets_append_only',
      `UPDATE audit_field_sets SET fields = replace(fields, 'c-own', 'c-xxx') WHERE fields LIKE '%c-own%'`,
      'ALTER TABLE audit_field_sets ENABLE TRIGGER audit_field_sets_append_only',
    ]);
    const report = await verifyAuditLog(t.db);
    expect(report.ok).toBe(false);
  });
});
