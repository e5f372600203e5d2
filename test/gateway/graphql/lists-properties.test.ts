/**
 * Property: for every scenario recipient, two referrals that differ only in what the recipient may
 * not see (list items of a tier it is not allowed, in any number and at any place) give
 * byte-identical GraphQL responses and the same filter matches, and the audit trail names every
 * withheld part of what was served. Documents mix tiers in lists of codes and of objects, and carry
 * values that transforms generalise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEMO_AGREEMENT_SOURCES } from '../../../gateway/demo/files.ts';
import { auditPath } from '../../../gateway/audit/disclosures.ts';
import { readAgreements } from '../../../gateway/policy/agreements.ts';
import { agreementFilesIn } from '../../../gateway/policy/setup.ts';
import { compile, createViewBuilder, type ViewBuilder } from '../../../gateway/policy/index.ts';
import type { Principal } from '../../../gateway/auth/types.ts';
import { loadSpec } from '../../../lib/spec/load.ts';
import { CONSENT, SUBMIT, consentDoc, referralDoc, startScenario, type Scenario } from '../../scenarios/federation.ts';

/** Every member a referral from the coordinating body may reach, with the purpose it is sent for. */
const RECIPIENTS = [
  ['RS/NGO/ATINA', 'assistance'], ['RS/GOV/CSR-BG', 'assistance'], ['RS/GOV/CSR-BG', 'child-protection'],
  ['RS/GOV/POLICE', 'criminal-justice'], ['RS/GOV/POLICE', 'mandatory-crime-notification'], ['RS/GOV/MUP-STRANCI', 'residence-immigration'],
  ['MD/GOV/CNPTV', 'return-reintegration'], ['AT/NGO/LEFOE', 'referral'], ['RS/GOV/KBC-NS', 'assistance'],
] as const;
const SERVICES = ['economic.material-aid', 'psychological.therapy', 'accommodation.open', 'medical.addiction-treatment', 'legal-administrative.civil-matters', 'medical.sti-hiv-testing', 'education-training.schooling'];
/** What her consent always allows (so that lists are decided item by item), and what it may add. */
const GROUPS = ['identity', 'date-of-birth', 'needs', 'assistance', 'trafficking-status'];
const MORE_GROUPS = ['health', 'identification', 'narrative'];
const NEED_IDS = Array.from({ length: 6 }, (_, i) => `6f1c2a9e-3b7d-4e21-9c55-0a8b7d6e5f4${i}`);

const document = fc.record({
  requestedServices: fc.shuffledSubarray(SERVICES),
  needs: fc.array(fc.constantFrom(...SERVICES), { minLength: 1, maxLength: 5 }).map((cats) => cats.map((category, i) => ({ id: NEED_IDS[i]!, category, origin: 'trafficking-related', beneficiary: 'person', status: 'open' }))),
  dateOfBirth: fc.date({ min: new Date('1950-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  identifications: fc.array(fc.constantFrom('potential', 'presumed', 'identified'), { maxLength: 2 }).map((statuses) => statuses.map((status, i) => ({
    id: NEED_IDS[i]!, status, stage: 'preliminary', issuer: 'RS/GOV/CPTV', issuerType: 'state-coordinating-body',
  }))),
  consentGroups: fc.option(fc.subarray(MORE_GROUPS).map((more) => [...GROUPS, ...more]), { nil: undefined, freq: 6 }),
});
type Generated = typeof document extends fc.Arbitrary<infer T> ? T : never;

const READ = `query($id: ID!) { referral(id: $id) { document { requestedServices sections {
  person { givenName dateOfBirth ageBand minor vulnerabilityLabel }
  needs { id category status } identifications { id status issuerType } } } } }`;

let s: Scenario;
let cptv: string;
let officer: string;
let views: ViewBuilder;
let next = 0;

beforeAll(async () => {
  s = await startScenario();
  cptv = await s.token('RS/GOV/CPTV', 'referral');
  officer = await s.token('RS/GOV/CPTV', 'referral', 'dpo');
  const spec = loadSpec();
  // The same agreements and consents the gateway decides with, to know what each recipient may not see.
  views = createViewBuilder({
    policy: compile(readAgreements(DEMO_AGREEMENT_SOURCES.flatMap(agreementFilesIn), spec), { spec }),
    members: s.gateway.trustList.members, country: 'RS', pseudonymKey: 'k'.repeat(32),
    consentsFor: (subject) => s.gateway.store.consents.forSubject(subject),
  });
}, 120_000);
afterAll(() => s?.stop());

