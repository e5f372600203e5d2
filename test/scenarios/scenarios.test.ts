/** DOMAIN.md section 7, each scenario through the GraphQL API of a real gateway with real tokens. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT, READ, SUBMIT, consentDoc, referralDoc, startScenario, type Scenario } from './federation.ts';
import type { DataSharingAgreement } from '../../gateway/policy/index.ts';

const need = (category: string, extra: Record<string, unknown> = {}) => ({ id: crypto.randomUUID(), category, origin: 'trafficking-related', beneficiary: 'person', status: 'open', ...extra });
const localServices: DataSharingAgreement = {
  kind: 'data-sharing-agreement', specVersion: '1.0.0', id: 'scn-local-services', version: '1.0.0', title: 'Coordinating body and local services (scenario)',
  parties: [{ country: 'RS' }], validPeriod: { start: '2025-01-01' },
  clauses: [
    { id: 'H', purpose: 'assistance', from: [{ member: 'RS/GOV/CPTV' }], to: [{ agencyType: 'health-institution' }], fieldGroups: ['identity', 'date-of-birth', 'needs', 'health'] },
    { id: 'S', purpose: 'assistance', from: [{ member: 'RS/GOV/CPTV' }], to: [{ agencyType: 'school' }], fieldGroups: ['identity', 'needs', 'date-of-birth', 'trafficking-status'],
      transforms: [{ fieldGroups: ['date-of-birth'], use: ['minor-flag'] }, { fieldGroups: ['trafficking-status'], use: ['vulnerable-person'] }] },
    { id: 'SOS', purpose: 'identification', from: [{ member: 'RS/NGO/ASTRA' }], to: [{ country: 'MD', agencyType: 'coordinating-body' }], fieldGroups: ['identity', 'date-of-birth'], crossBorder: true },
  ],
};

let s: Scenario;
const T: Record<string, string> = {};
beforeAll(async () => {
  s = await startScenario([localServices]);
  const tokens: Array<[string, string, string]> = [
    ['cptv', 'RS/GOV/CPTV', 'referral'], ['cptvId', 'RS/GOV/CPTV', 'identification'], ['cptvReturn', 'RS/GOV/CPTV', 'return-reintegration'],
    ['shelter', 'RS/NGO/ATINA', 'assistance'], ['police', 'RS/GOV/POLICE', 'identification'], ['policeCj', 'RS/GOV/POLICE', 'criminal-justice'],
    ['md', 'MD/GOV/CNPTV', 'return-reintegration'], ['mdId', 'MD/GOV/CNPTV', 'identification'], ['clinic', 'RS/GOV/KBC-NS', 'assistance'], ['school', 'RS/GOV/OS-NS-7', 'assistance'],
    ['aliens', 'RS/GOV/MUP-STRANCI', 'residence-immigration'], ['inspectorate', 'RS/GOV/INSPEKTORAT-RADA', 'referral'], ['csr', 'RS/GOV/CSR-BG', 'child-protection'],
    ['csrAssist', 'RS/GOV/CSR-BG', 'assistance'], ['sos', 'RS/NGO/ASTRA', 'identification'], ['lefoe', 'AT/NGO/LEFOE', 'return-reintegration'],
  ];
  for (const [name, id, purpose] of tokens) T[name] = await s.token(id, purpose);
}, 60_000);
afterAll(() => s?.stop());

async function send(token: string, doc: Record<string, unknown>) {
  await s.must(token, SUBMIT, { d: doc });
  return String(doc.id);
}
const read = async (token: string, id: string) => s.graphql(token, READ, { id });
const withheldPaths = (body: any) => (body.extensions?.nrx?.withheld ?? []).map((w: any) => `${w.path.join('.')}:${w.reason}`);

describe('1. Moldovan woman in a Serbian shelter: full assistance, nothing to Moldova without consent', () => {
  const subject = 'rs-cptv-scn1woman';
  it('the shelter gets what she agreed to; the Moldovan bodies get nothing of her', async () => {
    await s.must(T.cptv!, CONSENT, { d: consentDoc(subject, 'RS/GOV/CPTV', [
      { type: 'permit', actors: [{ member: 'RS/NGO/ATINA' }], purposes: ['assistance'], fieldGroups: ['identity', 'date-of-birth', 'needs', 'assistance', 'health', 'trafficking-status'] },
      { type: 'deny', actors: [{ country: 'MD' }] },
    ]) });
    const sections = { person: { givenName: 'Natalia', familyName: 'Ciobanu', citizenships: ['MD'] }, needs: [need('accommodation.secret-location')] };
    const toShelter = await send(T.cptv!, referralDoc('RS/GOV/CPTV', 'RS/NGO/ATINA', 'assistance', subject, sections));
    const shelter = await read(T.shelter!, toShelter);
    expect(shelter.data.referral.document.sections.person).toMatchObject({ givenName: 'Natalia', familyName: 'Ciobanu' });
    expect(shelter.data.referral.document.sections.needs).toEqual([{ category: 'accommodation.secret-location', origin: 'trafficking-related', beneficiary: 'person' }]);
    const toMd = await send(T.cptvReturn!, referralDoc('RS/GOV/CPTV', 'MD/GOV/CNPTV', 'return-reintegration', subject, sections));
    const md = await read(T.md!, toMd);
    expect(md.data.referral.document.sections).toMatchObject({ person: { givenName: null, familyName: null }, needs: null });
    expect(JSON.stringify(md)).not.toMatch(/Natalia|Ciobanu|secret-location|SECRET_LOCATION/);
    expect(md.data.referral.subject).not.toBe(subject);
    expect(withheldPaths(md)).toContain('referral.document.sections.person.givenName:CONSENT_DENIES');
  });
});

describe('2. returned 16-year-old with an addiction-treatment need', () => {
  const subject = 'rs-cptv-scn2minor';
  it('the treating provider gets the need; the school gets nothing of it', async () => {
    await s.must(T.cptv!, CONSENT, { d: consentDoc(subject, 'RS/GOV/CPTV', [
      { type: 'permit', actors: [{ member: 'RS/GOV/KBC-NS' }], purposes: ['assistance'], fieldGroups: ['identity', 'date-of-birth', 'needs', 'health'] },
      { type: 'permit', actors: [{ agencyType: 'school' }], purposes: ['assistance'], fieldGroups: ['identity', 'needs', 'date-of-birth'] },
    ], { grantor: { type: 'guardian' }, childView: { view: 'agrees' } }) });
    const sections = { person: { givenName: 'Ana', dateOfBirth: '2010-02-01' }, needs: [need('medical.addiction-treatment'), need('education-training.schooling', { origin: 'pre-existing' })] };
    const clinicId = await send(T.cptv!, referralDoc('RS/GOV/CPTV', 'RS/GOV/KBC-NS', 'assistance', subject, sections));
    const schoolId = await send(T.cptv!, referralDoc('RS/GOV/CPTV', 'RS/GOV/OS-NS-7', 'assistance', subject, sections));
    const clinic = await read(T.clinic!, clinicId);
    expect(clinic.data.referral.document.sections.needs.map((n: any) => n.category)).toEqual(['medical.addiction-treatment', 'education-training.schooling']);
    const school = await read(T.school!, schoolId);
    expect(school.data.referral.document.sections.needs.map((n: any) => n.category)).toEqual(['education-training.schooling']);
    expect(JSON.stringify(school)).not.toMatch(/ADDICTION|addiction/);
    // Minimum necessary is transformed: the school learns that she is a minor, not her date of birth.
    expect(school.data.referral.document.sections.person).toMatchObject({ dateOfBirth: null, minor: true });
  });
});

describe('3. late first request for food and winter shoes', () => {
  it('needs marked pre-existing, dependants as secondary beneficiaries, reach the shelter', async () => {
    const DEPENDANT = crypto.randomUUID();
    const subject = 'rs-cptv-scn3mother';
    await s.must(T.cptv!, CONSENT, { d: consentDoc(subject, 'RS/GOV/CPTV', [{ type: 'permit', actors: [{ agencyType: 'shelter' }], purposes: ['assistance'], fieldGroups: ['needs', 'dependants', 'assistance', 'family'] }]) });
    const id = await send(T.cptv!, referralDoc('RS/GOV/CPTV', 'RS/NGO/ATINA', 'assistance', subject, { needs: [need('economic.material-aid', { origin: 'pre-existing', beneficiary: 'dependant', dependantRef: DEPENDANT })] }));
    const body = await read(T.shelter!, id);
    expect(body.data.referral.document.sections.needs).toEqual([{ category: 'economic.material-aid', origin: 'pre-existing', beneficiary: 'dependant' }]);
    const ref = await s.must(T.shelter!, `query($id: ID!) { referral(id: $id) { document { sections { needs { dependantRef } } } } }`, { id });
    expect(ref.referral.document.sections.needs[0].dependantRef).toBe(DEPENDANT);
    expect(body.data.referral.document.sections.person.givenName).toBeNull();
  });
});

describe('4. unclear worker: the aliens office learns only that removal is suspended', () => {
  it('releases the removal suspension and nothing of the case', async () => {
    const subject = 'rs-cptv-scn4worker';
    const sections = { person: { givenName: 'Ion', familyName: 'Rusu' }, needs: [need('legal-administrative.residence-permits')], residenceStatus: { country: 'RS', status: 'irregular', removalSuspension: { suspended: true, since: '2026-01-20' } } };
    const id = await send(T.cptv!, referralDoc('RS/GOV/CPTV', 'RS/GOV/MUP-STRANCI', 'residence-immigration', subject, sections));
    const body = await read(T.aliens!, id);
    expect(body.data.referral.document.sections.residenceStatus).toEqual({ removalSuspension: { suspended: true, since: '2026-01-20' } });
    expect(body.data.referral.document.sections.person.givenName).toBeNull();
    expect(body.data.referral.document.sections.needs).toBeNull();
    expect(JSON.stringify(body.data)).not.toMatch(/Ion|Rusu|RESIDENCE_PERMIT/);
  });
});

describe('5. SOS-line caller: cross-border query with minimal identifiers, with the mother\'s consent', () => {
  it('identity crosses only to the recipient her consent names', async () => {
    const subject = 'rs-astra-scn5daughter';
    const doc = () => referralDoc('RS/NGO/ASTRA', 'MD/GOV/CNPTV', 'identification', subject, { person: { givenName: 'Mila', dateOfBirth: '2001-04-05' } });
    const first = await send(T.sos!, doc());
    expect((await read(T.mdId!, first)).data.referral.document.sections.person).toMatchObject({ givenName: null, dateOfBirth: null });
    await s.must(T.sos!, CONSENT, { d: consentDoc(subject, 'RS/NGO/ASTRA', [{ type: 'permit', actors: [{ member: 'MD/GOV/CNPTV' }], purposes: ['identification'], fieldGroups: ['identity', 'date-of-birth'] }], { grantor: { type: 'legal-representative' } }) });
    const body = await read(T.mdId!, first);
    expect(body.data.referral.document.sections.person).toMatchObject({ givenName: 'Mila', dateOfBirth: '2001-04-05' });
  });
});

describe('6. compromised shelter: no address leaves the shelter', () => {
  it('the coordinating body and the social work centre never receive her address', async () => {
    const subject = 'rs-atina-scn6resident';
    await s.must(T.cptv!, CONSENT, { d: consentDoc(subject, 'RS/GOV/CPTV', [{ type: 'permit', actors: [{ country: 'RS' }], purposes: ['referral', 'assistance'], fieldGroups: ['needs', 'assistance', 'plan', 'location', 'identity'] }]) });
    const address = { country: 'RS', region: 'Vojvodina', locality: 'Novi Sad' };
    const id = await send(await s.token('RS/NGO/ATINA', 'referral'), referralDoc('RS/NGO/ATINA', 'RS/GOV/CPTV', 'referral', subject, { person: { currentAddress: address }, needs: [need('safety.relocation')] }));
    const body = await read(T.cptv!, id);
    expect(body.data.referral.document.sections.person.currentAddress).toBeNull();
    expect(withheldPaths(body)).toContain('referral.document.sections.person.currentAddress:AGREEMENT_EXCLUDES');
    const toCsr = await send(T.cptv!, referralDoc('RS/GOV/CPTV', 'RS/GOV/CSR-BG', 'assistance', subject, { person: { currentAddress: address } }));
    const csr = await read(T.csrAssist!, toCsr);
    expect(csr.data.referral.document.sections.person.currentAddress).toEqual({ country: 'RS', region: 'Vojvodina', locality: null });
  });
});

describe('7. declined help, later reports the trafficker: consent history shows the reversal', () => {
  it('nothing reaches the police until she consents, and only under the agreement', async () => {
    const subject = 'rs-cptv-scn7reporter';
    const declined = consentDoc(subject, 'RS/GOV/CPTV', [{ type: 'deny' }], { given: '2025-02-01T10:00:00Z' });
    await s.must(T.cptv!, CONSENT, { d: declined });
    const cptvCj = await s.token('RS/GOV/CPTV', 'criminal-justice');
    const id = await send(cptvCj, referralDoc('RS/GOV/CPTV', 'RS/GOV/POLICE', 'criminal-justice', subject, { person: { givenName: 'Vesna' }, identifications: [{ id: crypto.randomUUID(), issuerType: 'state-coordinating-body', status: 'identified', stage: 'formal', issuer: 'RS/GOV/CPTV' }] }));
    const before = await read(T.policeCj!, id);
    expect(before.data.referral.document.sections.person.givenName).toBeNull();
    expect(before.data.referral.document.sections.identifications).toBeNull();
    await s.must(T.cptv!, `mutation($id: ID!) { withdrawConsent(id: $id, at: "2026-01-01T00:00:00Z") { withdrawn } }`, { id: declined.id });
    await s.must(T.cptv!, CONSENT, { d: consentDoc(subject, 'RS/GOV/CPTV', [{ type: 'permit', actors: [{ agencyType: 'police' }], purposes: ['criminal-justice'], fieldGroups: ['identity', 'trafficking-status'] }], { supersedes: declined.id }) });
    const after = await read(T.policeCj!, id);
    expect(after.data.referral.document.sections.person.givenName).toBe('Vesna');
    const history = await s.must(T.cptv!, `query($s: String!) { subjectCase(subject: $s) { consents { withdrawn document { decision } } } }`, { s: subject });
    expect(history.subjectCase.consents.map((c: any) => c.withdrawn)).toEqual([true, false]);
    // Nothing is shared back automatically: the police see no referral they were not sent.
    expect((await s.graphql(T.policeCj!, `{ referralsReceived(first: 10) { edges { node { id } } } }`)).data.referralsReceived.edges.map((e: any) => e.node.id)).toEqual([id]);
  });
});

describe('8. Austrian NGO refers a Serbian woman home', () => {
  it('the coordinating body receives the identification with its issuer type and the fields she agreed to, and reports back', async () => {
    const subject = 'at-lefoe-scn8woman';
    const lefoe = await s.token('AT/NGO/LEFOE', 'return-reintegration');
    await s.must(lefoe, CONSENT, { d: consentDoc(subject, 'AT/NGO/LEFOE', [{ type: 'permit', actors: [{ member: 'RS/GOV/CPTV' }], purposes: ['return-reintegration'], fieldGroups: ['identity', 'identification', 'trafficking-status', 'needs'] }]) });
    const id = await send(lefoe, referralDoc('AT/NGO/LEFOE', 'RS/GOV/CPTV', 'return-reintegration', subject, { person: { givenName: 'Jelena', dateOfBirth: '1995-06-07' }, identifications: [{ id: crypto.randomUUID(), issuerType: 'ngo-without-police', status: 'presumed', stage: 'preliminary', issuer: 'AT/NGO/LEFOE' }] }));
    const body = await read(T.cptvReturn!, id);
    expect(body.data.referral.document.sections.identifications).toEqual([{ status: 'presumed', issuerType: 'ngo-without-police' }]);
    expect(body.data.referral.document.sections.person).toMatchObject({ givenName: 'Jelena', dateOfBirth: null });
    await s.must(T.cptvReturn!, `mutation($id: ID!) { respondToReferral(id: $id, decision: "accept") { status } }`, { id });
    expect((await s.must(lefoe, `query($id: ID!) { referral(id: $id) { statusHistory { status author } } }`, { id })).referral.statusHistory).toEqual([{ status: 'accepted', author: 'RS/GOV/CPTV' }]);
  });
});

describe('9. child referred to the guardian and the coordinating body', () => {
  it('the guardian gets what the child-protection duty allows; the child\'s view and the guardian\'s decision stay separate', async () => {
    const subject = 'rs-police-scn9child';
    const police = T.police!;
    const consent = consentDoc(subject, 'RS/GOV/POLICE', [{ type: 'permit', actors: [{ member: 'RS/GOV/CPTV' }], purposes: ['identification'], fieldGroups: ['identity', 'date-of-birth'] }],
      { grantor: { type: 'guardian' }, childView: { view: 'disagrees' } });
    await s.must(police, CONSENT, { d: consent });
    const sections = { person: { givenName: 'Sara', dateOfBirth: '2011-03-04' }, needs: [need('accommodation.secured')] };
    const toCsr = await send(await s.token('RS/GOV/POLICE', 'child-protection'), referralDoc('RS/GOV/POLICE', 'RS/GOV/CSR-BG', 'child-protection', subject, sections));
    const toCptv = await send(police, referralDoc('RS/GOV/POLICE', 'RS/GOV/CPTV', 'identification', subject, sections));
    const csr = await read(T.csr!, toCsr);
    expect(csr.data.referral.document.sections.person).toMatchObject({ givenName: 'Sara', dateOfBirth: '2011-03-04' });
    expect(csr.data.referral.document.sections.needs).toBeNull();
    expect((await read(T.cptvId!, toCptv)).data.referral.document.sections.person.givenName).toBe('Sara');
    const recorded = await s.must(police, `query($s: String!) { subjectCase(subject: $s) { consents { document { grantor { type } childView { view } } } } }`, { s: subject });
    expect(recorded.subjectCase.consents[0].document).toEqual({ grantor: { type: 'guardian' }, childView: { view: 'disagrees' } });
  });
});

describe('10. the data-protection officer asks what a recipient would see, and on which basis', () => {
  it('disclosurePreview names the consent, the agreement clause, or the rule that withheld each field', async () => {
    const subject = 'rs-cptv-scn10health';
    const consent = consentDoc(subject, 'RS/GOV/CPTV', [{ type: 'permit', actors: [{ member: 'RS/NGO/ATINA' }], purposes: ['assistance'], fieldGroups: ['identity', 'health', 'needs'] }]);
    await s.must(T.cptv!, CONSENT, { d: consent });
    const dpo = await s.token('RS/GOV/CPTV', 'referral', 'dpo');
    const q = `query($s: String!) { disclosurePreview(subject: $s, recipient: "RS/NGO/ATINA", purpose: "assistance") { crossBorder overrides fields { pointer decision transform consent agreement legalBasis reason } } }`;
    const { disclosurePreview: p } = await s.must(dpo, q, { s: subject });
    const row = (pointer: string) => p.fields.find((f: any) => f.pointer === pointer);
    expect(p.crossBorder).toBe(false);
    expect(row('/sections/person/disability/hasDisability') ?? row('/sections/person/givenName')).toMatchObject({ decision: 'release', consent: `${consent.id}#/provisions/0`, agreement: 'rs-coordinating-body-shelter@1.0.0#1', legalBasis: 'consent' });
    expect(row('/sections/person/documents/*/number')).toMatchObject({ decision: 'withhold', reason: 'AGREEMENT_EXCLUDES' });
    expect(row('/sections/cooperationStatus/status')).toMatchObject({ decision: 'withhold' });
    // A legal basis other than consent is named and flagged.
    const dutyPreview = await s.must(await s.token('RS/GOV/CPTV', 'mandatory-crime-notification'), `query($s: String!) { disclosurePreview(subject: $s, recipient: "RS/GOV/POLICE", purpose: "mandatory-crime-notification") { overrides fields { pointer decision legalBasis } } }`, { s: subject });
    expect(dutyPreview.disclosurePreview.overrides).toContain('mandatory-crime-notification');
    expect(dutyPreview.disclosurePreview.fields.find((f: any) => f.pointer === '/sections/traffickingEpisodes/*/forms')).toMatchObject({ decision: 'release', legalBasis: 'mandatory-crime-notification' });
    // Someone who does not hold her case cannot ask.
    expect((await s.graphql(T.school!, q, { s: subject })).errors[0].extensions.code).toBe('NOT_FOUND');
  });
});
