import { isDeepStrictEqual } from 'node:util';
import type { JsonSchemaObject, Spec } from './types.ts';
import { pointerToken } from '../json-pointer.ts';

/**
 * How a change affects a consumer that validates payloads against the spec:
 * - breaking: a payload valid before may now be refused (or a field it relied on is gone);
 * - non-breaking: every payload valid before is still valid;
 * - policy: validation is unchanged, but what a gateway releases changes (sensitivity, transforms).
 */
export type Impact = 'breaking' | 'non-breaking' | 'policy';
export type Bump = 'major' | 'minor' | 'patch';

export interface Change {
  impact: Impact;
  /** The release this change needs at least. */
  bump: Bump;
  /** Schema file, relative to the version directory; `sensitivity.json` for the tier list. */
  file: string;
  /** JSON Pointer inside the file; empty for the whole file. */
  path: string;
  /** A stable code for the kind of change, e.g. `property-removed`. */
  change: string;
  message: string;
}

export interface SpecDiff {
  oldVersion: string;
  newVersion: string;
  changes: Change[];
  breaking: boolean;
  /** The bump the changes call for, or `none` when nothing changed. */
  bump: Bump | 'none';
  /** The version the new spec should carry given the old one and the changes. */
  suggestedVersion: string;
}

/** Keywords that only document: changing them never changes what validates. */
const ANNOTATIONS = new Set(['title', 'description', '$comment', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly']);
/** Keywords handled by the walk itself rather than by the generic comparison. */
const STRUCTURAL = new Set([
  'properties', 'required', 'additionalProperties', 'unevaluatedProperties', 'patternProperties', 'items', 'prefixItems', 'contains',
  '$defs', 'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else', 'dependentSchemas', 'propertyNames', 'type', 'enum', 'const', '$ref',
  'x-nrx-sensitivity', 'x-nrx-transforms', 'x-nrx-transform-targets', 'x-nrx-codelist',
]);
/** Upper bounds: lowering or adding one narrows; raising or removing one relaxes. */
const UPPER = ['maxLength', 'maxItems', 'maximum', 'exclusiveMaximum', 'maxProperties', 'maxContains'];
const LOWER = ['minLength', 'minItems', 'minimum', 'exclusiveMinimum', 'minProperties', 'minContains'];
/** Keywords whose any change or addition narrows, and whose removal relaxes. */
const RESTRICTING = ['pattern', 'format', 'multipleOf', 'uniqueItems', 'dependentRequired', 'contentEncoding', 'contentMediaType'];

const BUMP: Record<Impact, Bump> = { breaking: 'major', 'non-breaking': 'minor', policy: 'minor' };
const pointer = (path: string, ...keys: Array<string | number>) =>
  path + keys.map((k) => `/${pointerToken(String(k))}`).join('');
const show = (value: unknown) => JSON.stringify(value);

type Node = JsonSchemaObject | boolean | undefined;

class Differ {
  readonly changes: Change[] = [];
  readonly file: string;
  constructor(file: string) {
    this.file = file;
  }

  add(impact: Impact, path: string, change: string, message: string, bump: Bump = BUMP[impact]): void {
    this.changes.push({ impact, bump, file: this.file, path, change, message });
  }

  node(before: Node, after: Node, path: string): void {
    if (isDeepStrictEqual(before, after)) return;
    if (typeof before === 'boolean' || typeof after === 'boolean' || before === undefined || after === undefined) {
      const accepts = (n: Node) => n !== false;
      if (accepts(before) && !accepts(after)) this.add('breaking', path, 'schema-closed', 'now refuses every value');
      else if (!accepts(before) && accepts(after)) this.add('non-breaking', path, 'schema-opened', 'now accepts values it refused');
      else this.node(before === true || before === undefined ? {} : before, after === true || after === undefined ? {} : after, path);
      return;
    }
    this.annotations(before, after, path);
    this.sensitivity(before, after, path);
    this.ref(before, after, path);
    this.type(before, after, path);
    this.values(before, after, path);
    this.bounds(before, after, path);
    this.objects(before, after, path);
    this.subschemas(before, after, path);
    this.unknown(before, after, path);
  }

  annotations(before: JsonSchemaObject, after: JsonSchemaObject, path: string): void {
    for (const key of ANNOTATIONS) {
      if (isDeepStrictEqual(before[key], after[key])) continue;
      if (key === 'deprecated' && after[key] === true) this.add('non-breaking', pointer(path, key), 'deprecated', 'marked deprecated', 'minor');
      else this.add('non-breaking', pointer(path, key), 'documentation', `${key} changed`, 'patch');
    }
    const listBefore = before['x-nrx-codelist'] as { version?: string } | undefined;
    const listAfter = after['x-nrx-codelist'] as { version?: string } | undefined;
    if (listBefore && listAfter && !isDeepStrictEqual(listBefore, listAfter)) {
      this.add('non-breaking', pointer(path, 'x-nrx-codelist'), 'codelist-metadata', `codelist version ${listBefore.version} -> ${listAfter.version}`, 'patch');
    }
  }

  sensitivity(before: JsonSchemaObject, after: JsonSchemaObject, path: string): void {
    const tierBefore = before['x-nrx-sensitivity'];
    const tierAfter = after['x-nrx-sensitivity'];
    if (tierBefore !== tierAfter) {
      this.add('policy', pointer(path, 'x-nrx-sensitivity'), 'sensitivity-changed', `sensitivity ${show(tierBefore ?? null)} -> ${show(tierAfter ?? null)}: changes what is released`);
    }
    const tBefore = new Set((before['x-nrx-transforms'] ?? []) as string[]);
    const tAfter = new Set((after['x-nrx-transforms'] ?? []) as string[]);
    const added = [...tAfter].filter((t) => !tBefore.has(t));
    const removed = [...tBefore].filter((t) => !tAfter.has(t));
    if (added.length) this.add('policy', pointer(path, 'x-nrx-transforms'), 'transforms-added', `may now also be released as ${added.join(', ')}`);
    if (removed.length) this.add('policy', pointer(path, 'x-nrx-transforms'), 'transforms-removed', `may no longer be released as ${removed.join(', ')}`);
  }

  ref(before: JsonSchemaObject, after: JsonSchemaObject, path: string): void {
    if (before.$ref === after.$ref) return;
    if (before.$ref === undefined) this.add('breaking', pointer(path, '$ref'), 'ref-added', `now also must match ${show(after.$ref)}`);
    else if (after.$ref === undefined) this.add('non-breaking', pointer(path, '$ref'), 'ref-removed', `no longer must match ${show(before.$ref)}`);
    else this.add('breaking', pointer(path, '$ref'), 'ref-changed', `$ref ${show(before.$ref)} -> ${show(after.$ref)}`);
  }

  type(before: JsonSchemaObject, after: JsonSchemaObject, path: string): void {
    const list = (n: JsonSchemaObject) => (n.type === undefined ? undefined : Array.isArray(n.type) ? (n.type as string[]) : [n.type as string]);
    const a = list(before);
    const b = list(after);
    if (isDeepStrictEqual(a, b)) return;
    // `integer` is a subset of `number`.
    const admits = (types: string[] | undefined, t: string) => !types || types.includes(t) || (t === 'integer' && types.includes('number'));
    const lost = (a ?? ['any']).filter((t) => t === 'any' ? b !== undefined : !admits(b, t));
    const gained = (b ?? ['any']).filter((t) => t === 'any' ? a !== undefined : !admits(a, t));
    const from = a ? a.join('|') : 'any';
    const to = b ? b.join('|') : 'any';
    if (lost.length) this.add('breaking', pointer(path, 'type'), 'type-narrowed', `type ${from} -> ${to}`);
    else if (gained.length) this.add('non-breaking', pointer(path, 'type'), 'type-widened', `type ${from} -> ${to}`);
  }

  /** `enum`, `const`, and a `oneOf` made only of `const`s (a codelist) compare as sets of allowed values. */
  values(before: JsonSchemaObject, after: JsonSchemaObject, path: string): void {
    if ('const' in before || 'const' in after) {
      if (!('const' in before)) this.add('breaking', pointer(path, 'const'), 'const-added', `now must equal ${show(after.const)}`);
      else if (!('const' in after)) this.add('non-breaking', pointer(path, 'const'), 'const-removed', `no longer must equal ${show(before.const)}`);
      else if (!isDeepStrictEqual(before.const, after.const)) this.add('breaking', pointer(path, 'const'), 'const-changed', `const ${show(before.const)} -> ${show(after.const)}`);
    }
    if (before.enum !== undefined || after.enum !== undefined) this.valueSet(asValues(before.enum), asValues(after.enum), pointer(path, 'enum'), 'value');
    const codesBefore = codes(before);
    const codesAfter = codes(after);
    if (codesBefore || codesAfter) this.valueSet(codesBefore && [...codesBefore.keys()], codesAfter && [...codesAfter.keys()], pointer(path, 'oneOf'), 'code');
    if (codesBefore && codesAfter) {
      for (const [value, entry] of codesAfter) {
        const old = codesBefore.get(value);
        if (old) this.node(old, entry, pointer(path, 'oneOf', `const=${value}`));
      }
    }
  }

  valueSet(before: unknown[] | undefined, after: unknown[] | undefined, path: string, noun: string): void {
    if (!before) return this.add('breaking', path, `${noun}s-restricted`, `now limited to ${after!.length} ${noun}s`);
    if (!after) return this.add('non-breaking', path, `${noun}s-unrestricted`, `no longer limited to a list of ${noun}s`);
    const has = (list: unknown[], v: unknown) => list.some((x) => isDeepStrictEqual(x, v));
    for (const v of before) if (!has(after, v)) this.add('breaking', path, `${noun}-removed`, `${noun} ${show(v)} removed`);
    for (const v of after) if (!has(before, v)) this.add('non-breaking', path, `${noun}-added`, `${noun} ${show(v)} added`);
  }

  bounds(before: JsonSchemaObject, after: JsonSchemaObject, path: string): void {
    const compare = (key: string, tighter: (a: number, b: number) => boolean) => {
      const a = before[key] as number | undefined;
      const b = after[key] as number | undefined;
      if (a === b) return;
      const narrowed = a === undefined || (b !== undefined && tighter(a, b));
      const message = `${key} ${a ?? 'none'} -> ${b ?? 'none'}`;
      if (narrowed) this.add('breaking', pointer(path, key), 'bounds-tightened', message);
      else this.add('non-breaking', pointer(path, key), 'bounds-relaxed', message);
    };
    for (const key of UPPER) compare(key, (a, b) => b < a);
    for (const key of LOWER) compare(key, (a, b) => b > a);
    for (const key of RESTRICTING) {
      if (isDeepStrictEqual(before[key], after[key])) continue;
      if (after[key] === undefined || (key === 'uniqueItems' && after[key] === false)) {
        this.add('non-breaking', pointer(path, key), 'constraint-removed', `${key} ${show(before[key])} removed`);
      } else if (before[key] === undefined || (key === 'uniqueItems' && before[key] === false)) {
        this.add('breaking', pointer(path, key), 'constraint-added', `${key} ${show(after[key])} added`);
      } else this.add('breaking', pointer(path, key), 'constraint-changed', `${key} ${show(before[key])} -> ${show(after[key])}`);
    }
  }

  objects(before: JsonSchemaObject, after: JsonSchemaObject, path: string): void {
    const propsBefore = (before.properties ?? {}) as Record<string, Node>;
    const propsAfter = (after.properties ?? {}) as Record<string, Node>;
    const reqBefore = new Set((before.required ?? []) as string[]);
    const reqAfter = new Set((after.required ?? []) as string[]);
    for (const name of Object.keys(propsBefore)) {
      const at = pointer(path, 'properties', name);
      if (!(name in propsAfter)) this.add('breaking', at, 'property-removed', `property ${show(name)} removed`);
      else this.node(propsBefore[name], propsAfter[name], at);
    }
    for (const name of Object.keys(propsAfter)) {
      if (name in propsBefore) continue;
      const at = pointer(path, 'properties', name);
      if (reqAfter.has(name)) this.add('breaking', at, 'required-property-added', `required property ${show(name)} added`);
      else this.add('non-breaking', at, 'optional-property-added', `optional property ${show(name)} added`);
    }
    for (const name of reqAfter) {
      if (!reqBefore.has(name) && name in propsBefore) this.add('breaking', pointer(path, 'required'), 'property-now-required', `property ${show(name)} is now required`);
      else if (!reqBefore.has(name) && !(name in propsAfter)) this.add('breaking', pointer(path, 'required'), 'property-now-required', `property ${show(name)} is now required`);
    }
    for (const name of reqBefore) {
      if (!reqAfter.has(name) && name in propsAfter) this.add('non-breaking', pointer(path, 'required'), 'property-now-optional', `property ${show(name)} is now optional`);
    }
    for (const key of ['additionalProperties', 'unevaluatedProperties']) {
      if (isDeepStrictEqual(before[key], after[key])) continue;
      const closed = (n: unknown) => n === false;
      if (!closed(before[key]) && closed(after[key])) this.add('breaking', pointer(path, key), 'closed', `${key} closed: unknown properties are now refused`);
      else if (closed(before[key]) && !closed(after[key])) {
        this.add('non-breaking', pointer(path, key), 'opened', `${key} opened: unknown properties are now accepted`);
        if (after[key] !== undefined && after[key] !== true) this.node(true, after[key] as Node, pointer(path, key));
      } else this.node(before[key] as Node, after[key] as Node, pointer(path, key));
    }
  }

  subschemas(before: JsonSchemaObject, after: JsonSchemaObject, path: string): void {
    for (const key of ['items', 'contains', 'not', 'if', 'then', 'else', 'propertyNames']) {
      if (before[key] === undefined && after[key] === undefined) continue;
      if (key === 'not' && before[key] === undefined) {
        this.add('breaking', pointer(path, key), 'not-added', 'now refuses what matches a new "not"');
        continue;
      }
      this.node(before[key] as Node, after[key] as Node, pointer(path, key));
    }
    for (const key of ['$defs', 'patternProperties', 'dependentSchemas']) {
      const a = (before[key] ?? {}) as Record<string, Node>;
      const b = (after[key] ?? {}) as Record<string, Node>;
      for (const name of Object.keys(a)) {
        const at = pointer(path, key, name);
        if (!(name in b)) this.add(key === 'patternProperties' ? 'breaking' : key === 'dependentSchemas' ? 'non-breaking' : 'breaking', at, `${key === '$defs' ? 'definition' : key}-removed`, `${key} entry ${show(name)} removed`);
        else this.node(a[name], b[name], at);
      }
      for (const name of Object.keys(b)) {
        if (name in a) continue;
        const at = pointer(path, key, name);
        if (key === 'dependentSchemas') this.add('breaking', at, 'dependent-schema-added', `dependent schema for ${show(name)} added`);
        else this.add('non-breaking', at, `${key === '$defs' ? 'definition' : key}-added`, `${key} entry ${show(name)} added`);
      }
    }
    // allOf: each entry is a further condition. anyOf/oneOf: each entry is an alternative.
    for (const key of ['allOf', 'anyOf', 'oneOf', 'prefixItems']) {
      if (key === 'oneOf' && (codes(before) || codes(after))) continue;
      const a = (before[key] ?? []) as Node[];
      const b = (after[key] ?? []) as Node[];
      const shared = Math.min(a.length, b.length);
      for (let i = 0; i < shared; i++) this.node(a[i], b[i], pointer(path, key, i));
      const narrowsWhenAdded = key === 'allOf' || key === 'prefixItems';
      for (let i = shared; i < a.length; i++) this.add(narrowsWhenAdded ? 'non-breaking' : 'breaking', pointer(path, key, i), `${key}-entry-removed`, `${key} entry ${i} removed`);
      for (let i = shared; i < b.length; i++) {
        const narrows = narrowsWhenAdded || a.length === 0;
        this.add(narrows ? 'breaking' : 'non-breaking', pointer(path, key, i), `${key}-entry-added`, `${key} entry ${i} added`);
      }
    }
  }

  /** Any other keyword: a change is taken as breaking, since its effect on validation is not known here. */
  unknown(before: JsonSchemaObject, after: JsonSchemaObject, path: string): void {
    const known = (key: string) => ANNOTATIONS.has(key) || STRUCTURAL.has(key) || UPPER.includes(key) || LOWER.includes(key) || RESTRICTING.includes(key);
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !known(k)).sort();
    for (const key of keys) {
      if (isDeepStrictEqual(before[key], after[key])) continue;
      if (key === '$schema' || key === '$id') this.add('breaking', pointer(path, key), `${key.slice(1)}-changed`, `${key} ${show(before[key])} -> ${show(after[key])}`);
      else this.add('breaking', pointer(path, key), 'keyword-changed', `${key} changed (${show(before[key] ?? null)} -> ${show(after[key] ?? null)})`);
    }
  }
}

function asValues(list: unknown): unknown[] | undefined {
  return Array.isArray(list) ? list : undefined;
}

/** The codes of a codelist-like `oneOf` (every entry a `const`), by value; undefined for any other node. */
function codes(node: JsonSchemaObject): Map<string, JsonSchemaObject> | undefined {
  const entries = node.oneOf as JsonSchemaObject[] | undefined;
  if (!Array.isArray(entries) || !entries.length || !entries.every((e) => e && typeof e === 'object' && 'const' in e)) return undefined;
  return new Map(entries.map((e) => [typeof e.const === 'string' ? e.const : JSON.stringify(e.const), Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'const'))]));
}

