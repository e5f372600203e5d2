/**
 * The disclosure recorder: what the audit trail keeps of each field decision about a record served
 * to a caller (paths, actions, bases, reasons; never values). The GraphQL field guard calls it as
 * fields resolve; gateway/audit/disclosures.ts turns a request's records into entries.
 */
import type { Decisions } from '../policy/engine.ts';
import { groupAt } from '../policy/field-groups.ts';
import type { Action, Basis, FieldDecision } from '../policy/types.ts';
import type { RecordView } from '../policy/views.ts';

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
const escape = (name: string) => (name.indexOf('~') < 0 && name.indexOf('/') < 0 ? name : name.replace(/~/g, '~0').replace(/\//g, '~1'));
const patternOf = (pointer: string) => pointer.replace(/\/\d+(?=\/|$)/g, '/*');

type BasisOf = (decisions: Decisions | undefined, decision: FieldDecision | undefined, pattern: string) => { bases?: readonly string[]; override?: true; group?: string };

/** Basis, override and group of a decision, made once per decision (decision sets are cached and shared). */
function basisMemo(): BasisOf {
  const known = new WeakMap<FieldDecision, { bases?: readonly string[]; override?: true; group?: string }>();
  return (decisions, decision, pattern) => {
    let b = decision ? known.get(decision) : undefined;
    if (!b) {
      const bases = basesText(decision?.basis);
      const group = decisions ? groupAt(decisions.policy.model, pattern) : undefined;
      b = { ...(bases.length ? { bases } : {}), ...(overrides(decision?.basis) ? { override: true as const } : {}), ...(group ? { group } : {}) };
      if (decision) known.set(decision, b);
    }
    return b;
  };
}

/**
 * The record of one field served from a recipient's view, or undefined when the field has none of
 * its own (it lies inside a transformed object, whose record covers it).
 */
function fieldRecord(basisOf: BasisOf, view: RecordView, to: Recipient, path: string, pattern: string, action: Action, decision: FieldDecision | undefined): DisclosureRecord | undefined {
  if (view.transforms.size) for (const t of view.transforms.keys()) if (path.startsWith(`${t}/`)) return undefined;
  const base = { document: view.record.source, subject: view.record.subject, recipient: to.member, purpose: to.purpose, path, action };
  if (action === 'withhold') {
    const group = view.decisions ? groupAt(view.decisions.policy.model, pattern) : undefined;
    return { ...base, ...(decision?.reason ? { reason: decision.reason } : {}), ...(group ? { group } : {}) };
  }
  const transform = action === 'transform' ? view.transforms.get(path) : undefined;
  return { ...base, ...(transform ? { transform } : {}), ...basisOf(view.decisions, decision, pattern) };
}

/** Every decision behind a view, as records: each leaf released or transformed, each withheld field. */
function allRecords(basisOf: BasisOf, view: RecordView, to: Recipient, document: unknown, transformed: RecordView['transformed'], withheld: RecordView['withheld']): DisclosureRecord[] {
  const out: DisclosureRecord[] = [];
  const decisions = view.decisions;
  const transforms = new Map(transformed.map((t) => [t.pointer, t.transform]));
  const base = { document: view.record.source, subject: view.record.subject, recipient: to.member, purpose: to.purpose };
  const seen = new Set<string>();
  const leaf = (pointer: string, pattern: string) => {
    seen.add(pointer);
    const transform = transforms.get(pointer);
    out.push({ ...base, path: pointer, action: transform ? 'transform' : 'release', ...(transform ? { transform } : {}), ...basisOf(decisions, decisions?.byPointer.get(pattern), pattern) });
  };
  const walk = (value: unknown, pointer: string, pattern: string) => {
    if (transforms.has(pointer) || value === null || typeof value !== 'object') return leaf(pointer, pattern);
    if (Array.isArray(value)) {
      if (value.every((v) => v === null || typeof v !== 'object')) return leaf(pointer, pattern);
      value.forEach((v, i) => walk(v, `${pointer}/${i}`, `${pattern}/*`));
      return;
    }
    for (const [k, v] of Object.entries(value)) walk(v, `${pointer}/${escape(k)}`, `${pattern}/${escape(k)}`);
  };
  if (document !== undefined) walk(document, '', '');
  // Transformed values moved out of the document (their form did not fit the field) are served beside it.
  for (const t of transformed) if (!seen.has(t.pointer)) leaf(t.pointer, patternOf(t.pointer));
  for (const w of withheld) {
    const group = decisions ? groupAt(decisions.policy.model, patternOf(w.pointer)) : undefined;
    out.push({ ...base, path: w.pointer, action: 'withhold', reason: w.reason, ...(group ? { group } : {}) });
  }
  return out;
}

/**
 * The recorder, one per gateway: records remembered per view (a view is one record filtered by one
 * decision set, so what it records for one recipient and purpose never changes) and bases per decision.
 */
export function disclosureRecorder() {
  const basisOf = basisMemo();
  const unfit = new WeakMap<RecordView, readonly DisclosureRecord[]>();
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
