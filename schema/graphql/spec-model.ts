/**
 * Walks the loaded spec and describes the GraphQL types it implies, as plain data: one object type
 * per object schema, per `$defs` object and per nested inline object; one code type per codelist
 * (and per inline string enum, spec-codes.ts); lists; scalars with their format. Nothing here is
 * hand-written per object, so a change to a schema file shows up in GraphQL at the next start.
 */
import type { JsonSchemaObject, Spec, SpecSchema } from '../../lib/spec/types.ts';
import { fieldName, typeName } from './names.ts';
import { codelistCodeType, inlineCodeType, type SpecCodeType } from './spec-codes.ts';
import { asArray, at, child, declaredTypes, describe, isObject, refResolver, type Place } from './spec-nodes.ts';

export type { SpecCode, SpecCodeType } from './spec-codes.ts';

export type ScalarName = 'String' | 'Int' | 'Float' | 'Boolean' | 'JSON';

export type SpecFieldType =
  | { kind: 'scalar'; name: ScalarName; format?: string }
  | { kind: 'code'; name: string }
  | { kind: 'object'; name: string }
  | { kind: 'list'; of: SpecFieldType };

export interface SpecField {
  /** The JSON property name the value is read from. */
  property: string;
  /** The GraphQL field name (the property name unless that is not a valid GraphQL name). */
  name: string;
  type: SpecFieldType;
  description: string;
  /** The property's own `x-nrx-sensitivity` tier. */
  sensitivity?: string;
  transforms: string[];
  /** Every place in the spec that defines this property: `<schema $id>#<JSON pointer>`. */
  locations: string[];
}

export interface SpecObjectType {
  name: string;
  description: string;
  location: string;
  fields: SpecField[];
}

export interface SpecModel {
  objects: Map<string, SpecObjectType>;
  /** Code types (codelists and inline enums) by GraphQL name. */
  codes: Map<string, SpecCodeType>;
  /** Document kind (`referral`) to the GraphQL type of its schema, when it is an object type. */
  documents: Map<string, SpecFieldType>;
  /** Schema `$id` to the GraphQL type that represents the whole schema. */
  schemaTypes: Map<string, SpecFieldType>;
}

const JSON_TYPE: SpecFieldType = { kind: 'scalar', name: 'JSON' };

interface PropertySource {
  property: string;
  schema: unknown;
  place: Place;
}

