/**
 * Properties of consent-record projections, minors and the firewall, over generated nested consents,
 * grantors, children's views and broad clauses: for every recipient, what it gets never depends on
 * what it may not see, a child's requirement is never met by the wrong grantor, and a broad clause
 * never carries one side's data to the other.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkAgreements, compile, fieldModel, type ActorMatch, type ConsentProvision, type ConsentRecord, type DataSharingAgreement, type PolicyActor } from '../../gateway/policy/index.ts';
import { projectConsent } from '../../gateway/policy/consent-view.ts';
import { actorMatches } from '../../gateway/policy/match.ts';
import { loadSpec } from '../../lib/spec/load.ts';
import { M, NOW, nonEmpty } from './helpers.ts';
import type * as Spec from '../../schema/generated/nrx.d.ts';

const spec = loadSpec();
const model = fieldModel(spec);
const RECIPIENTS = [M.shelter, M.police, M.csr, M.clinic, M.cptv];
const GROUPS = [...model.groupCodes];
const SIDES = model.file.firewall!.sides;

const actorMatch = fc.oneof(
  fc.constantFrom(...RECIPIENTS).map((m) => ({ member: m.id })),
  fc.constantFrom(...RECIPIENTS).map((m) => ({ agencyType: m.agencyType })),
  fc.constantFrom('RS', 'MD').map((country) => ({ country })),
) as fc.Arbitrary<ActorMatch>;
const provision = (depth: number): fc.Arbitrary<ConsentProvision> =>
  fc.record({
    type: fc.constantFrom('permit' as const, 'deny' as const),
    actors: fc.option(fc.array(actorMatch, { minLength: 1, maxLength: 3 }), { nil: undefined }),
    purposes: fc.option(fc.subarray(['assistance', 'child-protection', 'criminal-justice'] as Spec.Purpose[], { minLength: 1 }), { nil: undefined }),
    fieldGroups: fc.option(fc.subarray(GROUPS as Spec.FieldGroup[], { minLength: 1, maxLength: 4 }), { nil: undefined }),
    provisions: depth > 0 ? fc.option(fc.array(provision(depth - 1), { minLength: 1, maxLength: 2 }), { nil: undefined }) : fc.constant(undefined),
  }).map((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as unknown as ConsentProvision);

/** The parts of a record a recipient may never see: who gave it, the child's view and words, how it was taken. */
const privateParts = fc.record({
  grantor: fc.oneof(fc.constant({ type: 'self' as const }), fc.record({ type: fc.constantFrom('guardian' as const, 'legal-representative' as const), relationship: fc.constantFrom('mother', 'aunt', 'court-appointed representative') })),
  childView: fc.option(fc.record({ view: fc.constantFrom('agrees' as const, 'disagrees' as const, 'not-asked' as const), inHerWords: fc.record({ text: fc.string({ minLength: 1, maxLength: 30 }) }) }), { nil: undefined }),
  method: fc.constantFrom('written' as const, 'oral' as const),
  recordedBy: fc.constantFrom(...RECIPIENTS).map((m) => ({ member: m.id })),
  copyGiven: fc.boolean(),
});

const record = (id: string, provisions: ConsentProvision[], parts: Record<string, unknown>): Spec.ConsentRecord => ({
  kind: 'consent-record', specVersion: '1.0.0', id, subject: 'rs-cptv-7f3k2m9q', decision: 'deny', state: 'active', given: '2026-03-01T10:00:00Z',
  ...(provisions.length ? { provisions: nonEmpty(provisions) } : {}), ...parts,
} as Spec.ConsentRecord);

/** A provision list with provisions about other members put in at generated places. */
function interleave(own: ConsentProvision[], others: ConsentProvision[], at: number[]): ConsentProvision[] {
  const out = [...own];
  others.forEach((p, i) => out.splice(Math.min(at[i] ?? 0, out.length), 0, p));
  return out;
}

