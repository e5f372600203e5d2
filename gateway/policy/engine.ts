import { loadSpec } from '../../lib/spec/load.ts';
import type { Spec } from '../../lib/spec/types.ts';
import { ConsentSet, consentBoundaries } from './consent.ts';
import { fieldModel, groupsOf, type FieldModel, type PolicyField } from './field-groups.ts';
import { LEGAL_BASIS_TABLE } from './legal-bases.ts';
import { anyActorMatches, periodBoundaries, periodCovers } from './match.ts';
import { grants, scopeOf, touches, type FieldView, type Scope } from './scope.ts';
import { valueSites, type ValueSite } from './value-tiers.ts';
import { releaseFor, withheldContainer } from './release.ts';
import { firewallOf, namesExplicitly, type Firewall } from './firewall.ts';
import { meetMinorRequirements } from './minors.ts';
import type {
  AgreementClause, Basis, ConsentRecord, DataSharingAgreement, DecisionRequest, DpoFlag, FieldDecision, LegalBasisEntry, ReasonCode,
} from './types.ts';

/** Roles that may see case data at all; the others see only the message envelope. */
const ROLE_ACCESS: Record<string, 'case' | 'envelope'> = { 'case-worker': 'case', supervisor: 'case', service: 'case', dpo: 'envelope', admin: 'envelope' };
export const DEFAULT_CLAUSE_ROLES = ['case-worker', 'supervisor', 'service'];

/** Most protective first: when rules allow several transforms, the first the field allows is used. */
export const TRANSFORM_ORDER = ['presence-only', 'minor-flag', 'vulnerable-person', 'country-only', 'age-band', 'region', 'year-only'];

const SPECIAL_TIERS = new Set(['special-health', 'special-ethnicity', 'special-sex-life', 'special-criminal']);

interface CompiledTransformRule {
  scope: Scope;
  use: readonly string[];
}

interface CompiledClause {
  agreement: DataSharingAgreement;
  clause: AgreementClause;
  scope: Scope;
  transforms: CompiledTransformRule[];
  basis: Basis['agreement'];
}

interface CompiledBasis {
  entry: LegalBasisEntry;
  scope: Scope;
  transforms: CompiledTransformRule[];
}

export interface PolicyOptions {
  spec?: Spec;
  /** Entries replace the table rows of the same code. */
  legalBases?: readonly LegalBasisEntry[];
  /** Most cached decision sets kept; the oldest goes first. */
  cacheSize?: number;
}

/** The decisions for one request: per catalogue field, plus the flags for the data-protection officer. */
export interface Decisions {
  readonly key: string;
  readonly request: Omit<DecisionRequest, 'consents'>;
  readonly fields: readonly FieldDecision[];
  readonly byPointer: ReadonlyMap<string, FieldDecision>;
  readonly flags: readonly DpoFlag[];
  /** Decisions for the fields of one array item (or field) whose codelist values add tiers. */
  variant(anchor: string, extraTiers: readonly string[]): ReadonlyMap<string, FieldDecision>;
  readonly policy: Policy;
}

interface CacheEntry {
  from: number;
  until: number;
  decisions: Decisions;
}

/** Compiled agreements and legal bases; `decide` is cheap after the first call per request shape. */
export interface Policy {
  readonly model: FieldModel;
  readonly firewall: Firewall;
  readonly spec: Spec;
  readonly valueSites: readonly ValueSite[];
  decide(request: DecisionRequest): Decisions;
}

function compileRules(rules: AgreementClause['transforms']): CompiledTransformRule[] {
  return (rules ?? []).map((r) => ({ scope: scopeOf(r), use: r.use }));
}

function consentVersion(consents: readonly ConsentRecord[]): string {
  let v = '';
  for (const c of consents) v += `${c.id}:${c.state}:${c.given}:${c.withdrawal?.at ?? ''}:${c.supersedes ?? ''};`;
  return v;
}

/** Whether a list of spec codes holds a code the request carries as a plain string (a token claim). */
const holds = (codes: readonly string[] | undefined, code: string): boolean => codes !== undefined && codes.includes(code);

