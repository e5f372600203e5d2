/**
 * The disclosure recorder: what the audit trail keeps of each field decision about a record served
 * to a caller (paths, actions, bases, reasons; never values). The GraphQL field guard calls it as
 * fields resolve; gateway/audit/disclosures.ts turns a request's records into entries.
 */
import { groupAt } from '../policy/field-groups.ts';
import type { Action, Basis, FieldDecision } from '../policy/types.ts';
import type { RecordView } from '../policy/views.ts';
import { pointerToken } from '../../lib/json-pointer.ts';

/** One field decision about one record, as the audit trail keeps it: paths and bases, never values. */
export interface DisclosureRecord {
  /** The kind and id of the document the field belongs to. */
  document: { kind: string; id: string };
  /** The subject's pseudonym as this gateway stores it. */
  subject: string;
  /** The receiving member. */
  recipient: string;
  purpose: string;
  /** Concrete JSON Pointer of the field within the document (array indices included). */
  path: string;
  action: Action;
  transform?: string;
  /**
   * Every basis the release needed: the agreement clause (`agreement:<id>@<version>#<clause>`) and
   * her consent (`consent:<id>#<provision>`, one per record when a child's guardian and she both had
   * to agree) or the legal basis that stood without it (`legal-basis:<code>`).
   */
  bases?: readonly string[];
  /** Why it was withheld (a policy reason code). */
  reason?: string;
  /** True when a legal basis other than consent allowed it: flagged for the data-protection officer. */
  override?: boolean;
  /** The field group the policy put the field in, for the officer's disclosure matrix. */
  group?: string;
}

/** Who a record is disclosed to. */
export interface Recipient {
  member: string;
  purpose: string;
}

/** Every basis a release needed, as the audit trail names them: the clause first, then her consents or the legal basis. */
export function basesText(basis: Basis | undefined): string[] {
  if (!basis) return [];
  const out: string[] = [];
  if (basis.agreement) out.push(`agreement:${basis.agreement.id}@${basis.agreement.version}#${basis.agreement.clause}`);
  for (const c of basis.consents ?? (basis.consent ? [basis.consent] : [])) out.push(`consent:${c.id}#${c.provision}`);
  if (basis.legalBasis && basis.legalBasis !== 'consent') out.push(`legal-basis:${basis.legalBasis}`);
  return out;
}

/** The one basis a short text names: her consent, else the legal basis that stood without it, else the agreement. */
export function basisText(basis: Basis | undefined): string | undefined {
  if (!basis) return undefined;
  if (basis.consent) return `consent:${basis.consent.id}#${basis.consent.provision}`;
  if (basis.legalBasis && basis.legalBasis !== 'consent') return `legal-basis:${basis.legalBasis}`;
  if (basis.agreement) return `agreement:${basis.agreement.id}@${basis.agreement.version}#${basis.agreement.clause}`;
  return undefined;
}

const overrides = (basis: Basis | undefined) => basis?.legalBasis !== undefined && basis.legalBasis !== 'consent';
const patternOf = (pointer: string) => pointer.replace(/\/\d+(?=\/|$)/g, '/*');

/** The anchor (a list item, or a field) whose codes added tiers to the value at `path`, if any. */
function tiered(view: RecordView, path: string): { anchor: string; tiers: string } | undefined {
  if (view.valueTiers.size === 0) return undefined;
  for (const [anchor, tiers] of view.valueTiers) {
    if (path === anchor || (path.startsWith(anchor) && path.charCodeAt(anchor.length) === 47)) return { anchor, tiers };
  }
  return undefined;
}

/**
 * The value's effective group and decision: a value whose codes carry a tier (a need for addiction
 * treatment) is in the group that lists the tier (health), and was decided with that tier.
 */
