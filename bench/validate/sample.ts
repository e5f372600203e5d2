import type { ValidateFunction } from 'ajv';
import type { Spec } from '../../lib/spec/types.ts';

/**
 * Builds a valid document of a kind with every property the schemas declare filled in, read from
 * the spec itself so that the benchmark grows with the schemas instead of pinning a field list.
 * Values that a plain rule cannot satisfy (an exotic pattern, a condition) are pruned until the
 * compiled validator accepts the document.
 */
export function sampleDocument(spec: Spec, kind: string, validate: ValidateFunction, { itemsPerArray = 3 } = {}): any {
  const id = spec.documentKinds.get(kind);
  if (!id) throw new Error(`unknown kind '${kind}'`);
  const builder = new SampleBuilder(spec, itemsPerArray);
  const doc = builder.build(spec.byId.get(id)!.json, id, 0);
  for (let round = 0; round < 500 && !validate(doc); round++) {
    const error = validate.errors![0]!;
    if (process.env.NRX_BENCH_DEBUG) console.error('pruned', error.instancePath, error.keyword, JSON.stringify(error.params));
    if (!dropOneProperty(doc, error.instancePath, validate) && !prune(doc, error.instancePath)) throw new Error(`cannot build a valid ${kind}: ${JSON.stringify(validate.errors!.slice(0, 3))}`);
  }
  if (!validate(doc)) throw new Error(`cannot build a valid ${kind}: ${JSON.stringify(validate.errors!.slice(0, 3))}`);
  return doc;
}

/** Primitive values in a document: the "fields" a person would fill in. */
export function countFields(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countFields(v), 0);
  if (value !== null && typeof value === 'object') return Object.values(value).reduce((n: number, v) => n + countFields(v), 0);
  return 1;
}

/**
 * For a failure of the object itself (a condition, a `not`), drops the one property whose
 * absence removes most errors, so that a conditional rule costs a field rather than the object.
 */
function dropOneProperty(doc: any, pointer: string, validate: ValidateFunction): boolean {
  const target = at(doc, pointer);
  if (target === null || typeof target !== 'object' || Array.isArray(target)) return false;
  validate(doc);
  const before = validate.errors?.length ?? 0;
  for (const key of Object.keys(target).reverse()) {
    const value = target[key];
    delete target[key];
    validate(doc);
    if ((validate.errors?.length ?? 0) < before) return true;
    target[key] = value;
  }
  return false;
}

function at(doc: any, pointer: string): any {
  let node = doc;
  for (const s of pointer.split('/').slice(1)) node = node?.[s.replace(/~1/g, '/').replace(/~0/g, '~')];
  return node;
}

function prune(doc: any, pointer: string): boolean {
  const segments = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (segments.length === 0) return false;
  const last = segments.pop()!;
  let parent = doc;
  for (const s of segments) parent = parent?.[s];
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (parent && typeof parent === 'object') delete parent[last];
  else return false;
  return true;
}

const patternCandidates = [
  'RS/NGO/ASTRA', 'subj-4821-ab', '1.0.0', 'sr', 'rs', 'sr-Latn', '18-24', '+381 11 123 4567', 'AB-1234', '2024', 'A1B2C3D4', 'RS', 'abc-123', 'EUR', 'en', 'ro', 'ro-MD', 'sq',
];
const formatSamples: Record<string, () => string> = {
  date: () => '2024-03-01',
  'date-time': () => '2024-03-01T09:30:00Z',
  time: () => '09:30:00Z',
  uuid: () => crypto.randomUUID(),
  email: () => 'contact@example.org',
  uri: () => 'https://example.org/service/1',
  'uri-reference': () => 'https://example.org/service/1',
  hostname: () => 'example.org',
};

class SampleBuilder {
  readonly #spec: Spec;
  readonly #itemsPerArray: number;

  constructor(spec: Spec, itemsPerArray: number) {
    this.#spec = spec;
    this.#itemsPerArray = itemsPerArray;
  }

  build(schema: any, base: string, index: number): unknown {
    if (schema === true || schema === undefined) return 'value';
    if (schema.$ref) {
      const [target, targetBase] = this.#resolve(schema.$ref, base);
      return this.build(target, targetBase, index);
    }
    if ('const' in schema) return schema.const;
    if (schema['x-nrx-codelist'] || Array.isArray(schema.enum)) {
      const codes: unknown[] = schema.enum ?? schema.oneOf.filter((e: any) => !e.deprecated).map((e: any) => e.const);
      return codes[index % codes.length];
    }
    const branch = schema.oneOf?.[0] ?? schema.anyOf?.[0];
    if (branch && !schema.properties) return this.build(branch, base, index);
    if (schema.allOf) {
      // Conditions (if/then) inside allOf are left to the pruning; only real parts are merged.
      const { allOf, ...own } = schema;
      const parts = allOf.filter((s: any) => s.properties || s.$ref).map((s: any) => this.build(s, base, index));
      return Object.assign(this.build(own, base, index) as object, ...parts);
    }
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type ?? (schema.properties ? 'object' : schema.items ? 'array' : 'string');
    switch (type) {
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const [name, property] of Object.entries<any>(schema.properties ?? {})) out[name] = this.build(property, base, index);
        return out;
      }
      case 'array': {
        const count = Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? this.#itemsPerArray, this.#itemsPerArray));
        return Array.from({ length: count }, (_, i) => this.build(schema.items, base, i));
      }
      case 'integer':
      case 'number':
        return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
      case 'boolean':
        return index % 2 === 0;
      case 'null':
        return null;
      default:
        return this.#string(schema, index);
    }
  }

  #string(schema: any, index: number): string {
    if (schema.format && formatSamples[schema.format]) return formatSamples[schema.format]!();
    if (schema.pattern) {
      const pattern = new RegExp(schema.pattern, 'u');
      const matching = patternCandidates.filter((c) => pattern.test(c));
      return matching[index % Math.max(1, matching.length)] ?? 'unmatched';
    }
    const text = `Sample text ${index + 1} written for the benchmark.`;
    const max = schema.maxLength ?? text.length;
    return text.slice(0, Math.max(max, schema.minLength ?? 1));
  }

  #resolve(ref: string, base: string): [any, string] {
    const absolute = new URL(ref, base).href;
    const [id, fragment = ''] = absolute.split('#');
    const root = this.#spec.byId.get(id!);
    if (!root) throw new Error(`unresolved $ref ${absolute}`);
    let node: any = root.json;
    for (const segment of fragment.split('/').slice(1)) node = node[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
    return [node, id!];
  }
}