const RANK: Record<Bump, number> = { patch: 1, minor: 2, major: 3 };

export function bumpVersion(version: string, bump: Bump | 'none'): string {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  if (bump === 'patch') return `${major}.${minor}.${patch + 1}`;
  return version;
}

/** Compares two versions of the spec, schema by schema (matched by file path). */
export function diffSpecs(before: Spec, after: Spec): SpecDiff {
  const changes: Change[] = [];
  const oldFiles = new Map(before.schemas.map((s) => [s.file, s]));
  const newFiles = new Map(after.schemas.map((s) => [s.file, s]));
  for (const [file, schema] of oldFiles) {
    const next = newFiles.get(file);
    const what = schema.codelist ? 'codelist' : 'schema';
    if (!next) {
      changes.push({ impact: 'breaking', bump: 'major', file, path: '', change: `${what}-removed`, message: `${what} ${file} removed` });
      continue;
    }
    const differ = new Differ(file);
    differ.node(schema.json, next.json, '');
    changes.push(...differ.changes);
  }
  for (const [file, schema] of newFiles) {
    if (oldFiles.has(file)) continue;
    const what = schema.codelist ? 'codelist' : 'schema';
    changes.push({ impact: 'non-breaking', bump: 'minor', file, path: '', change: `${what}-added`, message: `${what} ${file} added` });
  }
  changes.push(...diffVocabulary(before, after));
  changes.sort((a, b) => a.file.localeCompare(b.file) || a.path.localeCompare(b.path) || a.change.localeCompare(b.change));
  const bump = changes.reduce<Bump | 'none'>((worst, c) => (worst === 'none' || RANK[c.bump] > RANK[worst] ? c.bump : worst), 'none');
  return {
    oldVersion: before.version,
    newVersion: after.version,
    changes,
    breaking: changes.some((c) => c.impact === 'breaking'),
    bump,
    suggestedVersion: bumpVersion(before.version, bump),
  };
}

