import type { Spec } from '../../lib/spec/types.ts';
import type { FieldModel } from './field-groups.ts';

/**
 * A field whose codelist has codes that reveal more than the field's label (a need category
 * 'medical.addiction-treatment' is special-health). Such a value gives its tier to the whole
 * enclosing array item (the need, the offer), or to the field itself outside any array.
 */
export interface ValueSite {
  /** Catalogue pointer of the field holding the code(s). */
  pointer: string;
  /** Catalogue pointer of what the tier applies to: the enclosing array item ('…/*') or the field. */
  anchor: string;
  /** The field's path relative to the anchor, as property names (empty when the anchor is the field). */
  relative: string[];
  tiers: ReadonlyMap<string, string>;
}

export function codeTiers(spec: Spec, codelist: string): Map<string, string> {
  const schema = spec.schemas.find((s) => s.codelist?.name === codelist);
  const tiers = new Map<string, string>();
  for (const entry of (schema?.json.oneOf ?? []) as Array<{ const: string; 'x-nrx-sensitivity'?: string }>) {
    if (entry['x-nrx-sensitivity']) tiers.set(entry.const, entry['x-nrx-sensitivity']);
  }
  return tiers;
}

export function valueSites(spec: Spec, model: FieldModel): ValueSite[] {
  const sites: ValueSite[] = [];
  for (const field of model.fields) {
    if (!field.info.codelist) continue;
    const tiers = codeTiers(spec, field.info.codelist);
    if (tiers.size === 0) continue;
    const star = field.pointer.lastIndexOf('/*/');
    const anchor = star >= 0 ? field.pointer.slice(0, star + 2) : field.pointer;
    const relative = star >= 0 ? field.pointer.slice(star + 3).split('/') : [];
    sites.push({ pointer: field.pointer, anchor, relative, tiers });
  }
  return sites;
}

/** The tiers the values at `site` add, read from the anchor's value (an array item or the field's value). */
export function tiersFromValue(site: ValueSite, anchorValue: unknown, out: Set<string>): void {
  let value: unknown = anchorValue;
  for (const name of site.relative) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    value = (value as Record<string, unknown>)[name];
  }
  const codes = Array.isArray(value) ? value : [value];
  for (const code of codes) {
    if (typeof code !== 'string') continue;
    const tier = site.tiers.get(code);
    if (tier) out.add(tier);
  }
}