describe('consent-record projections', () => {
  it('are identical for two records that differ only in what the recipient may not see', () => {
    fc.assert(fc.property(
      fc.constantFrom(...RECIPIENTS), fc.array(provision(2), { maxLength: 3 }), fc.array(provision(2), { maxLength: 3 }), fc.array(provision(2), { maxLength: 3 }),
      fc.array(fc.nat(5), { maxLength: 3 }), fc.array(fc.nat(5), { maxLength: 3 }), privateParts, privateParts,
      (recipient, candidates, othersA, othersB, atA, atB, partsA, partsB) => {
        const about = (p: ConsentProvision) => p.actors === undefined || p.actors.some((a) => actorMatches(a, recipient));
        const own = candidates.filter(about);
        // Provisions about other members only; their nested exceptions and other members' actor entries differ freely.
        const other = (list: ConsentProvision[]) => list.filter((p) => !about(p));
        const a = projectConsent(record('c-1', interleave(own, other(othersA), atA), partsA), recipient, 'shown');
        const b = projectConsent(record('c-1', interleave(own, other(othersB), atB), partsB), recipient, 'shown');
        expect(JSON.stringify(a.document)).toBe(JSON.stringify(b.document));
        // Nothing private is ever in the projection.
        for (const key of ['grantor', 'childView', 'method', 'recordedBy', 'copyGiven']) expect(a.document).not.toHaveProperty(key);
        // Every actor entry served names a match for the recipient itself.
        const actors = (list: ConsentProvision[] | undefined): ActorMatch[] => (list ?? []).flatMap((p) => [...(p.actors ?? []), ...actors(p.provisions)]);
        for (const entry of actors(a.document.provisions as ConsentProvision[] | undefined)) expect(actorMatches(entry, recipient)).toBe(true);
        // The trail names the parts kept back.
        if (partsA.childView) expect(a.withheld).toContain('/childView');
        expect(a.withheld).toContain('/grantor');
      },
    ), { numRuns: 300 });
  });
});

const clauseFor = (minorConsent: ('guardian' | 'child-view')[] | undefined): DataSharingAgreement => ({
  kind: 'data-sharing-agreement', specVersion: '1.0.0', id: 'minors', version: '1.0.0', title: 'Minors', parties: [{ country: 'RS' }], validPeriod: { start: '2025-01-01' },
  clauses: [{ id: 'C', purpose: 'child-protection', to: [{ member: M.csr.id }], fieldGroups: ['identity', 'date-of-birth', 'needs'], ...(minorConsent ? { minorConsent: nonEmpty(minorConsent) } : {}) }],
});
interface GrantedRecord {
  grantor: 'self' | 'guardian' | 'legal-representative';
  view: Spec.ChildView | undefined;
  words: string;
  relationship: string;
  provisions: ConsentProvision[];
  base: 'permit' | 'deny';
}
const grantedRecord: fc.Arbitrary<GrantedRecord> = fc.record({
  grantor: fc.constantFrom('self' as const, 'guardian' as const, 'legal-representative' as const),
  view: fc.option(fc.constantFrom('agrees' as const, 'disagrees' as const, 'not-asked' as const, 'unable-to-express' as const), { nil: undefined }),
  words: fc.string({ maxLength: 20 }),
  relationship: fc.constantFrom('mother', 'father', 'aunt'),
  provisions: fc.array(provision(2), { minLength: 1, maxLength: 3 }),
  base: fc.constantFrom('permit' as const, 'deny' as const),
});

