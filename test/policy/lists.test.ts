/** The view builder's lists: each item decided with its own tier, kept without gaps, and a property over random consents. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyDecisions, compile, type ConsentProvision } from '../../gateway/policy/index.ts';
import { M, NOW, consent, exampleAgreements, fullReferral } from './helpers.ts';

const policy = compile(exampleAgreements);
const SERVICES = ['economic.material-aid', 'psychological.therapy', 'accommodation.open', 'medical.addiction-treatment', 'legal-administrative.civil-matters'];
const needOf = (category: string, i: number) => ({ id: `n${i}`, category, origin: 'trafficking-related', beneficiary: 'person', status: 'open' });
/** Her permission for one member, purpose and some field groups (the generated type wants a non-empty tuple of codes). */
const permit = (member: string, purpose: string, fieldGroups: readonly string[]) => ({ type: 'permit', actors: [{ member }], purposes: [purpose], fieldGroups }) as unknown as ConsentProvision;
const shelterWith = (fieldGroups: string[]) =>
  policy.decide({ recipient: M.shelter, controller: M.cptv, purpose: 'assistance', role: 'case-worker', consents: [consent([permit(M.shelter.id, 'assistance', fieldGroups)])], now: NOW, crossBorder: false });

describe('a list of codes', () => {
  it('loses only the codes of a tier the recipient may not see, and says where they stood in the record', () => {
    const doc = { kind: 'referral', requestedServices: ['economic.material-aid', 'psychological.therapy', 'accommodation.open'], sections: { needs: [needOf('medical.addiction-treatment', 0), needOf('economic.rent', 1)] } };
    const out = applyDecisions(doc, shelterWith(['needs', 'assistance']));
    expect(out.document.requestedServices).toEqual(['economic.material-aid', 'accommodation.open']);
    expect(out.document.sections.needs).toEqual([needOf('economic.rent', 1)]);
    expect(out.withheld).toEqual(expect.arrayContaining([
      { pointer: '/requestedServices/1', reason: 'NO_CONSENT', valueTier: 'special-health' },
      { pointer: '/sections/needs/0', reason: 'NO_CONSENT', valueTier: 'special-health' },
    ]));
    expect(out.valueTiers).toEqual(new Map([['/requestedServices/1', 'special-health'], ['/sections/needs/0', 'special-health']]));
    expect(out.positions.get(out.document.requestedServices)).toEqual([0, 2]);
    expect(out.positions.get(out.document.sections.needs)).toEqual([1]);
  });

  it('is served whole to a recipient allowed the tier', () => {
    const doc = { kind: 'referral', requestedServices: ['economic.material-aid', 'psychological.therapy'] };
    const out = applyDecisions(doc, shelterWith(['needs', 'assistance', 'health']));
    expect(out.document.requestedServices).toEqual(doc.requestedServices);
    expect(out.positions.get(out.document.requestedServices)).toBeUndefined();
  });
});

const RECIPIENTS = [[M.shelter, 'assistance'], [M.csr, 'assistance'], [M.csr, 'child-protection'], [M.mdBody, 'return-reintegration'], [M.police, 'criminal-justice'], [M.lefoe, 'referral']] as const;
const sample = fc.record({
  to: fc.constantFrom(...RECIPIENTS),
  services: fc.shuffledSubarray(SERVICES),
  needs: fc.array(fc.constantFrom(...SERVICES), { maxLength: 4 }),
  groups: fc.subarray(['identity', 'date-of-birth', 'needs', 'assistance', 'health', 'trafficking-status', 'identification', 'narrative'], { minLength: 1 }),
});

