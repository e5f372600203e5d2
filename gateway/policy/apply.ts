import type { Decisions } from './engine.ts';
import { tiersFromValue, type ValueSite } from './value-tiers.ts';
import { applyTransform } from './transforms.ts';
import type { FieldDecision, ReasonCode } from './types.ts';
import { nameOfToken, pointerNames, pointerToken } from '../../lib/json-pointer.ts';

export interface Withheld {
  /** Concrete JSON Pointer into the original document, with array indices. */
  pointer: string;
  reason: ReasonCode;
  /** A tier the field's values added (a special-health need), when that is why it was withheld. */
  valueTier?: string;
}

export interface Transformed {
  /** Concrete JSON Pointer into the original document. */
  pointer: string;
  /** The same place in the filtered document, whose lists hold only the items served. */
  served: string;
  transform: string;
}

export interface Filtered<T = unknown> {
  document: T;
  withheld: Withheld[];
  transformed: Transformed[];
  /**
   * Where a value's codes added tiers (a special-health need, a health service in a list): the
   * original pointer of the item or field they apply to, and the tiers, comma-separated.
   */
  valueTiers: Map<string, string>;
  /** For each filtered list that lost items, the original index of each item it kept. */
  positions: WeakMap<readonly unknown[], readonly number[]>;
}

export interface ApplyOptions {
  /** The instant age bands and minor flags are computed for; default the decisions' `now`. */
  now?: Date;
  /** Replaces her pseudonymous reference with the recipient's own (see pseudonymFor). */
  subjectPseudonym?: string;
}

const SUBJECT_POINTERS = new Set(['/subject', '/sections/person/subject']);

type Table = ReadonlyMap<string, FieldDecision>;

/** Where a value sits: its catalogue pattern, its pointer in the original document and in the filtered one. */
interface At {
  pattern: string;
  concrete: string;
  served: string;
}

const child = (at: At, name: string): At => {
  const key = pointerToken(name);
  return { pattern: `${at.pattern}/${key}`, concrete: `${at.concrete}/${key}`, served: `${at.served}/${key}` };
};

/** Resolves a Relative JSON Pointer (`1/ageBand`) against a concrete pointer. */
function relative(pointer: string, target: string): string {
  const [up, ...rest] = target.split('/');
  const segments = pointer.split('/');
  return [...segments.slice(0, segments.length - Number(up)), ...rest].join('/');
}

/** Sets a generalised value at its own field, making the objects on the way; a value already served there is kept. */
function placeAt(document: Record<string, unknown>, pointer: string, value: unknown): void {
  const names = pointerNames(pointer);
  const last = names.pop()!;
  let parent = document;
  for (const name of names) {
    const next = parent[name];
    if (Array.isArray(next)) return;
    if (next === null || typeof next !== 'object') parent[name] = {};
    parent = parent[name] as Record<string, unknown>;
  }
  if (parent[last] === undefined) parent[last] = value;
}

/**
 * The referral as this recipient may see it: withheld fields removed, transforms applied. Lists
 * are decided item by item, each item with its own tiers (a code's from its codelist, an object's
 * from the codes inside it), and keep only the items served, in order and without gaps, so that
 * nothing served depends on an item withheld. The withheld list names concrete pointers into the
 * original document and reasons, never values.
 */
