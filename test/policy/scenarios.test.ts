import { describe, expect, it } from 'vitest';
import { applyDecisions, compile, disclosurePreview, type DataSharingAgreement, type Decisions } from '../../gateway/policy/index.ts';
import { consent, exampleAgreements, fullReferral, M, NOW } from './helpers.ts';

const policy = compile(exampleAgreements);
const released = (d: Decisions) => d.fields.filter((f) => f.action !== 'withhold' && !f.pointer.match(/^\/(kind|specVersion|profile|id|sender|senderUser|recipient|recipientService|purpose|legalBasis|consentRefs|urgency|created|respondBy|subject)$|^\/sections(\/person(\/subject)?)?$/));
const decision = (d: Decisions, pointer: string) => d.byPointer.get(pointer)!;

describe('scenario 1: Moldovan woman in a Serbian shelter', () => {
  const shelterConsent = consent([
    { type: 'permit', actors: [{ member: 'RS/NGO/ATINA' }], purposes: ['assistance'], fieldGroups: ['identity', 'date-of-birth', 'needs', 'assistance', 'health', 'trafficking-status'] },
    { type: 'deny', actors: [{ country: 'MD' }] },
  ]);

  it('the shelter gets what she agreed to, under the agreement', () => {
    const d = policy.decide({ recipient: M.shelter, controller: M.cptv, purpose: 'assistance', role: 'case-worker', consents: [shelterConsent], now: NOW, crossBorder: false });
    expect(decision(d, '/sections/person/givenName')).toMatchObject({ action: 'release', basis: { consent: { id: shelterConsent.id, provision: '/provisions/0' }, agreement: { id: 'rs-coordinating-body-shelter', clause: '1' } } });
    expect(decision(d, '/sections/needs/*/category').action).toBe('release');
    expect(decision(d, '/sections/person/documents/*/number')).toMatchObject({ action: 'withhold', reason: 'AGREEMENT_EXCLUDES' });
    expect(decision(d, '/sections/cooperationStatus/status').action).toBe('withhold');
  });

  it('nothing reaches the Moldovan coordinating body or police without her consent', () => {
    for (const recipient of [M.mdBody, M.mdPolice]) {
      for (const purpose of ['return-reintegration', 'referral', 'identification', 'criminal-justice']) {
        const d = policy.decide({ recipient, controller: M.cptv, purpose, role: 'case-worker', consents: [shelterConsent], now: NOW, crossBorder: true });
        expect(released(d), `${recipient.id} ${purpose}`).toEqual([]);
      }
    }
    const noConsent = policy.decide({ recipient: M.mdBody, controller: M.cptv, purpose: 'return-reintegration', role: 'case-worker', consents: [], now: NOW, crossBorder: true });
    expect(released(noConsent)).toEqual([]);
    expect(decision(noConsent, '/sections/needs/*/category').reason).toBe('NO_CONSENT');
  });

  it('with consent naming the Moldovan body, identity crosses; naming only the country, it does not', () => {
    const byCountry = consent([{ type: 'permit', actors: [{ country: 'MD', agencyType: 'coordinating-body' }], purposes: ['return-reintegration'], fieldGroups: ['identity', 'date-of-birth', 'needs', 'location'] }]);
    const d1 = policy.decide({ recipient: M.mdBody, controller: M.cptv, purpose: 'return-reintegration', role: 'case-worker', consents: [byCountry], now: NOW, crossBorder: true });
    expect(decision(d1, '/sections/person/givenName')).toMatchObject({ action: 'withhold', reason: 'CROSS_BORDER_IDENTITY' });
    expect(decision(d1, '/sections/person/dateOfBirth')).toMatchObject({ action: 'withhold', reason: 'CROSS_BORDER_IDENTITY' });
    expect(decision(d1, '/sections/needs/*/category').action).toBe('release');
    expect(decision(d1, '/sections/person/homeCommunity')).toMatchObject({ action: 'transform', transform: 'country-only' });
    const named = consent([{ type: 'permit', actors: [{ member: 'MD/GOV/CNPTV' }], purposes: ['return-reintegration'], fieldGroups: ['identity', 'date-of-birth'] }]);
    const d2 = policy.decide({ recipient: M.mdBody, controller: M.cptv, purpose: 'return-reintegration', role: 'case-worker', consents: [named], now: NOW, crossBorder: true });
    expect(decision(d2, '/sections/person/givenName').action).toBe('release');
    expect(decision(d2, '/sections/person/dateOfBirth').action).toBe('release');
  });
});

