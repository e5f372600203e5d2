/**
 * Minimum necessary in lists, transforms and the audit of withheld parts, through the public API
 * with real tokens: a list holding a special-category item, filters over it, what the officer finds
 * under "health", and transforms served in the fields the spec names for them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT, SUBMIT, consentDoc, referralDoc, startScenario, type Scenario } from '../../scenarios/federation.ts';

const SHARED_NEED = '6f1c2a9e-3b7d-4e21-9c55-0a8b7d6e5f41';
const need = (category: string, id: string = crypto.randomUUID()) => ({ id, category, origin: 'trafficking-related', beneficiary: 'person', status: 'open' });
const SHELTER = 'RS/NGO/ATINA';
const CSR = 'RS/GOV/CSR-BG';

let s: Scenario;
let cptv: string;
let shelter: string;
let officer: string;
const ids: Record<string, string> = {};

/** A referral from the coordinating body to `recipient` about `subject`, whose consent lets `recipient` see `groups`. */
async function send(name: string, subject: string, recipient: string, groups: string[], sections: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  await s.must(cptv, CONSENT, { d: consentDoc(subject, 'RS/GOV/CPTV', [{ type: 'permit', actors: [{ member: recipient }], purposes: ['assistance'], fieldGroups: groups }]) });
  const doc = referralDoc('RS/GOV/CPTV', recipient, 'assistance', subject, sections, extra);
  await s.must(cptv, SUBMIT, { d: doc });
  ids[name] = String(doc.id);
}

beforeAll(async () => {
  s = await startScenario();
  cptv = await s.token('RS/GOV/CPTV', 'referral');
  shelter = await s.token(SHELTER, 'assistance');
  officer = await s.token('RS/GOV/CPTV', 'referral', 'dpo');
  const noHealth = ['identity', 'needs', 'assistance'];
  // The same referral twice, once with a health service and an addiction-treatment need among the items.
  await send('withHealth', 'rs-cptv-lists0001', SHELTER, noHealth,
    { needs: [need('medical.addiction-treatment'), need('economic.rent', SHARED_NEED)] },
    { requestedServices: ['economic.material-aid', 'psychological.therapy', 'accommodation.open'] });
  await send('withoutHealth', 'rs-cptv-lists0002', SHELTER, noHealth,
    { needs: [need('economic.rent', SHARED_NEED)] },
    { requestedServices: ['economic.material-aid', 'accommodation.open'] });
  await send('healthAllowed', 'rs-cptv-lists0003', SHELTER, [...noHealth, 'health'],
    { needs: [need('medical.addiction-treatment')] },
    { requestedServices: ['economic.material-aid', 'psychological.therapy'] });
  await send('transformed', 'rs-cptv-lists0004', CSR, ['identity', 'date-of-birth', 'trafficking-status', 'needs'], {
    person: { givenName: 'Jelena', dateOfBirth: '1998-05-01' },
    identifications: [{ id: crypto.randomUUID(), status: 'presumed', stage: 'preliminary', issuer: 'RS/GOV/CPTV', issuerType: 'state-coordinating-body' }],
    needs: [need('economic.rent')],
  });
}, 120_000);
afterAll(() => s?.stop());

const READ_LISTS = `query($id: ID!) { referral(id: $id) { document { requestedServices sections { needs { id category status } } } } }`;

describe('a list is decided item by item', () => {
  it('serves the items the recipient may see; the response does not depend on the items it may not', async () => {
    const withHealth = await s.graphql(shelter, READ_LISTS, { id: ids.withHealth });
    const withoutHealth = await s.graphql(shelter, READ_LISTS, { id: ids.withoutHealth });
    expect(withHealth.errors).toBeUndefined();
    expect(withHealth.data.referral.document.requestedServices).toEqual(['economic.material-aid', 'accommodation.open']);
    expect(withHealth.data.referral.document.sections.needs).toEqual([{ id: SHARED_NEED, category: 'economic.rent', status: 'open' }]);
    // Byte for byte, data and extensions alike.
    expect(JSON.stringify(withHealth)).toBe(JSON.stringify(withoutHealth));
  });

  it('a recipient allowed the health group gets every item', async () => {
    const body = await s.graphql(shelter, READ_LISTS, { id: ids.healthAllowed });
    expect(body.data.referral.document.requestedServices).toEqual(['economic.material-aid', 'psychological.therapy']);
    expect(body.data.referral.document.sections.needs.map((n: any) => n.category)).toEqual(['medical.addiction-treatment']);
  });

  it('filters see only the caller\'s view', async () => {
    const received = async (pointer: string, equals: string) =>
      (await s.must(shelter, `query($w: [FieldCondition!]) { referralsReceived(first: 50, filter: { where: $w }) { edges { node { id } } } }`, { w: [{ pointer, equals }] }))
        .referralsReceived.edges.map((e: any) => e.node.id).filter((id: string) => id === ids.withHealth || id === ids.withoutHealth).sort();
    const both = [ids.withHealth!, ids.withoutHealth!].sort();
    expect(await received('/requestedServices', 'accommodation.open')).toEqual(both);
    expect(await received('/sections/needs/category', 'economic.rent')).toEqual(both);
    expect(await received('/requestedServices', 'psychological.therapy')).toEqual([]);
    expect(await received('/sections/needs/category', 'medical.addiction-treatment')).toEqual([]);
  });
});