describe('a minor\'s consents', () => {
  let versions = 0;
  // The engine caches decisions by the records' ids and states, so each run's records get ids of their own.
  let ids = 0;
  const records = (list: GrantedRecord[], withWords: boolean, first: number): ConsentRecord[] => list.map((r, i) => ({
    kind: 'consent-record', id: `00000000-0000-4000-8000-${String(first + i).padStart(12, '0')}`, subject: 'rs-cptv-7f3k2m9q', decision: r.base, state: 'active',
    given: '2026-03-01T10:00:00Z', provisions: nonEmpty(r.provisions),
    grantor: r.grantor === 'self' ? { type: 'self' } : { type: r.grantor, ...(withWords ? { relationship: r.relationship } : {}) },
    ...(r.view ? { childView: { view: r.view, ...(withWords && r.words ? { inHerWords: { text: r.words } } : {}) } } : {}),
  }));

  it('release what a clause needs for a child only on the grantors it names, and never read the child\'s words or the relationship', () => {
    const policies = { guardian: compile([clauseFor(['guardian'])], { spec }), both: compile([clauseFor(['guardian', 'child-view'])], { spec }), none: compile([clauseFor(undefined)], { spec }) };
    fc.assert(fc.property(fc.array(grantedRecord, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.constantFrom('guardian', 'both', 'none') as fc.Arbitrary<keyof typeof policies>, (list, minor, which) => {
      const first = (ids += 10);
      const consents = records(list, true, first);
      const byId = new Map(consents.map((c) => [c.id, c]));
      const request = { recipient: M.csr, purpose: 'child-protection', role: 'case-worker', now: NOW, crossBorder: false, minor };
      const d = policies[which].decide({ ...request, consents });
      const plain = policies[which].decide({ ...request, consents: records(list, false, first), consentSetVersion: `without-words-${versions++}` });
      for (const f of d.fields) {
        expect(plain.byPointer.get(f.pointer)!.action).toBe(f.action);
        if (f.action === 'withhold' || !f.basis?.consent) continue;
        const used = (f.basis.consents ?? [f.basis.consent]).map((c) => byId.get(c.id)!);
        const guardian = used.some((c) => c.grantor?.type === 'guardian' || c.grantor?.type === 'legal-representative');
        const child = used.some((c) => c.grantor?.type === 'self' || c.childView?.view === 'agrees');
        if (minor && which !== 'none') expect(guardian, f.pointer).toBe(true);
        if (minor && which === 'both') expect(child, f.pointer).toBe(true);
      }
    }), { numRuns: 120 });
  });
});

describe('the firewall', () => {
  const broad = fc.oneof(fc.constant({ country: 'RS' }), fc.constant({ memberClass: 'GOV' }), fc.constant({ country: 'RS', memberClass: 'GOV' }), fc.constant({ memberClass: 'NGO' }));
  it('a clause that does not name the recipient or its agency type never carries one side\'s data to the other side', () => {
    fc.assert(fc.property(fc.array(fc.record({ to: fc.array(broad, { minLength: 1, maxLength: 2 }), fieldGroups: fc.subarray(GROUPS as Spec.FieldGroup[], { minLength: 1, maxLength: 10 }) }), { minLength: 1, maxLength: 3 }),
      fc.constantFrom(M.police, M.shelter, M.csr, M.clinic) as fc.Arbitrary<PolicyActor>, (clauses, recipient) => {
        const agreement: DataSharingAgreement = {
          kind: 'data-sharing-agreement', specVersion: '1.0.0', id: 'broad', version: '1.0.0', title: 'Broad', parties: [{ country: 'RS' }], validPeriod: { start: '2025-01-01' },
          clauses: nonEmpty(clauses.map((c, i) => ({ id: `B${i}`, purpose: 'assistance' as const, to: nonEmpty(c.to), fieldGroups: nonEmpty(c.fieldGroups), requiresConsent: false, legalBasis: 'vital-interest' as const }))),
        };
        const consents = [{ kind: 'consent-record', id: '00000000-0000-4000-8000-000000000001', subject: 's', decision: 'permit', state: 'active', given: '2026-01-01T00:00:00Z' } as ConsentRecord];
        const d = compile([agreement], { spec }).decide({ recipient, purpose: 'assistance', role: 'case-worker', consents, now: NOW, crossBorder: false });
        const ownSides = Object.entries(SIDES).filter(([, s]) => s.agencyTypes.includes(recipient.agencyType)).map(([n]) => n);
        const foreign = Object.entries(SIDES).filter(([n]) => ownSides.length && !ownSides.includes(n)).flatMap(([, s]) => s.groups);
        for (const f of model.fields) {
          if (f.envelope || f.children.length) continue;
          if ([...f.groups].some((g) => foreign.includes(g))) expect(d.byPointer.get(f.pointer)!.action, `${recipient.agencyType} ${f.pointer}`).toBe('withhold');
        }
      }), { numRuns: 150 });
  });
});

describe('nrx policy check', () => {
  const agreementWith = (to: ActorMatch[], fieldGroups: Spec.FieldGroup[]): DataSharingAgreement => ({
    kind: 'data-sharing-agreement', specVersion: '1.0.0', id: 'check-firewall', version: '1.0.0', title: 'Check', parties: [{ country: 'RS' }], validPeriod: { start: '2025-01-01' },
    clauses: [{ id: '1', purpose: 'criminal-justice', to: nonEmpty(to), fieldGroups: nonEmpty(fieldGroups) }],
  });
  it('flags a broad clause that would carry one side\'s data across the firewall, and not one that names the agency type', () => {
    const broad = checkAgreements([agreementWith([{ country: 'RS', memberClass: 'GOV' }], ['identity', 'needs'])], spec);
    expect(broad.map((f) => f.code)).toContain('FIREWALL_BROAD_CLAUSE');
    expect(broad.find((f) => f.code === 'FIREWALL_BROAD_CLAUSE')!.message).toMatch(/assistance data .* justice members/);
    expect(checkAgreements([agreementWith([{ agencyType: 'police' }], ['identity', 'needs'])], spec).map((f) => f.code)).not.toContain('FIREWALL_BROAD_CLAUSE');
    expect(checkAgreements([agreementWith([{ country: 'RS' }], ['identity'])], spec).map((f) => f.code)).not.toContain('FIREWALL_BROAD_CLAUSE');
  });
});