function effective(view: RecordView, path: string, pattern: string, decision: FieldDecision | undefined): { group?: string; decision: FieldDecision | undefined } {
  const decisions = view.decisions;
  if (!decisions) return { decision };
  const at = tiered(view, path);
  if (!at) {
    const group = groupAt(decisions.policy.model, pattern);
    return { ...(group ? { group } : {}), decision };
  }
  const tiers = at.tiers.split(',');
  const model = decisions.policy.model;
  const group = tiers.map((t) => model.groupsByTier.get(t)?.[0]).find((g) => g !== undefined) ?? groupAt(model, pattern);
  // A code in a list of codes is decided at the list's own field (the catalogue has no item of it).
  const anchor = patternOf(at.anchor);
  const anchorPattern = model.byPointer.has(anchor) ? anchor : anchor.replace(/\/\*$/, '');
  return { ...(group ? { group } : {}), decision: decisions.variant(anchorPattern, tiers).get(pattern) ?? decision };
}

type BasisOf = (decision: FieldDecision | undefined) => { bases?: readonly string[]; override?: true };

/** Basis and override of a decision, made once per decision (decision sets are cached and shared). */
function basisMemo(): BasisOf {
  const known = new WeakMap<FieldDecision, { bases?: readonly string[]; override?: true }>();
  return (decision) => {
    let b = decision ? known.get(decision) : undefined;
    if (!b) {
      const bases = basesText(decision?.basis);
      b = { ...(bases.length ? { bases } : {}), ...(overrides(decision?.basis) ? { override: true as const } : {}) };
      if (decision) known.set(decision, b);
    }
    return b;
  };
}

/**
 * The record of one field served from a recipient's view, or undefined when the field has none of
 * its own (it lies inside a transformed object, whose record covers it).
 */
function fieldRecord(basisOf: BasisOf, view: RecordView, to: Recipient, path: string, pattern: string, action: Action, decision: FieldDecision | undefined, whole = false): DisclosureRecord | undefined {
  if (!whole && view.transforms.size) for (const t of view.transforms.keys()) if (path.startsWith(`${t}/`)) return undefined;
  const base = { document: view.record.source, subject: view.record.subject, recipient: to.member, purpose: to.purpose, path, action };
  const { group, decision: actual } = effective(view, path, pattern, decision);
  // A list served only through items of a tier of their own (health services where the list itself is withheld): the items' records cover it.
  if (action !== 'withhold' && actual?.action === 'withhold') return undefined;
  if (action === 'withhold') {
    const reason = decision?.reason ?? actual?.reason;
    return { ...base, ...(reason ? { reason } : {}), ...(group ? { group } : {}) };
  }
  const transform = action === 'transform' ? view.transforms.get(path) : undefined;
  return { ...base, ...(transform ? { transform } : {}), ...basisOf(actual), ...(group ? { group } : {}) };
}

/**
 * Every decision behind a view, as records: each leaf released or transformed (of `document`, a
 * served tree whose lists may have lost items: `positions` gives each kept item's original index),
 * each withheld part.
 */
function allRecords(basisOf: BasisOf, view: RecordView, to: Recipient, document: unknown, transformed: RecordView['transformed'], withheld: RecordView['withheld']): DisclosureRecord[] {
  const out: DisclosureRecord[] = [];
  const decisions = view.decisions;
  const transforms = new Map(transformed.map((t) => [t.pointer, t.transform]));
  const seen = new Set<string>();
  const leaf = (pointer: string, pattern: string) => {
    if (seen.has(pointer)) return;
    seen.add(pointer);
    const action = transforms.has(pointer) ? 'transform' : 'release';
    const record = fieldRecord(basisOf, view, to, pointer, pattern, action, decisions?.byPointer.get(pattern), true);
    if (record) out.push(record);
  };
  const walk = (value: unknown, pointer: string, pattern: string) => {
    if (transforms.has(pointer) || value === null || typeof value !== 'object') return leaf(pointer, pattern);
    if (Array.isArray(value)) {
      if (value.every((v) => v === null || typeof v !== 'object')) return leaf(pointer, pattern);
      const origin = view.positions.get(value);
      value.forEach((v, i) => walk(v, `${pointer}/${origin?.[i] ?? i}`, `${pattern}/*`));
      return;
    }
    for (const [k, v] of Object.entries(value)) walk(v, `${pointer}/${pointerToken(k)}`, `${pattern}/${pointerToken(k)}`);
  };
  if (document !== undefined) walk(document, '', '');
  // Transformed values moved out of the document (their form did not fit the field) are served beside it.
  for (const t of transformed) leaf(t.pointer, patternOf(t.pointer));
  for (const w of withheld) out.push(withheldRecord(view, to, w));
  return out;
}