describe('the audit records the withheld parts of every record served, by effective group', () => {
  const AUDIT = `query($s: String!, $g: FieldGroup) { auditDisclosures(subject: $s, fieldGroup: $g) { recipient fields { path decision fieldGroup reason } } }`;

  it('names withheld list items the query never asked for, under health', async () => {
    const before = await s.must(officer, AUDIT, { s: 'rs-cptv-lists0001', g: 'health' });
    // Only the envelope is asked for; the withheld health items are still recorded.
    await s.must(shelter, `query($id: ID!) { referral(id: $id) { document { purpose } } }`, { id: ids.withHealth });
    const after = (await s.must(officer, AUDIT, { s: 'rs-cptv-lists0001', g: 'health' })).auditDisclosures;
    expect(after.length).toBe(before.auditDisclosures.length + 1);
    const fields = after[0].fields;
    expect(after[0].recipient).toBe(SHELTER);
    expect(fields).toContainEqual({ path: 'referral.requestedServices[1]', decision: 'withheld', fieldGroup: 'health', reason: 'NO_CONSENT' });
    expect(fields).toContainEqual(expect.objectContaining({ path: 'referral.sections.needs[0]', decision: 'withheld', fieldGroup: 'health' }));
    // Paths, codes and reasons only: no value of hers.
    expect(JSON.stringify(after)).not.toContain('addiction');
    expect(JSON.stringify(after)).not.toContain('therapy');
  });

  it('finds a released health item under health, in the entries, the matrix and her access report', async () => {
    await s.must(shelter, READ_LISTS, { id: ids.healthAllowed });
    const entries = (await s.must(officer, AUDIT, { s: 'rs-cptv-lists0003', g: 'health' })).auditDisclosures;
    const fields = entries.flatMap((e: any) => e.fields);
    expect(fields).toContainEqual(expect.objectContaining({ path: 'referral.sections.needs[0].category', decision: 'released', fieldGroup: 'health' }));
    expect(fields).toContainEqual(expect.objectContaining({ path: 'referral.requestedServices[1]', decision: 'released', fieldGroup: 'health' }));
    const matrix = (await s.must(officer, `{ auditDisclosureMatrix { recipient fieldGroup released withheld } }`)).auditDisclosureMatrix;
    const cell = matrix.find((c: any) => c.recipient === SHELTER && c.fieldGroup === 'health');
    expect(cell.released).toBeGreaterThan(0);
    expect(cell.withheld).toBeGreaterThan(0);
    const report = (await s.must(officer, `{ subjectAccessReport(subject: "rs-cptv-lists0003", lang: "en") }`)).subjectAccessReport;
    expect(report).toContain(SHELTER);
    expect(report).toContain('your health');
  });
});

describe('transforms are served in the field the spec names', () => {
  it('an age band in ageBand, "vulnerable person" in its label field, and no empty identification', async () => {
    const csr = await s.token(CSR, 'assistance');
    const body = await s.graphql(csr, `query($id: ID!) { referral(id: $id) { document { sections {
      person { givenName dateOfBirth ageBand minor vulnerabilityLabel } identifications { status issuerType } } } } }`, { id: ids.transformed });
    expect(body.errors).toBeUndefined();
    const { person, identifications } = body.data.referral.document.sections;
    expect(person).toEqual({ givenName: 'Jelena', dateOfBirth: null, ageBand: '25-29', minor: null, vulnerabilityLabel: 'vulnerable-person' });
    expect(identifications).toBeNull();
    // Nothing is left beside the data: every transformed value has its field.
    expect(body.extensions?.nrx?.transformed).toBeUndefined();
    const audit = (await s.must(officer, `{ auditDisclosures(subject: "rs-cptv-lists0004") { fields { path decision } } }`)).auditDisclosures;
    const fields = audit.flatMap((e: any) => e.fields);
    expect(fields).toContainEqual(expect.objectContaining({ path: 'referral.sections.person.ageBand', decision: 'transformed' }));
    expect(fields).toContainEqual(expect.objectContaining({ path: 'referral.sections.person.vulnerabilityLabel', decision: 'transformed' }));
  });
});
