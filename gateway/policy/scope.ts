import { plainPointer, underPrefix, type FieldModel } from './field-groups.ts';

/** A set of fields named by groups and paths, as consent provisions and agreement clauses name them. */
export interface Scope {
  /** False when the naming element had no data condition at all: it covers everything. */
  restricted: boolean;
  groups: ReadonlySet<string>;
  paths: readonly string[];
}

export const EVERYTHING: Scope = { restricted: false, groups: new Set(), paths: [] };

export function scopeOf(named: { fieldGroups?: readonly string[]; paths?: readonly string[] }): Scope {
  if (!named.fieldGroups?.length && !named.paths?.length) return EVERYTHING;
  return { restricted: true, groups: new Set(named.fieldGroups ?? []), paths: (named.paths ?? []).map(plainPointer) };
}

/** A field as a scope is checked against: its static labels plus tiers its values add. */
export interface FieldView {
  plain: string;
  tiers: readonly string[];
  groups: ReadonlySet<string>;
  /** Tiers that come from codelist values in this document rather than from the schema. */
  valueTiers: readonly string[];
}

export function namedByPath(scope: Scope, field: FieldView): boolean {
  for (const path of scope.paths) if (underPrefix(path, field.plain)) return true;
  return false;
}

function namedByGroup(scope: Scope, field: FieldView): boolean {
  for (const group of field.groups) if (scope.groups.has(group)) return true;
  return false;
}

/** True when the scope names the field at all: what a deny or a transform rule reaches. */
export function touches(scope: Scope, field: FieldView): boolean {
  return !scope.restricted || namedByPath(scope, field) || namedByGroup(scope, field);
}

/**
 * True when the scope grants the field: it names the field, and for every tier that a group
 * guards (special categories, location, family, migration status, her words) it names one of
 * those groups. A path naming the field stands for the schema's own tiers, never for tiers a
 * value adds: a path to a need's category does not release an addiction need.
 */
export function grants(scope: Scope, field: FieldView, model: FieldModel): boolean {
  if (!scope.restricted) return true;
  const byPath = namedByPath(scope, field);
  if (!byPath && !namedByGroup(scope, field)) return false;
  for (const tier of field.tiers) {
    const guards = model.groupsByTier.get(tier);
    if (!guards || (byPath && !field.valueTiers.includes(tier))) continue;
    if (!guards.some((g) => scope.groups.has(g))) return false;
  }
  return true;
}