export function compile(agreements: readonly DataSharingAgreement[], options: PolicyOptions = {}): Policy {
  const spec = options.spec ?? loadSpec();
  const model = fieldModel(spec);
  const sites = valueSites(spec, model);
  const table = new Map(LEGAL_BASIS_TABLE.map((e) => [e.code, e]));
  for (const e of options.legalBases ?? []) table.set(e.code, e);
  const bases = new Map<string, CompiledBasis>(
    [...table.values()].map((entry) => [entry.code, { entry, scope: scopeOf(entry), transforms: compileRules(entry.transforms) }]),
  );
  const clauses: CompiledClause[] = agreements.flatMap((agreement) =>
    agreement.clauses.map((clause) => ({
      agreement,
      clause,
      scope: clause.fieldGroups?.length || clause.paths?.length ? scopeOf(clause) : { restricted: true, groups: new Set<string>(), paths: [] },
      transforms: compileRules(clause.transforms),
      basis: { id: agreement.id, version: agreement.version, clause: clause.id },
    })),
  );
  const boundaries: number[] = [];
  for (const a of agreements) periodBoundaries(a.validPeriod, boundaries);
  const cache = new Map<string, CacheEntry>();
  const cacheSize = options.cacheSize ?? 10_000;

  const firewall = firewallOf(model.file);
  const policy: Policy = {
    model,
    firewall,
    spec,
    valueSites: sites,
    decide(request) {
      const at = request.now.getTime();
      const r = request.recipient;
      const key = [r.id, r.country, r.memberClass, r.agencyType, request.controller?.id ?? '', request.purpose, request.role,
        request.legalBasis ?? '', request.crossBorder ? 'x' : '', request.minor ? 'm' : '', request.consentSetVersion ?? consentVersion(request.consents)].join('|');
      const hit = cache.get(key);
      if (hit && hit.from <= at && at < hit.until) return hit.decisions;
      const edges = boundaries.slice();
      consentBoundaries(request.consents, edges);
      let from = -Infinity;
      let until = Infinity;
      for (const b of edges) {
        if (b <= at && b > from) from = b;
        if (b > at && b < until) until = b;
      }
      const decisions = decideNow(policy, clauses, bases, request, key, at);
      if (cache.size >= cacheSize) cache.delete(cache.keys().next().value!);
      cache.set(key, { from, until, decisions });
      return decisions;
    },
  };
  return policy;
}

function viewOf(field: PolicyField): FieldView {
  return { plain: field.plain, tiers: field.tiers, groups: field.groups, valueTiers: [] };
}