/** Tiers and transforms: a new or removed one changes what policies can say, not what validates. */
function diffVocabulary(before: Spec, after: Spec): Change[] {
  const changes: Change[] = [];
  const compare = (noun: string, a: Array<{ code: string }>, b: Array<{ code: string }>) => {
    const left = new Map(a.map((x) => [x.code, x]));
    const right = new Map(b.map((x) => [x.code, x]));
    for (const [code, item] of left) {
      const path = `/${noun}s/${code}`;
      if (!right.has(code)) changes.push({ impact: 'policy', bump: 'major', file: 'sensitivity.json', path, change: `${noun}-removed`, message: `${noun} ${show(code)} removed: schemas and policies that use it no longer load` });
      else if (!isDeepStrictEqual(item, right.get(code))) changes.push({ impact: 'policy', bump: 'minor', file: 'sensitivity.json', path, change: `${noun}-changed`, message: `${noun} ${show(code)} redefined` });
    }
    for (const code of right.keys()) {
      if (!left.has(code)) changes.push({ impact: 'policy', bump: 'minor', file: 'sensitivity.json', path: `/${noun}s/${code}`, change: `${noun}-added`, message: `${noun} ${show(code)} added` });
    }
  };
  compare('tier', before.tiers, after.tiers);
  compare('transform', before.transforms, after.transforms);
  return changes;
}

