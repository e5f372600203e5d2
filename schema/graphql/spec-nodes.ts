/**
 * Reading JSON Schema nodes of the loaded spec: where a node is, what a `$ref` points at, which
 * types and branches a node declares. The model (spec-model.ts) decides what GraphQL makes of them.
 */
import type { JsonSchemaObject, Spec, SpecSchema } from '../../lib/spec/types.ts';
import { pointerNames, pointerToken } from '../../lib/json-pointer.ts';

export interface Place {
  /** The `$id` of the file the node is in; relative `$ref`s resolve against it. */
  base: string;
  pointer: string;
}

export interface ResolvedRef {
  node: unknown;
  place: Place;
  schema: SpecSchema;
}

export const at = (place: Place) => `${place.base}#${place.pointer}`;

export const child = (place: Place, ...segments: Array<string | number>): Place => ({
  base: place.base,
  pointer: place.pointer + segments.map((s) => '/' + pointerToken(String(s))).join(''),
});

export function isObject(value: unknown): value is JsonSchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Resolves `$ref`s of the spec; throws on one that does not resolve, since the spec's own tests forbid it. */
export function refResolver(spec: Spec): (ref: string, base: string) => ResolvedRef {
  return (ref, base) => {
    const url = new URL(ref, base);
    const fragment = decodeURIComponent(url.hash.slice(1));
    url.hash = '';
    const schema = spec.byId.get(url.href);
    if (!schema) throw new Error(`$ref ${ref} in ${base} names no schema of the spec`);
    let node: unknown = schema.json;
    for (const key of pointerNames(fragment)) {
      node = isObject(node) ? node[key] : Array.isArray(node) ? node[Number(key)] : undefined;
      if (node === undefined) throw new Error(`$ref ${ref} in ${base} points at nothing`);
    }
    return { node, place: { base: schema.id, pointer: fragment }, schema };
  };
}

/** The JSON types a node declares, without `null` (every GraphQL field is nullable). */
export function declaredTypes(node: JsonSchemaObject): string[] {
  const raw = node.type;
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  return (list as string[]).filter((t) => t !== 'null');
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function describe(node: unknown): string {
  return isObject(node) && typeof node.description === 'string' ? node.description : '';
}