function decideNow(
  policy: Policy, clauses: readonly CompiledClause[], bases: ReadonlyMap<string, CompiledBasis>, request: DecisionRequest, key: string, at: number,
): Decisions {
  const { model } = policy;
  const { recipient, purpose, role } = request;
  const access = ROLE_ACCESS[role];
  let noClause: ReasonCode = 'NO_AGREEMENT';
  const applying = clauses.filter((c) => {
    if (c.clause.purpose !== purpose || !anyActorMatches(c.clause.to, recipient)) return false;
    if (request.controller && !anyActorMatches(c.clause.from, request.controller)) return false;
    if (!periodCovers(c.agreement.validPeriod, at)) return (noClause = 'AGREEMENT_NOT_IN_FORCE'), false;
    if (request.crossBorder && !c.clause.crossBorder) return (noClause = 'CROSS_BORDER_NOT_AGREED'), false;
    if (!(c.clause.roles ?? DEFAULT_CLAUSE_ROLES).includes(role) && access !== 'envelope') return (noClause = 'ROLE_NOT_ALLOWED'), false;
    return true;
  });
  const consents = new ConsentSet(request.consents, recipient, purpose, at, model);
  const requested = request.legalBasis && request.legalBasis !== 'consent' ? request.legalBasis : undefined;
  const basis = requested ? bases.get(requested) : undefined;
  const basisServes = basis !== undefined && holds(basis.entry.purposes, purpose);
  const overrides = new Map<string, DpoFlag>();
  const clauseIds = applying.map((c) => `${c.agreement.id}#${c.clause.id}`);
  const caseRoles = Object.keys(ROLE_ACCESS).filter((r) => ROLE_ACCESS[r] === 'case');
  // Clauses that may carry a field across the assistance–police firewall to this recipient.
  const explicit = new Set(applying.filter((c) => namesExplicitly(c.clause.to, recipient)));
  // Who granted each permit matters only for a child under a clause that says whose consent it needs.
  const childRules = request.minor === true && applying.some((c) => c.clause.minorConsent?.length);

  const rule = (field: PolicyField, view: FieldView): FieldDecision => {
    const withhold = (reason: ReasonCode): FieldDecision => ({
      pointer: field.pointer, action: 'withhold', reason,
      release: releaseFor(reason, { purpose, recipient, role, groups: [...view.groups].sort(), clauses: clauseIds, generalisedIn: [...field.generalisedIn].sort(), caseRoles, ...(requested ? { legalBasis: requested } : {}) }),
    });
    if (purpose === 'statistics') return withhold(view.tiers.some((t) => SPECIAL_TIERS.has(t)) ? 'SPECIAL_CATEGORY_STATISTICS' : 'STATISTICS_AGGREGATE_ONLY');
    if (!access || (access === 'envelope' && !field.envelope)) return withhold('ROLE_NOT_ALLOWED');
    if (applying.length === 0) return withhold(noClause);
    if (field.envelope) return { pointer: field.pointer, action: 'release', basis: { agreement: applying[0]!.basis } };
    const granting = applying.filter((c) => grants(c.scope, view, model));
    if (granting.length === 0) return withhold('AGREEMENT_EXCLUDES');
    const covering = policy.firewall.crosses(view.groups, recipient) ? granting.filter((c) => explicit.has(c)) : granting;
    if (covering.length === 0) return withhold('FIREWALL');

    const consent = consents.evaluate(view, childRules);
    let chosen: { clause: CompiledClause; basis: Basis; viaBasis?: CompiledBasis } | undefined;
    let refusal: ReasonCode = consent.deny ? 'CONSENT_DENIES' : consent.lapsed === 'withdrawn' ? 'CONSENT_WITHDRAWN' : consent.lapsed ? 'CONSENT_EXPIRED' : 'NO_CONSENT';
    for (const c of covering) {
      if (!consent.permit || consent.deny || c.clause.requiresConsent === false) continue;
      const forChild = request.minor && c.clause.minorConsent?.length ? meetMinorRequirements(c.clause.minorConsent, consent.permits ?? []) : undefined;
      if (forChild && !forChild.met) {
        refusal = forChild.reason;
        continue;
      }
      const [first, ...more] = forChild?.consents ?? [{ id: consent.permit.id, provision: consent.permit.provision }];
      chosen = { clause: c, basis: { agreement: c.basis, consent: first!, ...(more.length ? { consents: [first!, ...more] } : {}), legalBasis: 'consent' } };
      break;
    }
    if (!chosen && !consent.deny) {
      // A clause's own basis stands without consent, but only within that basis's minimal field set.
      for (const c of covering) {
        const own = c.clause.requiresConsent === false && c.clause.legalBasis ? bases.get(c.clause.legalBasis) : undefined;
        if (own && holds(own.entry.purposes, purpose) && grants(own.scope, view, model)) {
          chosen = { clause: c, basis: { agreement: c.basis, legalBasis: c.clause.legalBasis! }, viaBasis: own };
          break;
        }
      }
    }
    if (!chosen && requested) {
      // A legal basis overrides her refusal only within its minimal field set and where the agreement accepts it.
      const c = covering.find((c) => holds(c.clause.acceptsLegalBases, requested));
      if (!c || !basis) refusal = consent.deny ? refusal : 'LEGAL_BASIS_NOT_AGREED';
      else if (!basisServes || !grants(basis.scope, view, model)) refusal = consent.deny ? refusal : 'LEGAL_BASIS_EXCLUDES';
      else chosen = { clause: c, basis: { agreement: c.basis, legalBasis: requested }, viaBasis: basis };
    }
    if (!chosen) return withhold(refusal);

    const required = new Set<string>();
    for (const rules of [chosen.clause.transforms, chosen.viaBasis?.transforms ?? []]) {
      for (const r of rules) if (touches(r.scope, view)) r.use.forEach((u) => required.add(u));
    }
    let transform: string | undefined;
    if (required.size > 0) {
      transform = TRANSFORM_ORDER.find((t) => required.has(t) && field.info.transforms.includes(t));
      if (!transform && ![...field.generalisedIn].some((g) => chosen.clause.scope.groups.has(g))) {
        // No generalised form exists at this level; an enclosing field's transform may still apply.
        return withhold('TRANSFORM_NOT_APPLICABLE');
      }
    }
    const identifying = view.tiers.includes('identifying');
    if (request.crossBorder && identifying && !transform && !(chosen.basis.consent && consent.permit?.namesRecipient)) {
      return withhold('CROSS_BORDER_IDENTITY');
    }
    if (chosen.basis.legalBasis && chosen.basis.legalBasis !== 'consent') {
      const code = chosen.basis.legalBasis;
      const flag = overrides.get(code) ?? { code: 'LEGAL_BASIS_OVERRIDE' as const, legalBasis: code, overridesDenial: false, pointers: [] };
      if (!flag.pointers.includes(field.pointer)) flag.pointers.push(field.pointer);
      if (consent.deny) flag.overridesDenial = true;
      overrides.set(code, flag);
    }
    return transform
      ? { pointer: field.pointer, action: 'transform', transform, basis: chosen.basis }
      : { pointer: field.pointer, action: 'release', basis: chosen.basis };
  };

  const decideAll = (viewFor: (f: PolicyField) => FieldView, only?: (f: PolicyField) => boolean): Map<string, FieldDecision> => {
    const out = new Map<string, FieldDecision>();
    const list: (FieldDecision | undefined)[] = new Array(model.fields.length);
    for (const field of model.fields) {
      if (only && !only(field)) continue;
      const parent = field.parent >= 0 ? list[field.parent] : undefined;
      if (parent?.action === 'transform') {
        list[field.index] = { pointer: field.pointer, action: 'transform', transform: parent.transform!, via: parent.via ?? parent.pointer, basis: parent.basis! };
        continue;
      }
      list[field.index] = rule(field, viewFor(field));
    }
    // Post-order: a container without a transform is present when anything inside it is.
    for (let i = model.fields.length - 1; i >= 0; i--) {
      const field = model.fields[i]!;
      const d = list[i];
      if (!d || field.children.length === 0 || d.action === 'transform') continue;
      const kids = field.children.map((c) => list[c]).filter((k): k is FieldDecision => k !== undefined);
      const open = kids.find((k) => k.action !== 'withhold');
      list[i] = open ? { pointer: field.pointer, action: 'release', ...(d.basis ? { basis: d.basis } : open.basis ? { basis: open.basis } : {}) }
        : withheldContainer(field.pointer, d.action === 'withhold' ? d : kids[0], kids);
    }
    for (const d of list) if (d) out.set(d.pointer, d);
    return out;
  };

  const base = decideAll(viewOf);
  const fields = model.fields.map((f) => base.get(f.pointer)!);
  const flags = [...overrides.values()];
  const variants = new Map<string, ReadonlyMap<string, FieldDecision>>();
  const { file } = model;
  return {
    key,
    request: { recipient, purpose, role, now: request.now, crossBorder: request.crossBorder, ...(request.minor ? { minor: true } : {}),
      ...(request.legalBasis ? { legalBasis: request.legalBasis } : {}), ...(request.controller ? { controller: request.controller } : {}) },
    fields,
    byPointer: base,
    flags,
    policy,
    variant(anchor, extraTiers) {
      const vkey = `${anchor}|${extraTiers.join(',')}`;
      let hit = variants.get(vkey);
      if (!hit) {
        const inside = (f: PolicyField) => f.pointer === anchor || f.pointer.startsWith(`${anchor}/`);
        hit = decideAll((f) => {
          if (!inside(f)) return viewOf(f);
          const tiers = [...new Set([...f.tiers, ...extraTiers])];
          return { plain: f.plain, tiers, groups: groupsOf(file, f.plain, tiers), valueTiers: extraTiers };
        }, (f) => inside(f) || anchor.startsWith(`${f.pointer}/`));
        variants.set(vkey, hit);
      }
      return hit;
    },
  };
}