describe('property: for each recipient, what it may not see changes nothing it is served', () => {
  it('the filtered document is the same with or without the list items withheld, and every one is reported', () => {
    fc.assert(fc.property(sample, ({ to: [recipient, purpose], services, needs, groups }) => {
      const decisions = policy.decide({
        recipient, controller: M.cptv, purpose, role: 'case-worker', now: NOW, crossBorder: recipient.country !== 'RS',
        consents: [consent([permit(recipient.id, purpose, groups)])],
      });
      const build = (keep: (pointer: string) => boolean) => {
        const requestedServices = services.filter((_, i) => keep(`/requestedServices/${i}`));
        const kept = needs.map(needOf).filter((_, i) => keep(`/sections/needs/${i}`));
        return { ...fullReferral, ...(requestedServices.length ? { requestedServices } : { requestedServices: undefined }), sections: { ...fullReferral.sections, needs: kept } };
      };
      const full = applyDecisions(build(() => true), decisions);
      const hidden = new Set(full.withheld.map((w) => w.pointer));
      const reduced = applyDecisions(build((p) => !hidden.has(p)), decisions);
      expect(JSON.stringify(reduced.document)).toBe(JSON.stringify(full.document));
      services.forEach((code, i) => {
        const shown = (full.document.requestedServices as string[] | undefined)?.includes(code) ?? false;
        expect(shown || hidden.has(`/requestedServices/${i}`) || hidden.has('/requestedServices')).toBe(true);
      });
    }), { numRuns: 200, seed: 16 });
  });
});

describe('a list withheld as a whole', () => {
  it('still serves the codes of a tier the clause grants on its own', () => {
    const local = compile([{
      kind: 'data-sharing-agreement', specVersion: '1.0.0', id: 'health-only', version: '1.0.0', title: 'Health only', parties: [{ country: 'RS' }], validPeriod: { start: '2025-01-01' },
      clauses: [{ id: '1', purpose: 'assistance', from: [{ member: M.cptv.id }], to: [{ member: M.clinic.id }], fieldGroups: ['health'] }],
    }]);
    const decide = (groups: string[]) => local.decide({ recipient: M.clinic, controller: M.cptv, purpose: 'assistance', role: 'case-worker', now: NOW, crossBorder: false, consents: [consent([permit(M.clinic.id, 'assistance', groups)])] });
    const doc = { kind: 'referral', requestedServices: ['economic.material-aid', 'medical.addiction-treatment', 'accommodation.open'] };
    const out = applyDecisions(doc, decide(['health']));
    expect(out.document.requestedServices).toEqual(['medical.addiction-treatment']);
    expect(out.withheld.map((w) => w.pointer)).toEqual(['/requestedServices/0', '/requestedServices/2']);
    // Nothing of it granted: one entry for the list, as for any withheld field.
    const none = applyDecisions(doc, decide(['identity']));
    expect(none.document.requestedServices).toBeUndefined();
    expect(none.withheld).toEqual([{ pointer: '/requestedServices', reason: 'AGREEMENT_EXCLUDES' }]);
    expect(none.valueTiers.size).toBe(0);
  });
});

describe('transforms in list items', () => {
  it("a dependant's date of birth is served as the dependant's own age band, and the dependant is kept", () => {
    const local = compile([{
      kind: 'data-sharing-agreement', specVersion: '1.0.0', id: 'dependants-banded', version: '1.0.0', title: 'Dependants by age band', parties: [{ country: 'RS' }], validPeriod: { start: '2025-01-01' },
      clauses: [{ id: '1', purpose: 'assistance', from: [{ member: M.cptv.id }], to: [{ member: M.csr.id }], fieldGroups: ['dependants', 'family'], transforms: [{ fieldGroups: ['dependants'], use: ['age-band'] }] }],
    }]);
    const csr = local.decide({
      recipient: M.csr, controller: M.cptv, purpose: 'assistance', role: 'case-worker', now: NOW, crossBorder: false,
      consents: [consent([permit(M.csr.id, 'assistance', ['dependants', 'family'])])],
    });
    const doc = { kind: 'referral', sections: { dependants: [{ dateOfBirth: '2019-03-01' }, { dateOfBirth: '2001-07-15' }] } };
    const out = applyDecisions(doc, csr);
    expect(out.document.sections.dependants).toEqual([{ ageBand: '5-9' }, { ageBand: '20-24' }]);
    expect(out.transformed).toContainEqual({ pointer: '/sections/dependants/1/ageBand', served: '/sections/dependants/1/ageBand', transform: 'age-band' });
  });
});