export function applyDecisions<T>(document: T, decisions: Decisions, options: ApplyOptions = {}): Filtered<T> {
  const now = options.now ?? decisions.request.now;
  const sitesByAnchor = new Map<string, ValueSite[]>();
  for (const site of decisions.policy.valueSites) sitesByAnchor.set(site.anchor, [...(sitesByAnchor.get(site.anchor) ?? []), site]);
  const withheld: Withheld[] = [];
  const transformed: Transformed[] = [];
  const valueTiers = new Map<string, string>();
  const positions = new WeakMap<readonly unknown[], readonly number[]>();
  const relocated: Array<Transformed & { value: unknown }> = [];

  /** The tiers the value's codes add at this anchor, sorted, or undefined. */
  const tiersAt = (pattern: string, value: unknown): string[] | undefined => {
    const sites = sitesByAnchor.get(pattern);
    if (!sites) return undefined;
    const tiers = new Set<string>();
    for (const site of sites) tiersFromValue(site, value, tiers);
    return tiers.size ? [...tiers].sort() : undefined;
  };

  /** Switches to the decisions for this anchor when its value adds tiers. */
  const tableFor = (at: At, value: unknown, table: Table): { table: Table; tier?: string } => {
    const tiers = tiersAt(at.pattern, value);
    if (!tiers) return { table };
    const tier = tiers.join(',');
    valueTiers.set(at.concrete, tier);
    return { table: decisions.variant(at.pattern, tiers), tier };
  };

  const visitObject = (value: Record<string, unknown>, at: At, table: Table, tier?: string): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    const mark = relocated.length;
    for (const [name, item] of Object.entries(value)) {
      const kept = visitField(item, child(at, name), table, tier);
      if (kept !== undefined) out[name] = kept;
    }
    // A generalised form whose field is beside it (a dependant's age band) is placed here, so the object is kept with it.
    for (let r = mark; r < relocated.length; r++) {
      const moved = relocated[r]!;
      const slash = moved.served.lastIndexOf('/');
      if (moved.served.slice(0, slash) !== at.served) continue;
      const name = nameOfToken(moved.served.slice(slash + 1));
      if (out[name] === undefined) out[name] = moved.value;
      relocated.splice(r--, 1);
    }
    return out;
  };

  /** A list of codes whose codelist labels some codes with a tier: each code is decided with its own. */
  const visitCodeList = (value: unknown[], at: At, base: Table, outerTier: string | undefined, decision: FieldDecision): unknown[] => {
    const items: unknown[] = [];
    const kept: number[] = [];
    value.forEach((code, i) => {
      const item: At = { pattern: at.pattern, concrete: `${at.concrete}/${i}`, served: `${at.served}/${items.length}` };
      const { table, tier = outerTier } = tableFor(item, [code], base);
      const own = table === base ? decision : table.get(at.pattern);
      if (own?.action === 'release') {
        items.push(code);
        kept.push(i);
      } else withheld.push({ pointer: item.concrete, reason: own?.reason ?? 'AGREEMENT_EXCLUDES', ...(tier ? { valueTier: tier } : {}) });
    });
    if (kept.length < value.length) positions.set(items, kept);
    return items;
  };

  const visitList = (value: unknown[], at: At, table: Table, tier: string | undefined): unknown[] => {
    const itemPattern = `${at.pattern}/*`;
    const items: unknown[] = [];
    const kept: number[] = [];
    value.forEach((item, i) => {
      const itemAt: At = { pattern: itemPattern, concrete: `${at.concrete}/${i}`, served: `${at.served}/${items.length}` };
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        items.push(item);
        kept.push(i);
        return;
      }
      const { table: itemTable, tier: itemTier = tier } = tableFor(itemAt, item, table);
      const mark = withheld.length;
      const moved = relocated.length;
      const result = visitObject(item as Record<string, unknown>, itemAt, itemTable, itemTier);
      if (Object.keys(result).length > 0) {
        items.push(result);
        kept.push(i);
        return;
      }
      // Served only in a generalised form elsewhere ("vulnerable person"): its fields stay withheld one by one.
      if (relocated.length > moved) return;
      // An item of which nothing may be served is absent: reported once, with the first reason its fields gave.
      const first = withheld[mark];
      withheld.splice(mark);
      withheld.push({ pointer: itemAt.concrete, reason: first?.reason ?? 'AGREEMENT_EXCLUDES', ...(itemTier ? { valueTier: itemTier } : {}) });
    });
    if (kept.length < value.length) positions.set(items, kept);
    return items;
  };

  const visitField = (value: unknown, at: At, outer: Table, outerTier?: string): unknown => {
    const codeList = Array.isArray(value) && sitesByAnchor.has(at.pattern);
    const { table, tier = outerTier } = codeList ? { table: outer } : tableFor(at, value, outer);
    const decision = table.get(at.pattern);
    if (!decision) {
      withheld.push({ pointer: at.concrete, reason: 'UNKNOWN_FIELD' });
      return undefined;
    }
    if (codeList && decision.action !== 'transform') {
      // Each code is decided with its own tier, even where the list's own decision withholds it: a
      // clause for health alone releases the health services of a list and nothing else.
      const mark = withheld.length;
      const items = visitCodeList(value as unknown[], at, outer, tier, decision);
      if (items.length > 0) return items;
      if (decision.action === 'withhold') {
        withheld.splice(mark);
        for (let i = 0; i < (value as unknown[]).length; i++) valueTiers.delete(`${at.concrete}/${i}`);
        withheld.push({ pointer: at.concrete, reason: decision.reason! });
      }
      // A list of which nothing remains is absent, as an empty one is: nothing tells them apart.
      return undefined;
    }
    if (decision.action === 'withhold') {
      withheld.push({ pointer: at.concrete, reason: decision.reason!, ...(tier ? { valueTier: tier } : {}) });
      return undefined;
    }
    if (decision.action === 'transform') {
      const released = applyTransform(decision.transform!, value, now);
      if (released === undefined) {
        withheld.push({ pointer: at.concrete, reason: 'TRANSFORM_NOT_APPLICABLE' });
        return undefined;
      }
      const target = decisions.policy.model.byPointer.get(at.pattern)?.info.transformTargets?.[decision.transform!];
      if (target) {
        // The generalised form has a field of its own (an age band in ageBand): served there, not here.
        const moved = { pointer: relative(at.concrete, target), served: relative(at.served, target), transform: decision.transform! };
        relocated.push({ ...moved, value: released });
        transformed.push(moved);
        return undefined;
      }
      transformed.push({ pointer: at.concrete, served: at.served, transform: decision.transform! });
      return released;
    }
    if (SUBJECT_POINTERS.has(at.pattern) && options.subjectPseudonym) return options.subjectPseudonym;
    if (Array.isArray(value)) {
      const items = visitList(value, at, table, tier);
      return items.length > 0 ? items : undefined;
    }
    if (value !== null && typeof value === 'object') {
      const kept = visitObject(value as Record<string, unknown>, at, table, tier);
      return Object.keys(kept).length > 0 ? kept : undefined;
    }
    return value;
  };

  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new TypeError('applyDecisions expects a referral document (a JSON object)');
  }
  const filtered = visitObject(document as Record<string, unknown>, { pattern: '', concrete: '', served: '' }, decisions.byPointer);
  for (const r of relocated) placeAt(filtered, r.served, r.value);
  return { document: filtered as T, withheld, transformed, valueTiers, positions };
}