describe('scenario 2: returned 16-year-old with an addiction-treatment need', () => {
  const agreements: DataSharingAgreement[] = [{
    kind: 'data-sharing-agreement', specVersion: '1.0.0', id: 'rs-local-services', version: '1.0.0', title: 'Coordinating body and local services',
    parties: [{ country: 'RS' }], validPeriod: { start: '2025-01-01' },
    clauses: [
      { id: 'H', purpose: 'assistance', from: [{ member: 'RS/GOV/CPTV' }], to: [{ agencyType: 'health-institution' }], fieldGroups: ['identity', 'date-of-birth', 'needs', 'health'] },
      { id: 'S', purpose: 'assistance', from: [{ member: 'RS/GOV/CPTV' }], to: [{ agencyType: 'school' }], fieldGroups: ['identity', 'needs', 'date-of-birth', 'trafficking-status'],
        transforms: [{ fieldGroups: ['date-of-birth'], use: ['minor-flag'] }, { fieldGroups: ['trafficking-status'], use: ['vulnerable-person'] }] },
    ],
  }];
  const local = compile(agreements);
  const guardianConsent = consent([
    { type: 'permit', actors: [{ member: M.clinic.id }], purposes: ['assistance'], fieldGroups: ['identity', 'date-of-birth', 'needs', 'health'] },
    { type: 'permit', actors: [{ agencyType: 'school' }], purposes: ['assistance'], fieldGroups: ['identity', 'needs', 'date-of-birth'] },
  ], { grantor: { type: 'guardian' }, childView: { view: 'agrees' } });
  const referral = {
    kind: 'referral', id: 'x', subject: 'rs-cptv-7f3k2m9q',
    sections: { person: { subject: 'rs-cptv-7f3k2m9q', givenName: 'Ana', dateOfBirth: '2010-02-01' },
      needs: [{ id: 'n1', category: 'medical.addiction-treatment', origin: 'trafficking-related' }, { id: 'n2', category: 'education-training.school', origin: 'pre-existing' }] },
  };

  it('reaches the treating provider at home', () => {
    const d = local.decide({ recipient: M.clinic, controller: M.cptv, purpose: 'assistance', role: 'case-worker', consents: [guardianConsent], now: NOW, crossBorder: false });
    const out = applyDecisions(referral, d);
    expect(out.document.sections.needs.map((n: any) => n.category)).toEqual(['medical.addiction-treatment', 'education-training.school']);
  });

  it('the school learns nothing of it, and the family is no member and gets nothing', () => {
    const d = local.decide({ recipient: M.school, controller: M.cptv, purpose: 'assistance', role: 'case-worker', consents: [guardianConsent], now: NOW, crossBorder: false });
    const out = applyDecisions(referral, d);
    expect(out.document.sections.needs).toEqual([{ id: 'n2', category: 'education-training.school', origin: 'pre-existing' }]);
    expect(out.withheld).toContainEqual({ pointer: '/sections/needs/0', reason: 'AGREEMENT_EXCLUDES', valueTier: 'special-health' });
    expect(JSON.stringify(out)).not.toContain('addiction');
    // The minor flag is served in the spec's own field, not in place of her date of birth.
    expect(out.document.sections.person.dateOfBirth).toBeUndefined();
    expect((out.document.sections.person as Record<string, unknown>).minor).toBe(true);
  });
});

