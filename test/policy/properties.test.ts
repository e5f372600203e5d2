import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compile, fieldModel, LEGAL_BASIS_TABLE, type ConsentProvision, type ConsentRecord, type DataSharingAgreement, type DecisionRequest, type Decisions, type PolicyField } from '../../gateway/policy/index.ts';
import { loadSpec } from '../../lib/spec/load.ts';
import { grants, scopeOf, touches, type FieldView } from '../../gateway/policy/scope.ts';
import { actorMatches } from '../../gateway/policy/match.ts';
import { M, NOW, nonEmpty } from './helpers.ts';

const spec = loadSpec();
const model = fieldModel(spec);
const GROUPS = [...model.groupCodes];
// A small world, so that random clauses, consents and requests often meet.
const PURPOSES = ['assistance', 'return-reintegration', 'mandatory-crime-notification', 'residence-immigration'];
const MEMBERS = [M.shelter, M.police, M.mdBody];
const BASES = LEGAL_BASIS_TABLE.map((b) => b.code);

const actorMatch = fc.oneof(
  fc.constantFrom(...MEMBERS).map((m) => ({ member: m.id })),
  fc.constantFrom(...MEMBERS).map((m) => ({ agencyType: m.agencyType })),
  fc.constantFrom('RS', 'MD').map((country) => ({ country })),
);
const groups = fc.subarray(GROUPS, { minLength: 1, maxLength: 8 });
const clause = fc.record({
  id: fc.constantFrom('1', '2', '3'),
  purpose: fc.constantFrom(...PURPOSES),
  to: fc.array(actorMatch, { minLength: 1, maxLength: 2 }),
  fieldGroups: groups,
  crossBorder: fc.boolean(),
  requiresConsent: fc.boolean().map((b) => b || undefined),
  legalBasis: fc.constantFrom(...BASES),
  acceptsLegalBases: fc.subarray(BASES, { minLength: 1 }),
  transforms: fc.option(fc.constant([{ fieldGroups: ['date-of-birth', 'location'], use: ['age-band', 'region'] }]), { nil: undefined }),
}).map((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as any);
const agreement = fc.array(clause, { minLength: 1, maxLength: 3 }).map((clauses): DataSharingAgreement => ({
  kind: 'data-sharing-agreement', specVersion: '1.0.0', id: 'random', version: '1.0.0', title: 'Random', parties: [{ country: 'RS' }], validPeriod: { start: '2025-01-01' }, clauses: nonEmpty(clauses),
}));
const leafProvision: fc.Arbitrary<ConsentProvision> = fc.record({
  type: fc.constantFrom('permit' as const, 'deny' as const),
  actors: fc.option(fc.array(actorMatch, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  purposes: fc.option(fc.subarray(PURPOSES, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  fieldGroups: fc.option(groups, { nil: undefined }),
}).map((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as unknown as ConsentProvision);
const provision = fc.tuple(leafProvision, fc.array(leafProvision, { maxLength: 2 })).map(([p, kids]) => (kids.length ? { ...p, provisions: kids } : p));
let seq = 0;
const record = fc.record({ decision: fc.constantFrom('permit' as const, 'deny' as const), provisions: fc.array(provision, { minLength: 1, maxLength: 3 }), provisional: fc.boolean() })
  .map(({ decision, provisions, provisional }): ConsentRecord => ({
    id: `00000000-0000-4000-9000-${String(++seq).padStart(12, '0')}`, decision, state: 'active', given: '2026-01-01T00:00:00Z', provisions: nonEmpty(provisions),
    ...(provisional ? { provisional: { reason: 'first-contact', confirmBy: '2026-12-31' } } : {}),
  }));
const request = fc.record({
  recipient: fc.constantFrom(...MEMBERS),
  purpose: fc.constantFrom(...PURPOSES),
  role: fc.constantFrom('case-worker', 'case-worker', 'supervisor', 'service', 'dpo', 'admin'),
  legalBasis: fc.option(fc.constantFrom(...BASES), { nil: undefined }),
  consents: fc.array(record, { maxLength: 3 }),
});
type Req = { recipient: (typeof MEMBERS)[number]; purpose: string; role: string; legalBasis?: string | undefined; consents: ConsentRecord[] };
const toRequest = (r: Req): DecisionRequest => ({ ...r, controller: M.cptv, now: NOW, crossBorder: r.recipient.country !== 'RS', ...(r.legalBasis ? { legalBasis: r.legalBasis } : {}) } as DecisionRequest);

const view = (f: PolicyField): FieldView => ({ plain: f.plain, tiers: f.tiers, groups: f.groups, valueTiers: [] });
const releasedData = (d: Decisions) => new Set(d.fields.filter((x) => x.action !== 'withhold' && model.fields[model.byPointer.get(x.pointer)!.index]!.children.length === 0 && !model.byPointer.get(x.pointer)!.envelope).map((x) => x.pointer));
const provisionApplies = (p: ConsentProvision, r: Req) => (!p.actors || p.actors.some((a) => actorMatches(a, r.recipient))) && (!p.purposes || p.purposes.some((code) => code === r.purpose));

/** An oracle written from the rules, independent of the engine's evaluation order. */
function consentAllows(f: PolicyField, r: Req): { permit: boolean; deny: boolean; named: boolean } {
  let permit = false;
  let deny = false;
  let named = false;
  const v = view(f);
  // FHIR style: an exception overrides the provision it is nested in; among the rest a deny wins.
  const outcome = (p: ConsentProvision): { type: 'permit' | 'deny'; named: boolean } | undefined => {
    if (!provisionApplies(p, r)) return undefined;
    const s = scopeOf(p);
    if (!touches(s, v)) return undefined;
    const inner = (p.provisions ?? []).map(outcome).filter((o) => o !== undefined);
    const innerDeny = inner.find((o) => o.type === 'deny');
    if (innerDeny) return innerDeny;
    if (inner.length) return inner[0];
    if (p.type === 'deny') return { type: 'deny', named: false };
    return grants(s, v, model) ? { type: 'permit', named: p.actors?.some((a) => a.member === r.recipient.id) ?? false } : undefined;
  };
  for (const rec of r.consents) {
    const outcomes = (rec.provisions ?? []).map(outcome).filter((o) => o !== undefined);
    if (outcomes.some((o) => o.type === 'deny')) deny = true;
    for (const o of outcomes) if (o.type === 'permit') { permit = true; named ||= o.named; }
    if (!outcomes.length && rec.decision === 'permit' && !rec.provisional) permit = true;
  }
  return { permit, deny, named };
}

describe('policy properties', () => {
  it('releases a field only when a clause allows it, consent or a legal basis covers it, and the border and role rules pass', () => {
    fc.assert(fc.property(agreement, request, (a, r) => {
      const policy = compile([a], { spec });
      const d = policy.decide(toRequest(r));
      for (const pointer of releasedData(d)) {
        const f = model.byPointer.get(pointer)!;
        const dec = d.byPointer.get(pointer)!;
        if (dec.via) continue;
        expect(['case-worker', 'supervisor', 'service']).toContain(r.role);
        expect(r.purpose).not.toBe('statistics');
        const crossBorder = r.recipient.country !== 'RS';
        const clauses = a.clauses.filter((c) => c.purpose === r.purpose && c.to.some((m) => actorMatches(m, r.recipient)) && (!crossBorder || c.crossBorder) && grants(scopeOf(c), view(f), model));
        expect(clauses.length, pointer).toBeGreaterThan(0);
        const c = consentAllows(f, r);
        const tableCovers = (code: string | undefined) => {
          const e = LEGAL_BASIS_TABLE.find((b) => b.code === code);
          return !!e && e.purposes.some((code) => code === r.purpose) && grants(scopeOf(e), view(f), model);
        };
        const byConsent = c.permit && !c.deny;
        const byTable = clauses.some((cl) => (tableCovers(r.legalBasis) && cl.acceptsLegalBases?.some((code) => code === r.legalBasis)) || (!c.deny && cl.requiresConsent === false && tableCovers(cl.legalBasis)));
        expect(byConsent || byTable, pointer).toBe(true);
        if (dec.basis?.consent) expect(byConsent).toBe(true);
        if (crossBorder && f.tiers.includes('identifying') && dec.action === 'release') expect(c.named && dec.basis?.consent !== undefined, pointer).toBe(true);
        if (dec.basis?.legalBasis && dec.basis.legalBasis !== 'consent') expect(d.flags.some((fl) => fl.legalBasis === dec.basis!.legalBasis && fl.pointers.includes(pointer))).toBe(true);
      }
    }), { numRuns: 150 });
  });

  it('the random cases are not vacuous: many of them release data', () => {
    const samples = fc.sample(fc.tuple(agreement, request), { numRuns: 200, seed: 7 });
    const releasing = samples.filter(([a, r]) => releasedData(compile([a], { spec }).decide(toRequest(r))).size > 0);
    expect(releasing.length).toBeGreaterThan(10);
  });

  it('adding a deny never releases more', () => {
    fc.assert(fc.property(agreement, request, leafProvision, (a, r, extra) => {
      const policy = compile([a], { spec });
      const before = releasedData(policy.decide(toRequest(r)));
      const deny: ConsentRecord = { id: '00000000-0000-4000-a000-000000000001', decision: 'deny', state: 'active', given: '2026-01-01T00:00:00Z', provisions: [{ ...extra, type: 'deny' }] };
      const after = releasedData(policy.decide(toRequest({ ...r, consents: [...r.consents, deny] })));
      for (const p of after) expect(before.has(p), p).toBe(true);
    }), { numRuns: 150 });
  });

  it('withdrawal removes everything the withdrawn record allowed', () => {
    fc.assert(fc.property(agreement, request, (a, r) => {
      fc.pre(r.consents.length > 0);
      const policy = compile([a], { spec });
      const before = policy.decide(toRequest(r));
      const [first, ...rest] = r.consents;
      const withdrawn: ConsentRecord = { ...first!, state: 'withdrawn', withdrawal: { at: '2026-04-01T00:00:00Z', by: 'self' } };
      const after = policy.decide(toRequest({ ...r, consents: [withdrawn, ...rest] }));
      // A withdrawn record counts for nothing: the same as if it had never been given.
      const without = releasedData(policy.decide(toRequest({ ...r, consents: rest })));
      expect(releasedData(after)).toEqual(without);
      for (const p of releasedData(after)) expect(after.byPointer.get(p)!.basis?.consent?.id).not.toBe(first!.id);
      // What only it allowed is gone.
      for (const p of releasedData(before)) {
        if (before.byPointer.get(p)!.basis?.consent?.id === first!.id && !without.has(p)) expect(after.byPointer.get(p)!.action, p).toBe('withhold');
      }
      // Evaluated before the withdrawal, the record still counts.
      const earlier = policy.decide({ ...toRequest({ ...r, consents: [withdrawn, ...rest] }), now: new Date('2026-03-15T00:00:00Z') });
      expect(releasedData(earlier)).toEqual(releasedData(policy.decide({ ...toRequest(r), now: new Date('2026-03-15T00:00:00Z') })));
    }), { numRuns: 100 });
  });

  it('statistics never release an individual field', () => {
    fc.assert(fc.property(agreement, request, (a, r) => {
      const d = compile([a], { spec }).decide(toRequest({ ...r, purpose: 'statistics' }));
      expect(d.fields.filter((f) => f.action !== 'withhold')).toEqual([]);
    }), { numRuns: 60 });
  });
});
