import type { Decisions } from './engine.ts';
import { tiersFromValue, type ValueSite } from './value-tiers.ts';
import { applyTransform } from './transforms.ts';
import type { FieldDecision, ReasonCode } from './types.ts';

export interface Withheld {
  /** Concrete JSON Pointer into the original document, with array indices. */
  pointer: string;
  reason: ReasonCode;
  /** A tier the field's values added (a special-health need), when that is why it was withheld. */
  valueTier?: string;
}

export interface Transformed {
  pointer: string;
  transform: string;
}

export interface Filtered<T = unknown> {
  document: T;
  withheld: Withheld[];
  transformed: Transformed[];
}

export interface ApplyOptions {
  /** The instant age bands and minor flags are computed for; default the decisions' `now`. */
  now?: Date;
  /** Replaces her pseudonymous reference with the recipient's own (see pseudonymFor). */
  subjectPseudonym?: string;
}

const SUBJECT_POINTERS = new Set(['/subject', '/sections/person/subject']);

function escape(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

type Table = ReadonlyMap<string, FieldDecision>;

/**
 * The referral as this recipient may see it: withheld fields removed, transforms applied. The
 * withheld list names concrete pointers and reasons, never values.
 */
export function applyDecisions<T>(document: T, decisions: Decisions, options: ApplyOptions = {}): Filtered<T> {
  const now = options.now ?? decisions.request.now;
  const sitesByAnchor = new Map<string, ValueSite[]>();
  for (const site of decisions.policy.valueSites) sitesByAnchor.set(site.anchor, [...(sitesByAnchor.get(site.anchor) ?? []), site]);
  const withheld: Withheld[] = [];
  const transformed: Transformed[] = [];

  /** Switches to the decisions for this anchor when its values add tiers. */
  const tableFor = (pattern: string, value: unknown, table: Table): { table: Table; tier?: string } => {
    const sites = sitesByAnchor.get(pattern);
    if (!sites) return { table };
    const tiers = new Set<string>();
    for (const site of sites) tiersFromValue(site, value, tiers);
    if (tiers.size === 0) return { table };
    const sorted = [...tiers].sort();
    return { table: decisions.variant(pattern, sorted), tier: sorted.join(',') };
  };

  const visitObject = (value: Record<string, unknown>, pattern: string, concrete: string, table: Table, tier?: string): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(value)) {
      const childPattern = `${pattern}/${escape(name)}`;
      const kept = visitField(child, childPattern, `${concrete}/${escape(name)}`, table, tier);
      if (kept !== undefined) out[name] = kept;
    }
    return out;
  };

  const visitField = (value: unknown, pattern: string, concrete: string, outer: Table, outerTier?: string): unknown => {
    const { table, tier = outerTier } = tableFor(pattern, value, outer);
    const decision = table.get(pattern);
    if (!decision) {
      withheld.push({ pointer: concrete, reason: 'UNKNOWN_FIELD' });
      return undefined;
    }
    if (decision.action === 'withhold') {
      withheld.push({ pointer: concrete, reason: decision.reason!, ...(tier ? { valueTier: tier } : {}) });
      return undefined;
    }
    if (decision.action === 'transform') {
      const released = applyTransform(decision.transform!, value, now);
      if (released === undefined) {
        withheld.push({ pointer: concrete, reason: 'TRANSFORM_NOT_APPLICABLE' });
        return undefined;
      }
      transformed.push({ pointer: concrete, transform: decision.transform! });
      return released;
    }
    if (SUBJECT_POINTERS.has(pattern) && options.subjectPseudonym) return options.subjectPseudonym;
    if (Array.isArray(value)) {
      const itemPattern = `${pattern}/*`;
      const items: unknown[] = [];
      value.forEach((item, i) => {
        const at = `${concrete}/${i}`;
        if (item === null || typeof item !== 'object' || Array.isArray(item)) {
          items.push(item);
          return;
        }
        const { table: itemTable, tier: itemTier = tier } = tableFor(itemPattern, item, table);
        const kept = visitObject(item as Record<string, unknown>, itemPattern, at, itemTable, itemTier);
        if (Object.keys(kept).length > 0) items.push(kept);
        else if (itemTable !== table) {
          // The whole item carries a tier this recipient may not see: report it once, not field by field.
          const first = withheld.findIndex((w) => w.pointer.startsWith(`${at}/`));
          const reason = first >= 0 ? withheld[first]!.reason : 'AGREEMENT_EXCLUDES';
          if (first >= 0) withheld.splice(first);
          withheld.push({ pointer: at, reason, ...(itemTier ? { valueTier: itemTier } : {}) });
        }
      });
      return items.length > 0 ? items : undefined;
    }
    if (value !== null && typeof value === 'object') {
      const kept = visitObject(value as Record<string, unknown>, pattern, concrete, table, tier);
      return Object.keys(kept).length > 0 ? kept : undefined;
    }
    return value;
  };

  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new TypeError('applyDecisions expects a referral document (a JSON object)');
  }
  const filtered = visitObject(document as Record<string, unknown>, '', '', decisions.byPointer);
  return { document: filtered as T, withheld, transformed };
}