describe('scenario 4: unclear worker, the aliens\' office', () => {
  const provisional = consent([{ type: 'permit', actors: [{ member: 'RS/GOV/CPTV' }], purposes: ['identification', 'assistance'], fieldGroups: ['identity', 'documents', 'exploitation-details', 'identification', 'residence'] }],
    { provisional: { reason: 'no-interpreter', confirmBy: '2026-05-08' }, given: '2026-05-06T10:50:00Z' });
  const doc = { kind: 'referral', id: 'r4', subject: 'rs-insp-5h1q8k3n', sections: { person: { subject: 'rs-insp-5h1q8k3n', givenName: 'X' },
    residenceStatus: { country: 'RS', status: 'irregular', removalSuspension: { suspended: true, reason: 'identification-in-progress', since: '2026-05-06' } },
    identifications: [{ id: 'i', status: 'presumed' }] } };

  it('learns only that a referral exists and that removal is suspended', () => {
    const d = policy.decide({ recipient: M.aliens, controller: M.cptv, purpose: 'residence-immigration', role: 'case-worker', consents: [provisional], now: new Date('2026-05-07T09:00:00Z'), crossBorder: false });
    const out = applyDecisions(doc, d);
    expect(out.document).toEqual({ kind: 'referral', id: 'r4', subject: 'rs-insp-5h1q8k3n', sections: { person: { subject: 'rs-insp-5h1q8k3n' }, residenceStatus: { removalSuspension: { suspended: true, since: '2026-05-06' } } } });
    expect(out.withheld.map((w) => w.pointer)).toEqual(expect.arrayContaining(['/sections/person/givenName', '/sections/residenceStatus/status', '/sections/residenceStatus/removalSuspension/reason', '/sections/identifications']));
    expect(d.flags).toEqual([expect.objectContaining({ code: 'LEGAL_BASIS_OVERRIDE', legalBasis: 'legal-obligation' })]);
  });

  it('the provisional consent covers only the coordinating body, and lapses after its confirm-by date', () => {
    const during = policy.decide({ recipient: M.cptv, controller: M.inspectorate, purpose: 'identification', role: 'case-worker', consents: [provisional], now: new Date('2026-05-07T09:00:00Z'), crossBorder: false });
    expect(during.policy).toBe(policy);
    const inspectorToCptv = compile([{ kind: 'data-sharing-agreement', specVersion: '1.0.0', id: 'insp-cptv', version: '1.0.0', title: 'Inspectorate to CPTV', parties: [{ country: 'RS' }], validPeriod: { start: '2025-01-01' },
      clauses: [{ id: '1', purpose: 'identification', to: [{ member: 'RS/GOV/CPTV' }], fieldGroups: ['identity', 'documents', 'residence', 'needs'] }] }]);
    const on = inspectorToCptv.decide({ recipient: M.cptv, purpose: 'identification', role: 'case-worker', consents: [provisional], now: new Date('2026-05-08T20:00:00Z'), crossBorder: false });
    expect(decision(on, '/sections/person/givenName').action).toBe('release');
    expect(decision(on, '/sections/needs/*/category')).toMatchObject({ action: 'withhold', reason: 'NO_CONSENT' });
    const after = inspectorToCptv.decide({ recipient: M.cptv, purpose: 'identification', role: 'case-worker', consents: [provisional], now: new Date('2026-05-09T00:00:01Z'), crossBorder: false });
    expect(decision(after, '/sections/person/givenName')).toMatchObject({ action: 'withhold', reason: 'CONSENT_EXPIRED' });
  });
});

