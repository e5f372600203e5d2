import type { JsonSchemaObject, Spec } from '../../lib/spec/types.ts';

/** A place in the spec's schema tree: the schema file's `$id` and the JSON Pointer inside it. */
export interface SchemaLocation {
  id: string;
  pointer: string;
  schema: JsonSchemaObject;
}

const escape = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');
const unescape = (segment: string) => segment.replaceAll('~1', '/').replaceAll('~0', '~');

/** The subschema at a JSON Pointer inside one of the spec's schema files. */
export function at(spec: Spec, id: string, pointer: string): SchemaLocation | undefined {
  const file = spec.byId.get(id);
  if (!file) return undefined;
  let node: unknown = file.json;
  for (const segment of pointer.split('/').slice(1).map(unescape)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node && typeof node === 'object' ? { id, pointer, schema: node as JsonSchemaObject } : undefined;
}

/** Follows `$ref` until it reaches a schema that says something itself. */
export function deref(spec: Spec, location: SchemaLocation): SchemaLocation {
  let current = location;
  for (let hops = 0; typeof current.schema.$ref === 'string'; hops++) {
    if (hops > 20) throw new Error(`$ref loop at ${current.id}#${current.pointer}`);
    const target = new URL(current.schema.$ref as string, current.id);
    const fragment = decodeURIComponent(target.hash.replace(/^#/, ''));
    target.hash = '';
    const next = at(spec, target.href, fragment);
    if (!next) throw new Error(`unresolved $ref ${String(current.schema.$ref)} in ${current.id}#${current.pointer}`);
    current = next;
  }
  return current;
}

function child(spec: Spec, parent: SchemaLocation, segment: string): SchemaLocation | undefined {
  const here = deref(spec, parent);
  const isIndex = segment === '*' || /^(0|[1-9][0-9]*)$/.test(segment);
  if (isIndex && here.schema.items && typeof here.schema.items === 'object') {
    return { id: here.id, pointer: `${here.pointer}/items`, schema: here.schema.items as JsonSchemaObject };
  }
  const properties = here.schema.properties as Record<string, JsonSchemaObject> | undefined;
  if (properties?.[segment]) {
    return { id: here.id, pointer: `${here.pointer}/properties/${escape(segment)}`, schema: properties[segment] };
  }
  // A property may be declared inside a composition (allOf branches, if/then).
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    const branches = here.schema[keyword];
    if (!Array.isArray(branches)) continue;
    for (let i = 0; i < branches.length; i++) {
      const found = child(spec, { id: here.id, pointer: `${here.pointer}/${keyword}/${i}`, schema: branches[i] }, segment);
      if (found) return found;
    }
  }
  for (const keyword of ['then', 'else']) {
    const branch = here.schema[keyword];
    if (branch && typeof branch === 'object') {
      const found = child(spec, { id: here.id, pointer: `${here.pointer}/${keyword}`, schema: branch as JsonSchemaObject }, segment);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Resolves an instance path (a JSON Pointer into a document, `*` standing for any array
 * element) to the schema that governs it, starting from a document schema.
 */
export function resolveInstancePath(spec: Spec, rootId: string, path: string): SchemaLocation | undefined {
  const root = at(spec, rootId, '');
  if (!root) throw new Error(`no schema ${rootId}`);
  if (path === '') return root;
  if (!path.startsWith('/')) return undefined;
  let current: SchemaLocation | undefined = root;
  for (const segment of path.split('/').slice(1).map(unescape)) {
    current = child(spec, current, segment);
    if (!current) return undefined;
  }
  return current;
}

/** The codelist a field's values come from, looking through `$ref` and array `items`. */
export function codelistOf(spec: Spec, location: SchemaLocation): string | undefined {
  const here = deref(spec, location);
  const file = spec.byId.get(here.id);
  if (file?.codelist && here.pointer === '') return file.codelist.name;
  if (here.schema.items && typeof here.schema.items === 'object') {
    return codelistOf(spec, { id: here.id, pointer: `${here.pointer}/items`, schema: here.schema.items as JsonSchemaObject });
  }
  return undefined;
}

/** The schema one value of the field must satisfy: the items schema when the field is an array. */
export function valueSchemaOf(spec: Spec, location: SchemaLocation): SchemaLocation {
  const here = deref(spec, location);
  if (here.schema.type === 'array' && here.schema.items && typeof here.schema.items === 'object') {
    return deref(spec, { id: here.id, pointer: `${here.pointer}/items`, schema: here.schema.items as JsonSchemaObject });
  }
  return here;
}
