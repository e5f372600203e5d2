import type { Spec } from '../../lib/spec/types.ts';
import { parsePointer } from './pointer.ts';
import { NrxError } from '../../lib/errors.ts';

/** What the spec says about the place a mapping writes to. */
export interface SpecTarget {
  /** The JSON Schema of the target, $refs resolved. */
  schema: Record<string, unknown>;
  /** The allowed values when the target (or, for an array, each element) is a codelist, enum or const. */
  codes?: Set<string>;
  /** The codelist's name, when the allowed values come from one. */
  codelist?: string;
  /** True when the target is an array whose elements carry the codes. */
  array: boolean;
}

interface Located {
  schema: Record<string, unknown>;
  /** The $id of the document the schema lives in, to resolve relative $refs. */
  base: string;
  codelist?: string;
}

/**
 * Walks the spec from a document schema down a target pointer (`/sections/person/sex`,
 * `/sections/needs/*\/category`), following $ref, properties, items and the branches of
 * allOf/anyOf/oneOf. Returns undefined when the spec has no such place.
 */
export function resolveTarget(spec: Spec, rootId: string, pointer: string): SpecTarget | undefined {
  const root = spec.byId.get(rootId);
  if (!root) throw new NrxError('SPEC_INVALID', `the spec has no schema ${rootId}`);
  let here: Located | undefined = deref(spec, { schema: root.json, base: root.id });
  for (const token of parsePointer(pointer)) {
    if (!here) return undefined;
    here = step(spec, here, token);
  }
  if (!here) return undefined;
  const own = codesOf(spec, here);
  if (own) return { schema: here.schema, ...own, array: false };
  if (here.schema.items && typeof here.schema.items === 'object') {
    const item = deref(spec, { schema: here.schema.items as Record<string, unknown>, base: here.base });
    const itemCodes = item && codesOf(spec, item);
    if (itemCodes) return { schema: here.schema, ...itemCodes, array: true };
  }
  return { schema: here.schema, array: false };
}

function step(spec: Spec, here: Located, token: string): Located | undefined {
  const { schema, base } = here;
  if (token === '*' || /^\d+$/.test(token)) {
    if (schema.items && typeof schema.items === 'object') return deref(spec, { schema: schema.items as Record<string, unknown>, base });
  } else {
    const properties = schema.properties as Record<string, Record<string, unknown>> | undefined;
    if (properties?.[token]) return deref(spec, { schema: properties[token], base });
  }
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    for (const branch of (schema[keyword] as Record<string, unknown>[] | undefined) ?? []) {
      const located = deref(spec, { schema: branch, base });
      const found = located && step(spec, located, token);
      if (found) return found;
    }
  }
  return undefined;
}

/** Follows $ref chains (relative to the enclosing document), remembering a codelist on the way. */
function deref(spec: Spec, located: Located): Located | undefined {
  let current = located;
  for (let hops = 0; typeof current.schema.$ref === 'string'; hops++) {
    if (hops > 20) throw new NrxError('SPEC_INVALID', `$ref loop at ${current.base}`);
    const url = new URL(current.schema.$ref as string, current.base);
    const fragment = decodeURIComponent(url.hash.slice(1));
    url.hash = '';
    const document = spec.byId.get(url.href);
    if (!document) return undefined;
    let target: unknown = document.json;
    for (const token of parsePointer(fragment)) target = (target as Record<string, unknown> | undefined)?.[token];
    if (!target || typeof target !== 'object') return undefined;
    current = {
      schema: target as Record<string, unknown>,
      base: document.id,
      codelist: current.codelist ?? document.codelist?.name,
    };
  }
  return current;
}

function codesOf(spec: Spec, located: Located): { codes: Set<string>; codelist?: string } | undefined {
  const codelist = spec.codelists.get(located.codelist ?? '');
  if (codelist && located.schema === spec.byId.get(codelist.id)?.json) {
    return { codes: new Set(codelist.codes.map((c) => c.code)), codelist: codelist.name };
  }
  if (Array.isArray(located.schema.enum)) return { codes: new Set(located.schema.enum.map(String)) };
  if (located.schema.const !== undefined) return { codes: new Set([String(located.schema.const)]) };
  if (Array.isArray(located.schema.oneOf) && located.schema.oneOf.every((b: any) => b && b.const !== undefined)) {
    return { codes: new Set(located.schema.oneOf.map((b: any) => String(b.const))) };
  }
  return undefined;
}