describe('scenario 7: she declined, later reported her trafficker', () => {
  const declined = consent([{ type: 'deny', actors: [{ agencyType: 'police' }, { agencyType: 'public-order-police' }] }], { id: '0267225c-536b-574d-85f9-71e2832bf3e6', given: '2025-04-11T13:00:00Z', state: 'superseded' });
  const reversal = consent([
    { type: 'permit', actors: [{ member: 'RS/NGO/ATINA' }], purposes: ['assistance'], fieldGroups: ['identity', 'needs', 'assistance', 'family'] },
    { type: 'deny', actors: [{ agencyType: 'police' }, { agencyType: 'public-order-police' }, { agencyType: 'prosecutor' }], fieldGroups: ['needs', 'assistance', 'health', 'narrative', 'plan', 'risk'] },
  ], { given: '2026-10-03T06:45:00Z', supersedes: declined.id });
  const now = new Date('2026-10-05T08:00:00Z');

  it('nothing is shared back to the police automatically', () => {
    for (const purpose of ['criminal-justice', 'identification', 'assistance', 'referral']) {
      const d = policy.decide({ recipient: M.police, controller: M.cptv, purpose, role: 'case-worker', consents: [declined, reversal], now, crossBorder: false });
      expect(released(d), purpose).toEqual([]);
    }
  });

  it('a mandatory crime notification gets only its minimal facts, flagged for the data-protection officer', () => {
    const d = policy.decide({ recipient: M.police, controller: M.cptv, purpose: 'mandatory-crime-notification', role: 'case-worker', consents: [declined, reversal], legalBasis: 'mandatory-crime-notification', now, crossBorder: false });
    const out = released(d).filter((f) => !f.via).map((f) => f.pointer);
    expect(out.length).toBeGreaterThan(0);
    expect(out.every((p) => /^\/sections\/(person\/(ageBand|minor)|traffickingEpisodes|identifications)/.test(p)), out.join()).toBe(true);
    expect(decision(d, '/sections/needs/*/category').action).toBe('withhold');
    expect(decision(d, '/sections/person/givenName').action).toBe('withhold');
    expect(d.flags.map((f) => f.legalBasis)).toEqual(['mandatory-crime-notification']);
  });

  it('the shelter she asked gets the fields of the new consent, and the consent history shows the reversal', () => {
    const before = policy.decide({ recipient: M.shelter, controller: M.cptv, purpose: 'assistance', role: 'case-worker', consents: [declined, reversal], now: new Date('2026-01-01T00:00:00Z'), crossBorder: false });
    expect(decision(before, '/sections/needs/*/category')).toMatchObject({ action: 'withhold', reason: 'NO_CONSENT' });
    const after = policy.decide({ recipient: M.shelter, controller: M.cptv, purpose: 'assistance', role: 'case-worker', consents: [declined, reversal], now, crossBorder: false });
    expect(decision(after, '/sections/needs/*/category')).toMatchObject({ action: 'release', basis: { consent: { id: reversal.id } } });
  });
});

describe('scenario 10: the data-protection officer asks about health fields', () => {
  const healthConsent = consent([{ type: 'permit', actors: [{ member: 'RS/NGO/ATINA' }], purposes: ['assistance'], fieldGroups: ['health', 'needs', 'identity'] }]);

  it('health fields released under consent cite the consent and no override', () => {
    const d = policy.decide({ recipient: M.shelter, controller: M.cptv, purpose: 'assistance', role: 'case-worker', consents: [healthConsent], now: NOW, crossBorder: false });
    expect(decision(d, '/sections/person/pregnant')).toMatchObject({ action: 'release', basis: { legalBasis: 'consent', consent: { id: healthConsent.id, provision: '/provisions/0' } } });
    expect(d.flags).toEqual([]);
    const rows = disclosurePreview(d);
    expect(rows.find((r) => r.pointer === '/sections/person/pregnant')!.basis).toContain(healthConsent.id);
    expect(rows.find((r) => r.pointer === '/sections/person/ethnicity')).toMatchObject({ decision: 'withhold', reason: 'AGREEMENT_EXCLUDES' });
  });

  it('a vital-interest disclosure overrides her refusal only for its minimal set and is flagged', () => {
    const refusal = consent([{ type: 'deny', fieldGroups: ['health'] }]);
    const d = policy.decide({ recipient: M.shelter, controller: M.cptv, purpose: 'assistance', role: 'case-worker', consents: [refusal], legalBasis: 'vital-interest', now: NOW, crossBorder: false });
    expect(decision(d, '/sections/person/pregnant')).toMatchObject({ action: 'release', basis: { legalBasis: 'vital-interest' } });
    expect(decision(d, '/sections/person/contact/phone').action).toBe('withhold');
    expect(d.flags).toEqual([expect.objectContaining({ code: 'LEGAL_BASIS_OVERRIDE', legalBasis: 'vital-interest', overridesDenial: true })]);
    expect(d.flags[0]!.pointers).toContain('/sections/person/pregnant');
  });
});

