import type { JsonSchemaObject, Spec } from './types.ts';
import { NrxError } from '../errors.ts';
import { pointerNames, pointerToken } from '../json-pointer.ts';

/** One property of a document, wherever it stands in the document tree. */
export interface FieldInfo {
  /** JSON Pointer from the document root; `*` stands for every item of an array. */
  pointer: string;
  /** The property's own tier. */
  tier: string;
  /** Its own tier and the tiers of every enclosing property, most distant first, without repeats. */
  tiers: string[];
  /** Generalised forms it may be released in. */
  transforms: string[];
  /** Where a transform's result is served instead of here: a Relative JSON Pointer per transform (`1/ageBand`). */
  transformTargets?: Record<string, string>;
  /** The codelist its values (or its array items' values) come from. */
  codelist?: string;
  /** JSON type of the value: object, array, string, boolean, integer, number. */
  type: string;
  /** True when the field holds no further labelled properties. */
  leaf: boolean;
  required: boolean;
  description: string;
  /** The `$id` of the schema that declares the property. */
  declaredIn: string;
}

const cache = new WeakMap<Spec, Map<string, FieldInfo[]>>();

/**
 * Every property of a document kind, found by walking its schema through properties, array
 * items and `$ref`s into other files. A recursive definition (a consent provision's nested
 * exceptions) is listed once and not entered again.
 */
export function fieldCatalogue(spec: Spec, kind: string): FieldInfo[] {
  let perSpec = cache.get(spec);
  if (!perSpec) cache.set(spec, (perSpec = new Map()));
  const hit = perSpec.get(kind);
  if (hit) return hit;
  const id = spec.documentKinds.get(kind);
  if (!id) throw new NrxError('UNKNOWN_KIND', `unknown document kind '${kind}'`);
  const fields: FieldInfo[] = [];
  walkObject(spec, resolve(spec, id, id), '', [], fields, new Set());
  perSpec.set(kind, fields);
  return fields;
}

interface Located {
  schema: JsonSchemaObject;
  /** `$id` of the file the schema stands in, for resolving its relative `$ref`s. */
  base: string;
  /** Identity of the definition reached through `$ref`, for the recursion guard. */
  key: string;
}

/** Resolves a `$ref` (relative file, fragment, or both) against the file it appears in. */
export function resolve(spec: Spec, ref: string, base: string): Located {
  const absolute = new URL(ref, base).href;
  const [fileId, fragment = ''] = absolute.split('#') as [string, string?];
  const file = spec.byId.get(fileId);
  if (!file) throw new NrxError('SPEC_INVALID', `unresolved $ref ${ref} from ${base}`);
  let node: unknown = file.json;
  for (const name of pointerNames(fragment)) {
    node = (node as Record<string, unknown>)?.[name];
  }
  if (!node || typeof node !== 'object') throw new NrxError('SPEC_INVALID', `unresolved $ref ${ref} from ${base}`);
  return { schema: node as JsonSchemaObject, base: fileId, key: absolute };
}

/** Follows `$ref` chains until a schema with content of its own; keeps sibling keywords. */
function deref(spec: Spec, schema: JsonSchemaObject, base: string): Located {
  let current: Located = { schema, base, key: '' };
  for (let hops = 0; typeof current.schema.$ref === 'string' && hops < 20; hops++) {
    const target = resolve(spec, current.schema.$ref as string, current.base);
    current = { schema: { ...target.schema, ...withoutRef(current.schema) }, base: target.base, key: target.key };
  }
  return current;
}

function withoutRef(schema: JsonSchemaObject): JsonSchemaObject {
  const { $ref: _ref, ...rest } = schema;
  return rest;
}

function codelistName(spec: Spec, schema: JsonSchemaObject, base: string): string | undefined {
  if (typeof schema.$ref !== 'string') return undefined;
  const target = resolve(spec, schema.$ref, base);
  if (target.schema['x-nrx-codelist']) return spec.byId.get(target.base)?.name;
  return codelistName(spec, target.schema, target.base);
}

function walkObject(spec: Spec, located: Located, prefix: string, tiers: string[], out: FieldInfo[], entered: Set<string>): void {
  const properties = (located.schema.properties ?? {}) as Record<string, JsonSchemaObject>;
  const required = new Set((located.schema.required ?? []) as string[]);
  for (const [name, property] of Object.entries(properties)) {
    const pointer = `${prefix}/${pointerToken(name)}`;
    const tier = property['x-nrx-sensitivity'] as string;
    const pathTiers = tiers.includes(tier) ? tiers : [...tiers, tier];
    const value = deref(spec, property, located.base);
    const isArray = value.schema.type === 'array';
    const item = isArray && value.schema.items ? deref(spec, value.schema.items as JsonSchemaObject, value.base) : undefined;
    const content = item ?? value;
    const nested = content.schema.type === 'object' && content.schema.properties !== undefined;
    const codelist = codelistName(spec, property, located.base) ??
      (isArray && value.schema.items ? codelistName(spec, value.schema.items as JsonSchemaObject, value.base) : undefined);
    out.push({
      pointer,
      tier,
      tiers: pathTiers,
      transforms: (property['x-nrx-transforms'] ?? []) as string[],
      ...(property['x-nrx-transform-targets'] ? { transformTargets: property['x-nrx-transform-targets'] as Record<string, string> } : {}),
      ...(codelist ? { codelist } : {}),
      type: typeOf(value.schema),
      leaf: !nested,
      required: required.has(name),
      description: String(property.description ?? ''),
      declaredIn: located.base,
    });
    if (!nested) continue;
    const key = content.key || `${content.base}@${pointer}`;
    if (content.key && entered.has(key)) continue;
    const next = new Set(entered);
    if (content.key) next.add(key);
    walkObject(spec, content, isArray ? `${pointer}/*` : pointer, pathTiers, out, next);
  }
}

function typeOf(schema: JsonSchemaObject): string {
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type)) return schema.type.join('|');
  if ('const' in schema) return typeof schema.const;
  if (Array.isArray(schema.enum) || Array.isArray(schema.oneOf)) return 'string';
  return 'unknown';
}