/** Human-readable report, grouped by impact. */
export function formatDiff(diff: SpecDiff): string {
  const out = [`NRX ${diff.oldVersion} -> ${diff.newVersion}`];
  const groups: Array<[Impact, string]> = [
    ['breaking', 'Breaking changes'],
    ['non-breaking', 'Non-breaking changes'],
    ['policy', 'Policy changes (what is released)'],
  ];
  for (const [impact, heading] of groups) {
    const items = diff.changes.filter((c) => c.impact === impact);
    if (!items.length) continue;
    out.push('', `${heading} (${items.length}):`);
    for (const c of items) out.push(`  ${c.file}${c.path ? `#${c.path}` : ''}: ${c.message} [${c.change}]`);
  }
  if (!diff.changes.length) out.push('', 'No changes.');
  out.push('', `Suggested version: ${diff.suggestedVersion} (${diff.bump === 'none' ? 'no bump' : `${diff.bump} bump`} from ${diff.oldVersion})`);
  if (diff.bump === 'major') out.push('A major version is a new directory (spec/v2) with new $ids; v1 payloads keep validating against v1.');
  if (diff.bump !== 'none' && diff.newVersion === diff.oldVersion) out.push(`Note: the new spec.json still says ${diff.newVersion}.`);
  return out.join('\n');
}