describe('statistics, roles and transforms', () => {
  it('statistics never release an individual field', () => {
    const stats = compile([{ kind: 'data-sharing-agreement', specVersion: '1.0.0', id: 'stats', version: '1.0.0', title: 'Stats', parties: [{ country: 'RS' }], validPeriod: { start: '2025-01-01' },
      clauses: [{ id: '1', purpose: 'statistics', to: [{ memberClass: 'EDU' }], fieldGroups: ['health', 'needs', 'identity'] }] }]);
    const d = stats.decide({ recipient: M.researcher, purpose: 'statistics', role: 'case-worker', consents: [consent([{ type: 'permit' }], { decision: 'permit' })], now: NOW, crossBorder: false });
    expect(d.fields.every((f) => f.action === 'withhold')).toBe(true);
    expect(decision(d, '/sections/person/pregnant').reason).toBe('SPECIAL_CATEGORY_STATISTICS');
    expect(decision(d, '/sections/needs/*/origin').reason).toBe('STATISTICS_AGGREGATE_ONLY');
  });

  it('an administrator sees the envelope and no case data', () => {
    const all = consent([{ type: 'permit', actors: [{ member: 'RS/NGO/ATINA' }] }]);
    const d = policy.decide({ recipient: M.shelter, controller: M.cptv, purpose: 'assistance', role: 'admin', consents: [all], now: NOW, crossBorder: false });
    expect(decision(d, '/id').action).toBe('release');
    expect(decision(d, '/sections/needs/*/category')).toMatchObject({ action: 'withhold', reason: 'ROLE_NOT_ALLOWED' });
  });

  it('a general service gets "vulnerable person", an age band and a region', () => {
    const c = consent([{ type: 'permit', actors: [{ agencyType: 'social-work-centre' }], purposes: ['assistance'], fieldGroups: ['identity', 'date-of-birth', 'location', 'trafficking-status', 'needs'] }]);
    const d = policy.decide({ recipient: M.csr, controller: M.cptv, purpose: 'assistance', role: 'case-worker', consents: [c], now: NOW, crossBorder: false });
    const out = applyDecisions(fullReferral, d, { subjectPseudonym: 'p-test-pseudonym' });
    const person = out.document.sections.person;
    expect(person.dateOfBirth).toBeUndefined();
    expect(person.ageBand).toBe('25-29');
    expect(out.transformed).toContainEqual({ pointer: '/sections/person/ageBand', served: '/sections/person/ageBand', transform: 'age-band' });
    expect(out.document.subject).toBe('p-test-pseudonym');
    expect(Object.keys(person.currentAddress).every((k) => k === 'region' || k === 'country')).toBe(true);
    expect(out.transformed).toContainEqual({ pointer: '/sections/person/currentAddress', served: '/sections/person/currentAddress', transform: 'region' });
    // "Vulnerable person" is served in its own field; an identification of which nothing else may be served is absent.
    for (const i of out.document.sections.identifications ?? []) expect(i.status).toBeUndefined();
    if (fullReferral.sections.identifications?.length) expect(person.vulnerabilityLabel).toBe('vulnerable-person');
    expect(out.document.sections.traffickingEpisodes).toBeUndefined();
    expect(JSON.stringify(out.withheld)).not.toContain(fullReferral.sections.person.familyName ?? '@@');
  });
});
