import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSpecDir } from '../../lib/spec/paths.ts';
import { fieldCatalogue, type FieldInfo } from '../../lib/spec/fields.ts';
import type { Spec } from '../../lib/spec/types.ts';

export interface GroupDefinition {
  pointers?: string[];
  tiers?: string[];
  generalised?: string[];
}

/** One side of the assistance–police firewall: its data (field groups) and its members (agency types). */
export interface FirewallSide {
  groups: string[];
  agencyTypes: string[];
  /** The parts of a status update that are this side's data: members, and decline reasons that tell of her own decisions or her help elsewhere. */
  statusUpdate?: { members: string[]; declineReasons: string[] };
}

export interface FirewallDefinition {
  description?: string;
  sides: Record<string, FirewallSide>;
}

export interface FieldGroupsFile {
  version: string;
  document: string;
  envelope: { description: string; pointers: string[] };
  groups: Record<string, GroupDefinition>;
  /** The assistance–police firewall: each side's field groups and agency types (firewall.ts). */
  firewall?: FirewallDefinition;
}

/** A catalogue field as policy sees it: which groups it belongs to and which it needs. */
export interface PolicyField {
  index: number;
  pointer: string;
  /** The pointer with every `*` segment left out, the form consent paths use. */
  plain: string;
  info: FieldInfo;
  tiers: readonly string[];
  groups: ReadonlySet<string>;
  envelope: boolean;
  /** Groups in which the field is already the generalised form of the group's data. */
  generalisedIn: ReadonlySet<string>;
  /** Index of the enclosing catalogue field, or -1. */
  parent: number;
  children: number[];
}

export function loadFieldGroups(dir: string = defaultSpecDir): FieldGroupsFile {
  return JSON.parse(readFileSync(join(dir, 'field-groups.json'), 'utf8')) as FieldGroupsFile;
}

/** Drops `*` segments so that '/sections/needs/*\/category' and '/sections/needs/category' compare equal. */
export function plainPointer(pointer: string): string {
  return pointer.replace(/\/\*(?=\/|$)/g, '');
}

/** True when `pointer` is `prefix` or lies inside it (both in plain form). */
export function underPrefix(prefix: string, pointer: string): boolean {
  return pointer === prefix || (pointer.startsWith(prefix) && pointer.charCodeAt(prefix.length) === 47);
}

export interface FieldModel {
  file: FieldGroupsFile;
  fields: PolicyField[];
  byPointer: Map<string, PolicyField>;
  /** For each tier, the groups that list it: a field carrying it needs one of them. */
  groupsByTier: Map<string, string[]>;
  groupCodes: Set<string>;
}

/** Groups a field belongs to, given its plain pointer and its tiers. */
export function groupsOf(file: FieldGroupsFile, plain: string, tiers: readonly string[]): Set<string> {
  const groups = new Set<string>();
  for (const [code, def] of Object.entries(file.groups)) {
    if (def.pointers?.some((p) => underPrefix(plainPointer(p), plain)) || def.tiers?.some((t) => tiers.includes(t))) groups.add(code);
  }
  return groups;
}

const models = new WeakMap<Spec, FieldModel>();

/** The referral catalogue labelled with field groups; built once per loaded spec. */
export function fieldModel(spec: Spec, file: FieldGroupsFile = loadFieldGroups(spec.dir)): FieldModel {
  const hit = models.get(spec);
  if (hit && hit.file.version === file.version) return hit;
  const catalogue = fieldCatalogue(spec, file.document);
  const envelope = file.envelope.pointers.map(plainPointer);
  const byPointer = new Map<string, PolicyField>();
  const fields: PolicyField[] = catalogue.map((info, index) => {
    const plain = plainPointer(info.pointer);
    const generalisedIn = new Set<string>();
    for (const [code, def] of Object.entries(file.groups)) {
      if (def.generalised?.some((p) => underPrefix(plainPointer(p), plain))) generalisedIn.add(code);
    }
    const parentPointer = info.pointer.replace(/(\/\*)?\/[^/]+$/, '');
    const parent = byPointer.get(parentPointer);
    const field: PolicyField = {
      index,
      pointer: info.pointer,
      plain,
      info,
      tiers: info.tiers,
      groups: groupsOf(file, plain, info.tiers),
      envelope: envelope.includes(plain),
      generalisedIn,
      parent: parent ? parent.index : -1,
      children: [],
    };
    parent?.children.push(index);
    byPointer.set(info.pointer, field);
    return field;
  });
  const groupsByTier = new Map<string, string[]>();
  for (const [code, def] of Object.entries(file.groups)) {
    for (const tier of def.tiers ?? []) groupsByTier.set(tier, [...(groupsByTier.get(tier) ?? []), code]);
  }
  const model = { file, fields, byPointer, groupsByTier, groupCodes: new Set(Object.keys(file.groups)) };
  models.set(spec, model);
  return model;
}

const groupCaches = new WeakMap<FieldModel, Map<string, string | undefined>>();

/**
 * The field group a decision about `pattern` (a catalogue pointer, `*` for array items) is
 * recorded under: the first group the catalogue gives the field, 'envelope' for the message's own
 * fields; a value inside a listed field (an object released whole) takes its nearest listed ancestor's.
 */
export function groupAt(model: FieldModel, pattern: string): string | undefined {
  let cache = groupCaches.get(model);
  if (!cache) groupCaches.set(model, (cache = new Map()));
  if (cache.has(pattern)) return cache.get(pattern);
  let field = model.byPointer.get(pattern);
  for (let p = pattern; !field && p.includes('/'); ) {
    p = p.slice(0, p.lastIndexOf('/'));
    field = model.byPointer.get(p);
  }
  const group = field ? (field.envelope ? 'envelope' : [...field.groups][0]) : undefined;
  cache.set(pattern, group);
  return group;
}
