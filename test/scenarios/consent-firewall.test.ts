/**
 * Consent records and status updates through the guard, minors, the assistance–police firewall and
 * every basis in the audit: through GraphQL with real tokens on a real gateway.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CONSENT, SUBMIT, consentDoc, referralDoc, startScenario, type Scenario } from './federation.ts';
import type { DataSharingAgreement } from '../../gateway/policy/index.ts';

const need = (category: string) => ({ id: crypto.randomUUID(), category, origin: 'trafficking-related', beneficiary: 'person', status: 'open' });
const proceeding = { type: 'criminal', caseReference: 'KT 118/26' };

const agreement: DataSharingAgreement = {
  kind: 'data-sharing-agreement', specVersion: '1.0.0', id: 'scn-firewall-minors', version: '1.0.0', title: 'Firewall and minors (scenario)',
  parties: [{ country: 'RS' }], validPeriod: { start: '2025-01-01' },
  clauses: [
    // Every government member of the country: a broad class that includes the police.
    { id: 'BROAD', purpose: 'criminal-justice', from: [{ member: 'RS/GOV/CPTV' }], to: [{ country: 'RS', memberClass: 'GOV' }], fieldGroups: ['identity', 'needs', 'assistance', 'justice'] },
    // The prosecutor's office named by its agency type: the clause crosses the firewall.
    { id: 'PROSECUTOR', purpose: 'criminal-justice', from: [{ member: 'RS/GOV/CPTV' }], to: [{ agencyType: 'prosecutor' }], fieldGroups: ['identity', 'needs', 'assistance', 'justice'] },
    // Every member of the country, for assistance: justice data do not reach the shelter through it.
    { id: 'ALL-RS', purpose: 'assistance', from: [{ member: 'RS/GOV/CPTV' }], to: [{ country: 'RS' }], fieldGroups: ['identity', 'justice'] },
    // A child: her guardian must consent.
    { id: 'CHILD-G', purpose: 'child-protection', from: [{ member: 'RS/NGO/ASTRA' }], to: [{ agencyType: 'social-work-centre' }], fieldGroups: ['identity', 'date-of-birth'], minorConsent: ['guardian'] },
    // A child: her guardian and she herself must agree.
    { id: 'CHILD-GV', purpose: 'assistance', from: [{ member: 'RS/NGO/ASTRA' }], to: [{ agencyType: 'health-institution' }], fieldGroups: ['identity', 'needs'], minorConsent: ['guardian', 'child-view'] },
  ],
};

let s: Scenario;
const T: Record<string, string> = {};
beforeAll(async () => {
  s = await startScenario([agreement]);
  const tokens: Array<[string, string, string, string?]> = [
    ['cptvCj', 'RS/GOV/CPTV', 'criminal-justice'], ['cptv', 'RS/GOV/CPTV', 'assistance'], ['police', 'RS/GOV/POLICE', 'criminal-justice'],
    ['prosecutor', 'RS/GOV/RJT-BG', 'criminal-justice'], ['shelter', 'RS/NGO/ATINA', 'assistance'], ['sos', 'RS/NGO/ASTRA', 'child-protection'],
    ['sosAssist', 'RS/NGO/ASTRA', 'assistance'], ['csr', 'RS/GOV/CSR-BG', 'child-protection'], ['clinic', 'RS/GOV/KBC-NS', 'assistance'],
    ['policeAssist', 'RS/GOV/POLICE', 'assistance'], ['dpo', 'RS/GOV/CPTV', 'referral', 'dpo'],
  ];
  for (const [name, id, purpose, role] of tokens) T[name] = await s.token(id, purpose, role);
}, 60_000);
afterAll(() => s?.stop());

async function send(token: string, doc: Record<string, unknown>) {
  await s.must(token, SUBMIT, { d: doc });
  return String(doc.id);
}
const withheld = (body: any) => (body.extensions?.nrx?.withheld ?? []).map((w: any) => `${w.path.join('.')}:${w.reason}`);
const READ = `query($id: ID!) { referral(id: $id) { subject document { sections { person { givenName } needs { category } justiceStatus { proceedings { type caseReference } } } requestedServices } } }`;
const AUDIT = `query($s: String!) { auditDisclosures(subject: $s) { recipient fields { path decision basis bases reason } } }`;
const allow = (member: string, purpose: string, fieldGroups: string[]) => ({ type: 'permit', actors: [{ member }], purposes: [purpose], fieldGroups });

describe('the assistance–police firewall', () => {
  it('a broad clause carries no assistance data to the police; a clause naming the agency type does', async () => {
    const subject = 'rs-cptv-fw-police01';
    await s.must(T.cptvCj!, CONSENT, { d: consentDoc(subject, 'RS/GOV/CPTV', [
      allow('RS/GOV/POLICE', 'criminal-justice', ['identity', 'needs', 'assistance', 'justice']), allow('RS/GOV/RJT-BG', 'criminal-justice', ['identity', 'needs', 'assistance', 'justice'])]) });
    const sections = { person: { givenName: 'Ana' }, needs: [need('accommodation.secured')], justiceStatus: { proceedings: [proceeding] } };
    const toPolice = await send(T.cptvCj!, referralDoc('RS/GOV/CPTV', 'RS/GOV/POLICE', 'criminal-justice', subject, sections, { requestedServices: ['accommodation.secured'] }));
    const police = await s.graphql(T.police!, READ, { id: toPolice });
    expect(police.data.referral.document.sections.person.givenName).toBe('Ana');
    expect(police.data.referral.document.sections.needs).toBeNull();
    expect(police.data.referral.document.requestedServices).toBeNull();
    expect(police.data.referral.document.sections.justiceStatus.proceedings[0].caseReference).toBe('KT 118/26');
    expect(withheld(police)).toContain('referral.document.sections.needs:FIREWALL');
    const release = police.extensions.nrx.withheld.find((w: any) => w.reason === 'FIREWALL').release;
    expect(release.agreementClause).toMatchObject({ explicit: true, to: [{ member: 'RS/GOV/POLICE' }] });

    const toProsecutor = await send(T.cptvCj!, referralDoc('RS/GOV/CPTV', 'RS/GOV/RJT-BG', 'criminal-justice', subject, sections, { requestedServices: ['accommodation.secured'] }));
    const prosecutor = await s.graphql(T.prosecutor!, READ, { id: toProsecutor });
    expect(prosecutor.data.referral.document.sections.needs).toEqual([{ category: 'accommodation.secured' }]);
    expect(prosecutor.data.referral.document.requestedServices).toEqual(['accommodation.secured']);
  });

  it('filters on assistance fields do not tell her referrals apart for the police', async () => {
    const subject = 'rs-cptv-fw-filter01';
    await s.must(T.cptvCj!, CONSENT, { d: consentDoc(subject, 'RS/GOV/CPTV', [allow('RS/GOV/POLICE', 'criminal-justice', ['identity', 'needs', 'justice'])]) });
    await send(T.cptvCj!, referralDoc('RS/GOV/CPTV', 'RS/GOV/POLICE', 'criminal-justice', subject, { person: { givenName: 'Mila' }, needs: [need('medical.screening')] }));
    await send(T.cptvCj!, referralDoc('RS/GOV/CPTV', 'RS/GOV/POLICE', 'criminal-justice', subject, { person: { givenName: 'Mila' } }));
    const q = `query($c: JSON!) { referralsReceived(first: 50, filter: { where: [{ pointer: "/sections/needs/category", equals: $c }] }) { edges { node { id } } } }`;
    expect((await s.must(T.police!, q, { c: 'medical.screening' })).referralsReceived.edges).toEqual([]);
    expect((await s.must(T.police!, q, { c: 'accommodation.secured' })).referralsReceived.edges).toEqual([]);
  });

  it('justice data (her case reference) reach an assistance provider only under a clause naming it', async () => {
    const subject = 'rs-cptv-fw-shelter1';
    await s.must(T.cptv!, CONSENT, { d: consentDoc(subject, 'RS/GOV/CPTV', [allow('RS/NGO/ATINA', 'assistance', ['identity', 'justice'])]) });
    const id = await send(T.cptv!, referralDoc('RS/GOV/CPTV', 'RS/NGO/ATINA', 'assistance', subject, { person: { givenName: 'Vera' }, justiceStatus: { proceedings: [proceeding] } }));
    const shelter = await s.graphql(T.shelter!, READ, { id });
    expect(shelter.data.referral.document.sections.person.givenName).toBe('Vera');
    expect(shelter.data.referral.document.sections.justiceStatus).toBeNull();
    expect(withheld(shelter)).toContain('referral.document.sections.justiceStatus:FIREWALL');
  });

  it('a status update\'s parts that are her assistance data reach the police only as the referral\'s own assistance data would', async () => {
    const subject = 'rs-police-fw-status1';
    const toShelter = await send(T.policeAssist!, referralDoc('RS/GOV/POLICE', 'RS/NGO/ATINA', 'assistance', subject, { person: { givenName: 'Ena' } }));
    await s.must(T.shelter!, `mutation($id: ID!) { respondToReferral(id: $id, decision: "decline", reasons: ["already-receiving-service", "no-capacity"], note: "no place until March") { status } }`, { id: toShelter });
    const history = `query($id: ID!) { referral(id: $id) { statusHistory { status document { status reasons reasonText outcomeSummary } } } }`;
    const police = await s.graphql(T.policeAssist!, history, { id: toShelter });
    // The provider's own reply reaches the police; that she already receives help elsewhere does not.
    expect(police.data.referral.statusHistory[0].document).toEqual({ status: 'declined-by-provider', reasons: ['no-capacity'], reasonText: 'no place until March', outcomeSummary: null });
    expect(withheld(police).some((w: string) => w.startsWith('referral.statusHistory.0.document.outcomeSummary:'))).toBe(true);
    expect(JSON.stringify(police)).not.toContain('already-receiving-service');
    const shelterSide = await s.must(T.shelter!, history, { id: toShelter });
    expect(shelterSide.referral.statusHistory[0].document.reasons).toEqual(['already-receiving-service', 'no-capacity']);

    const cptvSubject = 'rs-cptv-fw-status01';
    await s.must(T.cptv!, CONSENT, { d: consentDoc(cptvSubject, 'RS/GOV/CPTV', [allow('RS/NGO/ATINA', 'assistance', ['identity'])]) });
    const fromCptv = await send(T.cptv!, referralDoc('RS/GOV/CPTV', 'RS/NGO/ATINA', 'assistance', cptvSubject, { person: { givenName: 'Iva' } }));
    await s.must(T.shelter!, `mutation($id: ID!) { respondToReferral(id: $id, decision: "decline", reasons: ["referred-elsewhere"]) { status } }`, { id: fromCptv });
    const cptv = await s.must(T.cptv!, history, { id: fromCptv });
    expect(cptv.referral.statusHistory[0].document).toEqual({ status: 'declined-by-provider', reasons: ['referred-elsewhere'], reasonText: null, outcomeSummary: null });
  });
});

describe('minors', () => {
  const child = (givenName: string) => ({ person: { givenName, dateOfBirth: '2012-05-01' }, needs: [need('medical.screening')] });

  it('a child\'s own consent alone does not release what needs her guardian; her guardian\'s does, whatever her view', async () => {
    const subject = 'rs-astra-minor-0001';
    await s.must(T.sos!, CONSENT, { d: consentDoc(subject, 'RS/NGO/ASTRA', [allow('RS/GOV/CSR-BG', 'child-protection', ['identity', 'date-of-birth'])]) });
    const first = await send(T.sos!, referralDoc('RS/NGO/ASTRA', 'RS/GOV/CSR-BG', 'child-protection', subject, child('Lena')));
    const before = await s.graphql(T.csr!, READ, { id: first });
    expect(before.data.referral.document.sections.person.givenName).toBeNull();
    expect(withheld(before)).toContain('referral.document.sections.person.givenName:GUARDIAN_CONSENT_REQUIRED');
    // The preview the sender asks for says the same, from her age in its referral.
    const preview = await s.must(T.sos!, `query($s: String!) { disclosurePreview(subject: $s, recipient: "RS/GOV/CSR-BG", purpose: "child-protection") { fields { pointer decision reason } } }`, { s: subject });
    expect(preview.disclosurePreview.fields.find((f: any) => f.pointer === '/sections/person/givenName')).toEqual({ pointer: '/sections/person/givenName', decision: 'withhold', reason: 'GUARDIAN_CONSENT_REQUIRED' });

    await s.must(T.sos!, CONSENT, { d: consentDoc(subject, 'RS/NGO/ASTRA', [allow('RS/GOV/CSR-BG', 'child-protection', ['identity', 'date-of-birth'])],
      { grantor: { type: 'guardian', relationship: 'mother' }, childView: { view: 'disagrees' } }) });
    const second = await send(T.sos!, referralDoc('RS/NGO/ASTRA', 'RS/GOV/CSR-BG', 'child-protection', subject, child('Lena')));
    expect((await s.must(T.csr!, READ, { id: second })).referral.document.sections.person.givenName).toBe('Lena');

    // An adult's own consent is enough under the same clause.
    const adult = 'rs-astra-adult-0001';
    await s.must(T.sos!, CONSENT, { d: consentDoc(adult, 'RS/NGO/ASTRA', [allow('RS/GOV/CSR-BG', 'child-protection', ['identity', 'date-of-birth'])]) });
    const grown = await send(T.sos!, referralDoc('RS/NGO/ASTRA', 'RS/GOV/CSR-BG', 'child-protection', adult, { person: { givenName: 'Dana', dateOfBirth: '1990-05-01' } }));
    expect((await s.must(T.csr!, READ, { id: grown })).referral.document.sections.person.givenName).toBe('Dana');
  });

  it('where her own view is needed too, her guardian\'s decision alone is not enough, and the audit names every consent the release rested on', async () => {
    const subject = 'rs-astra-minor-0002';
    const guardian = consentDoc(subject, 'RS/NGO/ASTRA', [allow('RS/GOV/KBC-NS', 'assistance', ['identity', 'needs'])], { grantor: { type: 'guardian' }, childView: { view: 'disagrees' } });
    await s.must(T.sosAssist!, CONSENT, { d: guardian });
    const first = await send(T.sosAssist!, referralDoc('RS/NGO/ASTRA', 'RS/GOV/KBC-NS', 'assistance', subject, child('Mara')));
    const before = await s.graphql(T.clinic!, READ, { id: first });
    expect(before.data.referral.document.sections.person.givenName).toBeNull();
    expect(withheld(before)).toContain('referral.document.sections.person.givenName:CHILD_VIEW_REQUIRED');

    const own = consentDoc(subject, 'RS/NGO/ASTRA', [allow('RS/GOV/KBC-NS', 'assistance', ['identity', 'needs'])]);
    await s.must(T.sosAssist!, CONSENT, { d: own });
    const second = await send(T.sosAssist!, referralDoc('RS/NGO/ASTRA', 'RS/GOV/KBC-NS', 'assistance', subject, child('Mara')));
    expect((await s.must(T.clinic!, READ, { id: second })).referral.document.sections.person.givenName).toBe('Mara');

    const entries = (await s.must(T.dpo!, AUDIT, { s: subject })).auditDisclosures;
    const name = entries.flatMap((e: any) => e.fields).find((f: any) => f.path === 'referral.sections.person.givenName' && f.decision === 'released');
    expect(name.bases).toEqual(['agreement:scn-firewall-minors@1.0.0#CHILD-GV', `consent:${guardian.id}#/provisions/0`, `consent:${own.id}#/provisions/0`]);
    expect(name.basis).toBe('agreement:scn-firewall-minors@1.0.0#CHILD-GV');

    const registry = await s.must(T.dpo!, `query($s: String) { consentRegistry(subject: $s) { id decision grantorType childView } }`, { s: subject });
    expect(registry.consentRegistry).toEqual(expect.arrayContaining([
      { id: guardian.id, decision: 'deny', grantorType: 'guardian', childView: 'disagrees' },
      { id: own.id, decision: 'deny', grantorType: 'self', childView: null },
    ]));
  });
});

describe('consent records through the guard', () => {
  const CONSENTS = `query($s: String!) { subjectCase(subject: $s) { consents { id document { id subject decision state period { start end } provisional { reason confirmBy }
    grantor { type relationship } childView { view inHerWords { text } } recordedBy { member } method
    provisions { type purposes fieldGroups actors { member agencyType } provisions { type actors { member } fieldGroups } } } } } }`;

  it('a recipient sees that a permission exists for itself, its period and whether it is provisional; the recorder sees all', async () => {
    const subject = 'rs-cptv-consent-prj1';
    const consent = consentDoc(subject, 'RS/GOV/CPTV', [
      { type: 'permit', actors: [{ member: 'RS/NGO/ATINA' }, { member: 'RS/GOV/POLICE' }], purposes: ['assistance'], fieldGroups: ['identity'],
        provisions: [{ type: 'deny', actors: [{ member: 'RS/GOV/POLICE' }], fieldGroups: ['identity'] }] },
      { type: 'permit', actors: [{ agencyType: 'child-protection' }], purposes: ['child-protection'], fieldGroups: ['identity', 'family'] },
    ], {
      grantor: { type: 'guardian', relationship: 'mother' }, childView: { view: 'agrees', inHerWords: { text: 'I want to stay with Ana' } },
      period: { start: '2026-01-10', end: '2026-12-31' }, provisional: { reason: 'first-contact', confirmBy: '2026-02-10' },
    });
    await s.must(T.cptv!, CONSENT, { d: consent });
    const id = await send(T.cptv!, referralDoc('RS/GOV/CPTV', 'RS/NGO/ATINA', 'assistance', subject, { person: { givenName: 'Nina' } }, { consentRefs: [consent.id] }));
    const shown = (await s.must(T.shelter!, `query($id: ID!) { referral(id: $id) { subject } }`, { id })).referral.subject;
    const body = await s.graphql(T.shelter!, CONSENTS, { s: shown });
    const doc = body.data.subjectCase.consents[0].document;
    expect(doc).toEqual({
      id: consent.id, subject: shown, decision: 'deny', state: 'active', period: { start: '2026-01-10', end: '2026-12-31' }, provisional: { reason: 'first-contact', confirmBy: '2026-02-10' },
      grantor: null, childView: null, recordedBy: null, method: null,
      provisions: [{ type: 'permit', purposes: ['assistance'], fieldGroups: ['identity'], actors: [{ member: 'RS/NGO/ATINA', agencyType: null }], provisions: null }],
    });
    expect(withheld(body)).toEqual(expect.arrayContaining(['subjectCase.consents.0.document.grantor:CONSENT_RECORD_PRIVATE', 'subjectCase.consents.0.document.childView:CONSENT_RECORD_PRIVATE']));
    expect(JSON.stringify(body)).not.toContain('"mother"');
    expect(JSON.stringify(body)).not.toContain('stay with Ana');

    const recorder = await s.must(T.cptv!, CONSENTS, { s: subject });
    expect(recorder.subjectCase.consents[0].document).toMatchObject({ grantor: { type: 'guardian', relationship: 'mother' }, childView: { view: 'agrees', inHerWords: { text: 'I want to stay with Ana' } } });
    expect(recorder.subjectCase.consents[0].document.provisions).toHaveLength(2);

    // The trail records what the shelter got of the record and what was kept back, on the provision that concerns it.
    const fields = (await s.must(T.dpo!, AUDIT, { s: subject })).auditDisclosures.filter((e: any) => e.recipient === 'RS/NGO/ATINA').flatMap((e: any) => e.fields);
    expect(fields).toEqual(expect.arrayContaining([
      { path: 'consentRecord.provisions[0]', decision: 'released', basis: `consent:${consent.id}#/provisions/0`, bases: [`consent:${consent.id}#/provisions/0`], reason: null },
      { path: 'consentRecord.provisions[1]', decision: 'withheld', basis: null, bases: [], reason: 'CONSENT_RECORD_PRIVATE' },
      { path: 'consentRecord.childView', decision: 'withheld', basis: null, bases: [], reason: 'CONSENT_RECORD_PRIVATE' },
    ]));
  });
});

describe('for every recipient, the answer does not depend on what it may not see', () => {
  const private_ = fc.record({
    relationship: fc.constantFrom('mother', 'aunt', 'court-appointed representative'),
    view: fc.constantFrom('agrees', 'disagrees', 'not-asked'),
    words: fc.string({ minLength: 1, maxLength: 40 }).filter((t) => t.trim().length > 0),
    method: fc.constantFrom('written', 'oral'),
    others: fc.array(fc.constantFrom('RS/GOV/POLICE', 'RS/GOV/CSR-BG', 'RS/GOV/KBC-NS'), { maxLength: 3 }),
    position: fc.nat(3),
  });
  let run = 0;
  /** Records her consent (the private parts as given) and a referral citing it, and reads both as the shelter would. */
  const readAs = async (p: { relationship: string; view: string; words: string; method: string; others: string[]; position: number }) => {
    const subject = `rs-cptv-prop-${String(run++).padStart(6, '0')}`;
    const own = { type: 'permit', actors: [{ member: 'RS/NGO/ATINA' }], purposes: ['assistance'], fieldGroups: ['identity', 'date-of-birth', 'needs'] };
    const others = p.others.map((member) => ({ type: 'permit', actors: [{ member }], purposes: ['assistance'], fieldGroups: ['identity', 'family'] }));
    others.splice(Math.min(p.position, others.length), 0, own);
    const consent = consentDoc(subject, 'RS/GOV/CPTV', others, { grantor: { type: 'guardian', relationship: p.relationship }, childView: { view: p.view, inHerWords: { text: p.words } }, method: p.method });
    await s.must(T.cptv!, CONSENT, { d: consent });
    const id = await send(T.cptv!, referralDoc('RS/GOV/CPTV', 'RS/NGO/ATINA', 'assistance', subject, { person: { givenName: 'Kaja', dateOfBirth: '2011-02-03' } }, { consentRefs: [consent.id] }));
    const referral = await s.graphql(T.shelter!, `query($id: ID!) { referral(id: $id) { subject document { sections { person { givenName dateOfBirth } } } } }`, { id });
    const shown = referral.data.referral.subject;
    const consents = await s.graphql(T.shelter!, `query($s: String!) { subjectCase(subject: $s) { consents { document { decision grantor { type relationship } childView { view inHerWords { text } } method
      provisions { type actors { member } fieldGroups } } } } }`, { s: shown });
    // Her reference is the only thing that differs by record (a consent's own subject is her pseudonym, left out here).
    return JSON.stringify([referral, consents]).replaceAll(shown, '<her>');
  };
  it('two consents that differ only in their private parts give byte-identical answers to the shelter', async () => {
    await fc.assert(fc.asyncProperty(private_, private_, async (a, b) => {
      expect(await readAs(a)).toBe(await readAs(b));
    }), { numRuns: 5 });
  }, 60_000);
});