/** Builds the model; throws on a `$ref` that does not resolve, since the spec's own tests forbid it. */
export function buildSpecModel(spec: Spec): SpecModel {
  const model: SpecModel = { objects: new Map(), codes: new Map(), documents: new Map(), schemaTypes: new Map() };
  const named = new Map<string, SpecFieldType>();
  const namesTaken = new Set<string>(['Query', 'Mutation', 'Subscription', 'JSON', 'PageInfo', 'String', 'Int', 'Float', 'Boolean', 'ID']);

  const objectStems = new Set(spec.schemas.filter((s) => !s.codelist).map((s) => typeName(s.name)));
  const uniqueName = (wanted: string) => {
    let name = wanted;
    for (let i = 2; namesTaken.has(name); i++) name = `${wanted}${i}`;
    namesTaken.add(name);
    return name;
  };

  const resolveRef = refResolver(spec);

  /** The name a referenced node gets: its file for a whole schema, its `$defs` key for a definition. */
  function refName(schema: SpecSchema, pointer: string): string {
    if (!pointer) return typeName(schema.name);
    const segments = pointer.split('/').slice(1).filter((s) => s !== '$defs' && s !== 'properties' && s !== 'definitions');
    return schema.name === 'common' ? typeName(...segments) : typeName(schema.name, ...segments);
  }

  function typeOfRef(ref: string, base: string): SpecFieldType {
    const target = resolveRef(ref, base);
    const key = at(target.place);
    const known = named.get(key);
    if (known) return known;
    if (!target.place.pointer && target.schema.codelist) {
      const type = codelistCode(target.schema);
      named.set(key, type);
      return type;
    }
    return typeOf(target.node, target.place, refName(target.schema, target.place.pointer), key);
  }

  function codelistCode(schema: SpecSchema): SpecFieldType {
    // A codelist named like an object schema (residence-status) yields `ResidenceStatusCode`.
    const stem = typeName(schema.name);
    const name = uniqueName(objectStems.has(stem) ? `${stem}Code` : stem);
    model.codes.set(name, codelistCodeType(schema, name));
    return { kind: 'code', name };
  }

  function inlineCode(codes: string[], hint: string, description: string, place: Place): SpecFieldType {
    const name = uniqueName(hint);
    model.codes.set(name, inlineCodeType(codes, name, description, at(place)));
    return { kind: 'code', name };
  }

  function isObjectLike(node: unknown, base: string, depth = 0): boolean {
    if (!isObject(node) || depth > 20) return false;
    if (typeof node.$ref === 'string') {
      const target = resolveRef(node.$ref, base);
      return !target.schema.codelist && isObjectLike(target.node, target.place.base, depth + 1);
    }
    const types = declaredTypes(node);
    if (types.length) return types.length === 1 && types[0] === 'object';
    if (isObject(node.properties)) return true;
    const branches = [...asArray(node.allOf), ...asArray(node.oneOf), ...asArray(node.anyOf)];
    return branches.length > 0 && branches.some((b) => isObjectLike(b, base, depth + 1));
  }

  /** Every property an object node can have: its own and those of its `allOf`/`oneOf`/`anyOf`/`if` branches. */
  function collectProperties(node: unknown, place: Place, out: PropertySource[], seen: Set<string>): PropertySource[] {
    if (!isObject(node) || seen.has(at(place))) return out;
    seen.add(at(place));
    if (typeof node.$ref === 'string') {
      const target = resolveRef(node.$ref, place.base);
      collectProperties(target.node, target.place, out, seen);
    }
    if (isObject(node.properties)) {
      for (const [property, schema] of Object.entries(node.properties)) out.push({ property, schema, place: child(place, 'properties', property) });
    }
    for (const keyword of ['allOf', 'oneOf', 'anyOf'] as const) {
      asArray(node[keyword]).forEach((branch, i) => collectProperties(branch, child(place, keyword, i), out, seen));
    }
    for (const keyword of ['if', 'then', 'else'] as const) {
      if (node[keyword] !== undefined) collectProperties(node[keyword], child(place, keyword), out, seen);
    }
    if (isObject(node.dependentSchemas)) {
      for (const [key, branch] of Object.entries(node.dependentSchemas)) collectProperties(branch, child(place, 'dependentSchemas', key), out, seen);
    }
    return out;
  }

  function objectType(node: JsonSchemaObject, place: Place, hint: string, memoKey?: string): SpecFieldType {
    return objectTypeOf([{ node, place }], hint, memoKey);
  }

  /**
   * One object type for one or more schema nodes that describe the same value: a node and, for a
   * property that a conditional branch (`then`, `else`, `allOf`) describes again, those branches too.
   */
  function objectTypeOf(roots: Array<{ node: unknown; place: Place }>, hint: string, memoKey?: string): SpecFieldType {
    const seen = new Set<string>();
    const sources = roots.flatMap((root) => collectProperties(root.node, root.place, [], seen));
    if (sources.length === 0) {
      if (memoKey) named.set(memoKey, JSON_TYPE);
      return JSON_TYPE;
    }
    const name = uniqueName(hint);
    const type: SpecFieldType = { kind: 'object', name };
    if (memoKey) named.set(memoKey, type);
    const object: SpecObjectType = { name, description: describe(roots[0]!.node), location: at(roots[0]!.place), fields: [] };
    model.objects.set(name, object);
    const groups = new Map<string, PropertySource[]>();
    for (const source of sources) groups.set(source.property, [...(groups.get(source.property) ?? []), source]);
    for (const [property, group] of groups) {
      const first = group[0]!;
      const schema = isObject(first.schema) ? first.schema : {};
      const hintName = typeName(name, property);
      // A property described in several places (a conditional branch adds members to it) is one
      // field whose object type has the members of every description.
      const inlineObjects = group.length > 1 && group.every((g) => isObject(g.schema) && typeof g.schema.$ref !== 'string' && isObjectLike(g.schema, g.place.base));
      const fieldType = inlineObjects ? objectTypeOf(group.map((g) => ({ node: g.schema, place: g.place })), hintName) : typeOf(first.schema, first.place, hintName);
      const labelled = group.find((g) => isObject(g.schema) && typeof g.schema['x-nrx-sensitivity'] === 'string')?.schema as JsonSchemaObject | undefined;
      const described = group.find((g) => isObject(g.schema) && typeof g.schema.description === 'string')?.schema as JsonSchemaObject | undefined;
      const tier = (labelled ?? schema)['x-nrx-sensitivity'];
      const transforms = (labelled ?? schema)['x-nrx-transforms'];
      object.fields.push({
        property,
        name: fieldName(property),
        type: fieldType,
        description: fieldDescription({ ...(described ?? schema), ...(labelled ? { 'x-nrx-sensitivity': tier, ...(transforms ? { 'x-nrx-transforms': transforms } : {}) } : {}) }, first.place, fieldType),
        ...(typeof tier === 'string' ? { sensitivity: tier } : {}),
        transforms: Array.isArray(transforms) ? (transforms as string[]) : [],
        locations: group.map((g) => at(g.place)),
      });
    }
    return type;
  }

  function typeOf(node: unknown, place: Place, hint: string, memoKey?: string): SpecFieldType {
    const remember = (type: SpecFieldType) => {
      if (memoKey) named.set(memoKey, type);
      return type;
    };
    if (!isObject(node)) return remember(JSON_TYPE);
    if (typeof node.$ref === 'string' && !isObject(node.properties) && !node.allOf) return remember(typeOfRef(node.$ref, place.base));
    if ('const' in node) return remember(scalarOfValue(node.const));
    if (Array.isArray(node.enum)) {
      const codes = node.enum.filter((v) => v !== null);
      if (codes.length && codes.every((v) => typeof v === 'string')) return remember(inlineCode(codes as string[], hint, describe(node), place));
      return remember(JSON_TYPE);
    }
    const types = declaredTypes(node);
    if (types.length > 1) return remember(JSON_TYPE);
    const type = types[0];
    if (type === 'object' || (!type && isObjectLike(node, place.base))) return objectType(node, place, hint, memoKey);
    if (type === 'array' || (!type && node.items !== undefined)) {
      if (node.prefixItems !== undefined || !isObject(node.items)) return remember({ kind: 'list', of: JSON_TYPE });
      return remember({ kind: 'list', of: typeOf(node.items, child(place, 'items'), `${hint}Item`) });
    }
    if (type === 'string') return remember(typeof node.format === 'string' ? { kind: 'scalar', name: 'String', format: node.format } : { kind: 'scalar', name: 'String' });
    if (type === 'integer') return remember(intOrFloat(node));
    if (type === 'number') return remember({ kind: 'scalar', name: 'Float' });
    if (type === 'boolean') return remember({ kind: 'scalar', name: 'Boolean' });
    // No type: the combinators decide. Branches that all agree give that type; anything else is JSON.
    const branches = [...asArray(node.oneOf), ...asArray(node.anyOf), ...asArray(node.allOf)];
    if (branches.length) {
      const branchTypes = branches.map((branch, i) => typeOf(branch, child(place, 'oneOf', i), `${hint}Option${i + 1}`));
      const first = JSON.stringify(branchTypes[0]);
      if (branchTypes.every((t) => JSON.stringify(t) === first)) return remember(branchTypes[0]!);
    }
    return remember(JSON_TYPE);
  }

  function fieldDescription(schema: JsonSchemaObject, place: Place, type: SpecFieldType): string {
    let description = typeof schema.description === 'string' ? schema.description : '';
    if (!description && typeof schema.$ref === 'string') description = describe(resolveRef(schema.$ref, place.base).node);
    const notes: string[] = [];
    const format = formatOf(type);
    if (format) notes.push(`Format: ${format}.`);
    if (typeof schema['x-nrx-sensitivity'] === 'string') notes.push(`Sensitivity: ${schema['x-nrx-sensitivity']}.`);
    if (Array.isArray(schema['x-nrx-transforms'])) notes.push(`May be released as: ${(schema['x-nrx-transforms'] as string[]).join(', ')}.`);
    return [description, notes.join(' ')].filter(Boolean).join('\n\n');
  }

  for (const schema of spec.schemas) {
    model.schemaTypes.set(schema.id, typeOfRef(schema.id, schema.id));
  }
  for (const schema of spec.schemas) {
    // $defs objects are types of their own even when nothing references them yet.
    if (isObject(schema.json.$defs)) for (const def of Object.keys(schema.json.$defs)) typeOfRef(`${schema.id}#/$defs/${def}`, schema.id);
  }
  for (const [kind, id] of spec.documentKinds) model.documents.set(kind, model.schemaTypes.get(id)!);
  return model;
}

function formatOf(type: SpecFieldType): string | undefined {
  if (type.kind === 'scalar') return type.format;
  if (type.kind === 'list') return formatOf(type.of);
  return undefined;
}

function scalarOfValue(value: unknown): SpecFieldType {
  if (typeof value === 'string') return { kind: 'scalar', name: 'String' };
  if (typeof value === 'boolean') return { kind: 'scalar', name: 'Boolean' };
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 2 ** 31 ? { kind: 'scalar', name: 'Int' } : { kind: 'scalar', name: 'Float' };
  return JSON_TYPE;
}

/** GraphQL's Int is 32-bit; an integer the schema does not bound to that range is served as Float. */
function intOrFloat(node: JsonSchemaObject): SpecFieldType {
  const max = typeof node.maximum === 'number' ? node.maximum : Infinity;
  const min = typeof node.minimum === 'number' ? node.minimum : -Infinity;
  return max < 2 ** 31 && min >= -(2 ** 31) ? { kind: 'scalar', name: 'Int' } : { kind: 'scalar', name: 'Float' };
}