const sectionsOf = (g: Generated, keep: (pointer: string) => boolean) => {
  const needs = g.needs.filter((_, i) => keep(`/sections/needs/${i}`));
  const identifications = g.identifications.filter((_, i) => keep(`/sections/identifications/${i}`));
  return {
    person: { givenName: 'Vesna', dateOfBirth: g.dateOfBirth },
    ...(needs.length ? { needs } : {}),
    ...(identifications.length ? { identifications } : {}),
  };
};

describe.each(RECIPIENTS)('%s (%s)', (recipient, purpose) => {
  it('answers the same whatever it may not see, and the audit names every withheld part', async () => {
    const token = await s.token(recipient, purpose);
    const principal = { member: s.gateway.trustList.members.get(recipient)!, user: 'scenario-user', purpose, role: 'case-worker', expiresAt: new Date(Date.now() + 600_000) } as Principal;
    await fc.assert(fc.asyncProperty(document, async (g) => {
      const subject = `rs-cptv-pq${String(++next).padStart(6, '0')}`;
      if (g.consentGroups) await s.must(cptv, CONSENT, { d: consentDoc(subject, 'RS/GOV/CPTV', [{ type: 'permit', actors: [{ member: recipient }], purposes: [purpose], fieldGroups: g.consentGroups }]) });
      const services = (keep: (p: string) => boolean) => {
        const kept = g.requestedServices.filter((_, i) => keep(`/requestedServices/${i}`));
        return kept.length ? { requestedServices: kept } : {};
      };
      const full = referralDoc('RS/GOV/CPTV', recipient, purpose, subject, sectionsOf(g, () => true), services(() => true));
      const view = await views.view(principal, views.referral({ id: String(full.id), sender: 'RS/GOV/CPTV', subject, document: full }));
      // The same referral without the list items it may not see.
      const hidden = new Set(view.withheld.map((w) => w.pointer));
      const visible = (pointer: string) => !hidden.has(pointer);
      const reduced = referralDoc('RS/GOV/CPTV', recipient, purpose, subject, sectionsOf(g, visible), services(visible));
      await s.must(cptv, SUBMIT, { d: full });
      await s.must(cptv, SUBMIT, { d: reduced });

      const [a, b] = [await s.graphql(token, READ, { id: full.id }), await s.graphql(token, READ, { id: reduced.id })];
      expect(a.errors).toBeUndefined();
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));

      // Filters over every code the documents could hold: both referrals match, or neither.
      const conditions = SERVICES.flatMap((code, i) => [
        `s${i}: referralsReceived(first: 2, filter: { subject: $subject, where: [{ pointer: "/requestedServices", equals: "${code}" }] }) { edges { node { id } } }`,
        `n${i}: referralsReceived(first: 2, filter: { subject: $subject, where: [{ pointer: "/sections/needs/category", equals: "${code}" }] }) { edges { node { id } } }`,
      ]);
      const shown = (await s.graphql(token, `query($id: ID!) { referral(id: $id) { subject } }`, { id: full.id })).data?.referral?.subject;
      if (shown) {
        // A recipient with no per-person access for the purpose may not select by attribute at all (a
        // bulk request): refused alike, whatever the documents hold.
        const answer = await s.graphql(token, `query($subject: String) { ${conditions.join('\n')} }`, { subject: shown });
        if (answer.errors) expect(new Set(answer.errors.map((e: any) => e.extensions?.reason))).toEqual(new Set(['BULK_REQUEST_REFUSED']));
        else for (const [alias, list] of Object.entries(answer.data)) expect([0, 2], alias).toContain((list as any).edges.length);
      }

      // Every withheld part of the full referral is in the trail, by path and reason.
      const trail = (await s.must(officer, `query($s: String!, $r: String!) { auditDisclosures(subject: $s, recipient: $r) { fields { path decision reason } } }`, { s: subject, r: recipient })).auditDisclosures;
      const recorded = new Set(trail.flatMap((e: any) => e.fields).filter((f: any) => f.decision === 'withheld').map((f: any) => `${f.path}|${f.reason}`));
      for (const w of view.withheld) expect(recorded, w.pointer).toContain(`${auditPath('referral', w.pointer)}|${w.reason}`);
    }), { numRuns: 8, seed: 1604 });
  }, 120_000);
});
