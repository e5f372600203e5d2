import { expect, it } from 'vitest';
import type { ReferralDocument } from '../../connectors/contract.ts';
import type { MappedConnector } from '../../connectors/mapped-connector.ts';
import { member, referralId, subjects } from './fixtures/case-db.ts';

export const validReferral = (id: string): ReferralDocument => ({
  kind: 'referral' as const,
  specVersion: '1.0.0',
  id,
  sender: 'RS/GOV/CPTV',
  recipient: member,
  recipientService: 'astra-shelter',
  purpose: 'assistance',
  created: '2024-07-01T10:00:00Z',
  subject: subjects.mila,
  sections: { person: { subject: subjects.mila, sex: 'female' } },
});

/** The behaviour every case-database connector (PostgreSQL, PGlite, MySQL) must show on the fixture. */
export function caseDbContract(connector: () => MappedConnector): void {
  it('serves a subject’s cases as spec-valid referral sections, one record per local case', async () => {
    const { records, problems } = await connector().getCase(subjects.ana);
    expect(problems).toEqual([]);
    expect(records.map((r) => r.localCaseNumber)).toEqual(['ASTRA-2024-0001', 'ASTRA-2021-0107']);
    const current = records[0]!;
    expect(current.connector).toBe(connector().name);
    expect(current.subject).toBe(subjects.ana);
    expect(current.sections.person).toEqual({
      subject: subjects.ana,
      sex: 'female',
      dateOfBirth: '1998-03-14',
      dateOfBirthEstimated: false,
      citizenships: ['MD'],
      languages: ['ro', 'ru'],
      interpreterNeeded: true,
    });
    expect(current.sections.needs).toEqual([
      { id: '0b7e9f5c-3c2d-4e51-8b0a-7d1e2f3a4b02', category: 'medical', origin: 'trafficking-related', beneficiary: 'person', status: 'open' },
      { id: '0b7e9f5c-3c2d-4e51-8b0a-7d1e2f3a4b03', category: 'accommodation.secret-location', origin: 'trafficking-related', beneficiary: 'person', status: 'met' },
    ]);
    // Names are in the database but not in the mapping: they never leave it.
    expect(JSON.stringify(records)).not.toContain('Rusu');
  });

  it('answers many subjects in one batch', async () => {
    const { records, problems } = await connector().getCases([subjects.ana, subjects.mila, 'sub-nobody-9999']);
    expect(problems).toEqual([]);
    expect(records.map((r) => r.subject).sort()).toEqual([subjects.ana, subjects.ana, subjects.mila]);
  });

  it('finds cases by local case number, and refuses identifier kinds it was not configured for', async () => {
    const found = await connector().findCases([{ kind: 'localCaseNumber', value: 'ASTRA-2024-0002' }]);
    expect(found.records.map((r) => r.subject)).toEqual([subjects.mila]);
    const refused = await connector().findCases([{ kind: 'givenName' as never, value: 'Ana' }]);
    expect(refused.records).toEqual([]);
    expect(refused.problems[0]).toMatchObject({ connector: connector().name, code: 'BAD_REQUEST' });
    expect(refused.problems[0]!.message).toContain("'givenName'");
  });

  it('reports a local code missing from the translation table, naming connector, record and field', async () => {
    const { records, problems } = await connector().getCases([subjects.badCode, subjects.mila]);
    expect(records.map((r) => r.subject)).toEqual([subjects.mila]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ connector: connector().name, code: 'UNKNOWN_CODE', record: 'ASTRA-2024-0003', field: '/sections/person/sex', subject: subjects.badCode });
    expect(problems[0]!.message).toContain(`connector '${connector().name}'`);
    expect(problems[0]!.message).toContain("local code 'X' (from /sex_code) is not in the translation table 'sex'");
  });

  it('reports a malformed value instead of guessing', async () => {
    const { records, problems } = await connector().getCase(subjects.badDate);
    expect(records).toEqual([]);
    expect(problems[0]).toMatchObject({ code: 'MALFORMED_RECORD', record: 'ASTRA-2024-0004', field: '/sections/person/dateOfBirth' });
    expect(problems[0]!.message).toContain('not a calendar date');
  });

  it('does not serve a mapped record that fails the spec', async () => {
    const { records, problems } = await connector().getCase(subjects.invalid);
    expect(records).toEqual([]);
    expect(problems[0]).toMatchObject({ code: 'INVALID_RECORD', record: 'ASTRA-2024-0005' });
    expect(problems[0]!.message).toContain('/person/languages/0');
    expect(problems[0]!.message).not.toContain('srpski');
  });

  it('binds injection attempts as values: they match nothing and change nothing', async () => {
    const attempts = ["x' OR '1'='1", "ASTRA-2024-0001' OR '1'='1' --", "'); DROP TABLE cases; --", 'ASTRA-2024-0001" OR 1=1 #'];
    const byNumber = await connector().findCases(attempts.map((value) => ({ kind: 'localCaseNumber' as const, value })));
    expect(byNumber).toEqual({ records: [], problems: [] });
    const bySubject = await connector().getCases(attempts);
    expect(bySubject.records).toEqual([]);
    expect(bySubject.problems.map((p) => p.code)).toEqual(attempts.map(() => 'BAD_REQUEST'));
    expect(bySubject.problems[0]!.message).toContain(`connector '${connector().name}'`);
    expect((await connector().getCase(subjects.ana)).records).toHaveLength(2);
  });

  it('lists the agency’s services as spec-valid service documents', async () => {
    const { services, problems } = await connector().listServices();
    expect(problems).toEqual([]);
    expect(services.map((s) => s.id)).toEqual(['astra-legal', 'astra-shelter']);
    expect(services[1]).toMatchObject({ kind: 'service', organization: member, categories: ['accommodation.secret-location', 'psychological.counselling'], serviceAreas: [{ country: 'RS', regions: ['Beograd'] }] });
  });

  it('reads a referral’s status as a status update document', async () => {
    expect(await connector().readStatus(referralId)).toEqual({
      kind: 'referral-status-update',
      specVersion: '1.0.0',
      id: '9d2f4a6b-1c3e-4f5a-8b7c-6d5e4f3a2b1c',
      referralId,
      sequence: 2,
      status: 'accepted',
      from: member,
      to: 'RS/GOV/CPTV',
      at: '2024-01-16T08:30:00.000Z',
    });
    expect(await connector().readStatus('00000000-0000-4000-8000-000000000000')).toBeNull();
    await expect(connector().readStatus("x' OR '1'='1")).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('takes in a referral and records status updates pushed to it', async () => {
    const id = '3a0b8c2d-4e5f-4a6b-9c7d-8e9f0a1b2c3d';
    await expect(connector().deliverReferral(validReferral(id))).resolves.toEqual({ connector: connector().name, referralId: id });
    expect(await connector().readStatus(id)).toMatchObject({ referralId: id, status: 'received', sequence: 1, to: 'RS/GOV/CPTV' });
    await connector().pushStatus({ kind: 'referral-status-update', specVersion: '1.0.0', id: '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e', referralId: id, sequence: 2, status: 'completed', from: member, to: 'RS/GOV/CPTV', at: '2024-07-02T12:00:00Z' });
    expect(await connector().readStatus(id)).toMatchObject({ id: '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e', status: 'completed', sequence: 2 });
  });

  it('refuses a referral or status update that fails the spec before touching the database', async () => {
    // Not a purpose of the spec: the connector must refuse it at run time.
    const bad = { ...validReferral('7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f'), purpose: 'surveillance' as string } as ReferralDocument;
    await expect(connector().deliverReferral(bad)).rejects.toMatchObject({ code: 'BAD_REQUEST', connector: connector().name });
    expect(await connector().readStatus('7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f')).toBeNull();
    await expect(connector().pushStatus({ kind: 'referral-status-update', referralId } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('reports itself healthy', async () => {
    expect(await connector().health()).toMatchObject({ ok: true });
  });
}