/** The record of one withheld part of a view: its path, the reason, and its group by its effective tier. */
function withheldRecord(view: RecordView, to: Recipient, w: RecordView['withheld'][number]): DisclosureRecord {
  const { group } = effective(view, w.pointer, patternOf(w.pointer), undefined);
  return { document: view.record.source, subject: view.record.subject, recipient: to.member, purpose: to.purpose, path: w.pointer, action: 'withhold', reason: w.reason, ...(group ? { group } : {}) };
}

/**
 * The recorder, one per gateway: records remembered per view (a view is one record filtered by one
 * decision set, so what it records for one recipient and purpose never changes) and bases per decision.
 */
export function disclosureRecorder() {
  const basisOf = basisMemo();
  const unfit = new WeakMap<RecordView, readonly DisclosureRecord[]>();
  const parts = new WeakMap<RecordView, readonly DisclosureRecord[]>();
  const items = new WeakMap<RecordView, Map<string, readonly DisclosureRecord[]>>();
  const whole = new WeakMap<RecordView, { records: readonly DisclosureRecord[]; released: boolean }>();
  return {
    /** The record of one field served from a recipient's view (see fieldRecord). */
    fieldRecord: (view: RecordView, to: Recipient, path: string, pattern: string, action: Action, decision: FieldDecision | undefined) => fieldRecord(basisOf, view, to, path, pattern, action, decision),
    /** The transformed values a view serves beside its document (they have no field of their own to be recorded at). */
    unfitRecords(view: RecordView, to: Recipient): readonly DisclosureRecord[] {
      if (view.unfit.size === 0) return [];
      let records = unfit.get(view);
      if (!records) unfit.set(view, (records = allRecords(basisOf, view, to, undefined, view.transformed.filter((t) => view.unfit.has(t.pointer)), [])));
      return records;
    },
    /**
     * The parts of a record withheld from this view, whether the query asked for them or not: each
     * withheld field and list item, by path, reason and effective group. A read records them once
     * for each record it serves (the audit entry keeps each distinct decision once).
     */
    withheldRecords(view: RecordView, to: Recipient): readonly DisclosureRecord[] {
      if (view.withheld.length === 0) return [];
      let records = parts.get(view);
      if (!records) parts.set(view, (records = view.withheld.map((w) => withheldRecord(view, to, w))));
      return records;
    },
    /**
     * The items of a served list of codes that carry a tier of their own (a health service among the
     * requested services): each recorded apart, under the group of its tier.
     */
    tieredItemRecords(view: RecordView, to: Recipient, path: string, pattern: string): readonly DisclosureRecord[] {
      if (view.valueTiers.size === 0) return [];
      let byPath = items.get(view);
      if (!byPath) items.set(view, (byPath = new Map()));
      let records = byPath.get(path);
      if (!records) {
        const withheld = new Set(view.withheld.map((w) => w.pointer));
        records = [...view.valueTiers.keys()]
          .filter((anchor) => anchor.startsWith(`${path}/`) && !anchor.includes('/', path.length + 1) && !withheld.has(anchor))
          .map((anchor) => fieldRecord(basisOf, view, to, anchor, pattern, 'release', view.decisions?.byPointer.get(pattern), true))
          .filter((r): r is DisclosureRecord => r !== undefined);
        byPath.set(path, records);
      }
      return records;
    },
    /** Every decision behind a view served whole (a connector's case), and whether anything of the case is released. */
    wholeRecords(view: RecordView, to: Recipient): { records: readonly DisclosureRecord[]; released: boolean } {
      let known = whole.get(view);
      if (!known) {
        const records = allRecords(basisOf, view, to, view.document, view.transformed, view.withheld);
        // Her reference alone (always served, pseudonymised) is not something of the case to show.
        known = { records, released: records.some((d) => d.action !== 'withhold' && d.path !== '/sections/person/subject') };
        whole.set(view, known);
      }
      return known;
    },
  };
}
export type DisclosureRecorder = ReturnType<typeof disclosureRecorder>;
