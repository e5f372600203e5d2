import type { ErrorObject } from 'ajv';
import type { Ajv } from '../spec/ajv.ts';
import type { Codelist, Spec } from '../spec/types.ts';
import { closestMatch } from './suggest.ts';
import type { ValidationIssue } from './types.ts';
import { pointerToken } from '../json-pointer.ts';

/**
 * Where each schema object of the spec sits (`$id#pointer`), found by object identity: ajv's
 * verbose errors carry the very schema object that failed, which is the only reliable link back
 * to the published file once refs have been inlined.
 */
export class SchemaLocations {
  readonly #spec: Spec;
  #byObject: Map<object, string> | undefined;

  constructor(spec: Spec) {
    this.#spec = spec;
  }

  of(schema: unknown): string | undefined {
    if (!this.#byObject) {
      this.#byObject = new Map();
      for (const s of this.#spec.schemas) this.#walk(s.json, `${s.id}#`);
    }
    if (schema === null || typeof schema !== 'object') return undefined;
    const found = this.#byObject.get(schema);
    if (found) return found;
    // ajv sees codelists as a copy with `enum` in place of `oneOf`; the copy keeps the $id.
    const id = (schema as { $id?: unknown }).$id;
    return typeof id === 'string' && this.#spec.byId.has(id) ? `${id}#` : undefined;
  }

  #walk(node: unknown, location: string): void {
    if (node === null || typeof node !== 'object') return;
    this.#byObject!.set(node, location);
    for (const [key, child] of Object.entries(node)) {
      this.#walk(child, `${location}/${pointerToken(key)}`);
    }
  }
}

export interface IssueContext {
  spec: Spec;
  ajv: Ajv;
  locations: SchemaLocations;
}

/**
 * ajv's raw errors less those that only restate another: the problems a person must fix, each
 * giving one issue. Nothing is phrased yet, so a document with a hundred thousand errors costs
 * only the phrasing of the issues that are listed.
 */
export function problemsOf(errors: readonly ErrorObject[], context: IssueContext): ErrorObject[] {
  const seen = new Set<string>();
  const problems: ErrorObject[] = [];
  for (const error of collapse(errors, context)) {
    const key = errorKey(error);
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(error);
  }
  return problems;
}

/** Where a problem is shown in the source text: an unknown property at its name, anything else at its value. */
export function problemLocation(error: ErrorObject): { pointer: string; key?: boolean } {
  if (error.keyword !== 'additionalProperties' && error.keyword !== 'unevaluatedProperties') return { pointer: error.instancePath };
  const name = String(error.params.additionalProperty ?? error.params.unevaluatedProperty);
  return { pointer: `${error.instancePath}/${pointerToken(name)}`, key: true };
}

/**
 * The issues of `problems`, in their order, until `max` distinct ones are phrased; `rest` counts
 * the problems not reached. Linear in the problems phrased: whatever is looked up per problem (a
 * parent's property names, a codelist's rendered codes) is computed once per object.
 */
export function describeProblems(
  problems: readonly ErrorObject[],
  context: IssueContext,
  max: number,
  place?: (index: number, issue: ValidationIssue) => void,
): { issues: ValidationIssue[]; rest: number } {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  const memo: Memo = { names: new WeakMap(), candidates: new WeakMap(), codelists: new Map() };
  let i = 0;
  for (; i < problems.length && issues.length < max; i++) {
    for (const issue of describe(problems[i]!, context, memo)) {
      const key = `${issue.pointer}\u0000${issue.keyword}\u0000${issue.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      place?.(i, issue);
      issues.push(issue);
    }
  }
  return { issues, rest: problems.length - i };
}

interface Memo {
  /** Property names of an object (a value or a schema's `properties`), as a set. */
  names: WeakMap<object, Set<string>>;
  /** The schema's property names an object lacks: what an unknown name in it may be a typo of. */
  candidates: WeakMap<object, WeakMap<object, string[]>>;
  /** A codelist's current codes and their rendering for `expected`. */
  codelists: Map<Codelist, { codes: string[]; expected: string }>;
}

function candidatesOf(data: unknown, properties: unknown, memo: Memo): string[] {
  if (data === null || typeof data !== 'object' || properties === null || typeof properties !== 'object') return [];
  let bySchema = memo.candidates.get(data);
  if (!bySchema) memo.candidates.set(data, (bySchema = new WeakMap()));
  let candidates = bySchema.get(properties);
  if (!candidates) {
    const present = namesOf(data, memo);
    bySchema.set(properties, (candidates = Object.keys(properties).filter((k) => !present.has(k))));
  }
  return candidates;
}

function namesOf(object: unknown, memo: Memo): Set<string> {
  if (object === null || typeof object !== 'object') return new Set();
  let names = memo.names.get(object);
  if (!names) memo.names.set(object, (names = new Set(Object.keys(object))));
  return names;
}

/**
 * Removes the errors that only restate another: the `if` that merely says "then failed", and
 * every branch of an `anyOf`/`oneOf` except the one the author evidently aimed at. Errors are
 * found by key through an index and dropped by identity, so that many alternatives cost each
 * their own branches' errors, never a pass over the whole list.
 */
function collapse(errors: readonly ErrorObject[], context: IssueContext): ErrorObject[] {
  const list = errors.filter((e) => e.keyword !== 'if');
  const alternatives = list.filter((e) => (e.keyword === 'anyOf' || e.keyword === 'oneOf') && !codelistOf(e, context.spec));
  if (alternatives.length === 0) return list;
  const byKey = new Map<string, ErrorObject[]>();
  const index = (e: ErrorObject) => {
    const key = errorKey(e);
    const same = byKey.get(key);
    if (same) same.push(e);
    else byKey.set(key, [e]);
  };
  for (const e of list) index(e);
  const removed = new Set<ErrorObject>();
  const replaced = new Map<ErrorObject, ErrorObject[]>();
  // Outermost first, so that an inner alternative discarded with its branch is not revisited.
  alternatives.sort((a, b) => a.instancePath.length - b.instancePath.length);
  for (const alternative of alternatives) {
    if (removed.has(alternative)) continue;
    if (alternative.keyword === 'oneOf' && Array.isArray(alternative.params.passingSchemas)) continue;
    const branches = rerunBranches(alternative, context);
    if (!branches) continue;
    for (const branch of branches) {
      for (const e of branch) {
        for (const same of byKey.get(errorKey(e)) ?? []) if (same !== alternative) removed.add(same);
      }
    }
    const chosen = chooseBranch(alternative, branches);
    if (chosen !== undefined) {
      replaced.set(alternative, branches[chosen]!);
      for (const e of branches[chosen]!) index(e);
    }
  }
  const result: ErrorObject[] = [];
  for (const e of list) {
    if (removed.has(e)) continue;
    const instead = replaced.get(e);
    if (!instead) result.push(e);
    else for (const branchError of instead) if (!removed.has(branchError)) result.push(branchError);
  }
  return result;
}

function errorKey(error: ErrorObject): string {
  return `${error.instancePath}\u0000${error.keyword}\u0000${JSON.stringify(error.params)}`;
}

/**
 * Validates the failed value against each branch on its own. ajv reports branch errors only
 * relative to whichever schema resource they came from, so re-running is the dependable way to
 * learn which error belongs to which branch.
 */
function rerunBranches(error: ErrorObject, context: IssueContext): ErrorObject[][] | undefined {
  const location = context.locations.of(error.parentSchema);
  const branches = error.schema;
  if (!location || !Array.isArray(branches)) return undefined;
  const result: ErrorObject[][] = [];
  for (let i = 0; i < branches.length; i++) {
    let validate;
    try {
      validate = context.ajv.getSchema(`${location}/${error.keyword}/${i}`);
    } catch {
      return undefined;
    }
    if (!validate) return undefined;
    validate(error.data);
    result.push((validate.errors ?? []).map((e) => ({ ...e, instancePath: error.instancePath + e.instancePath })));
  }
  return result;
}

/**
 * The branch the author meant: not one rejected at the value itself for its type or a
 * discriminating constant, then the one that got deepest into the value, then the fewest errors.
 * Undefined when every branch rejects the value outright, which is reported as one issue.
 */
function chooseBranch(alternative: ErrorObject, branches: ErrorObject[][]): number | undefined {
  const at = alternative.instancePath;
  const rejectedOutright = (errors: ErrorObject[]) =>
    errors.some((e) => e.instancePath === at && e.keyword === 'type') ||
    errors.some((e) => (e.keyword === 'const' || e.keyword === 'enum') && parentPointer(e.instancePath) === at);
  const depth = (errors: ErrorObject[]) => Math.max(0, ...errors.map((e) => e.instancePath.split('/').length));
  let best: number | undefined;
  for (let i = 0; i < branches.length; i++) {
    const errors = branches[i]!;
    if (errors.length === 0 || rejectedOutright(errors)) continue;
    const current = best === undefined ? undefined : branches[best]!;
    if (!current || depth(errors) > depth(current) || (depth(errors) === depth(current) && errors.length < current.length)) best = i;
  }
  return best;
}

function parentPointer(pointer: string): string {
  return pointer.slice(0, Math.max(0, pointer.lastIndexOf('/')));
}

function codelistOf(error: ErrorObject, spec: Spec): Codelist | undefined {
  const parent = error.parentSchema as { $id?: unknown; 'x-nrx-codelist'?: unknown } | undefined;
  if (!parent || !parent['x-nrx-codelist'] || typeof parent.$id !== 'string') return undefined;
  return spec.byId.get(parent.$id)?.codelist;
}

function describe(error: ErrorObject, context: IssueContext, memo: Memo): ValidationIssue[] {
  const pointer = error.instancePath;
  const schemaPath = keywordLocation(error, context);
  const found = render(error.data);
  const codelist = codelistOf(error, context.spec);
  if (codelist) return [codelistIssue(error, codelist, memo)];
  const params = error.params as Record<string, any>;

  switch (error.keyword) {
    case 'required':
      return [{ pointer, keyword: 'required', message: `missing required property '${params.missingProperty}'`, expected: `property '${params.missingProperty}'`, schemaPath }];
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const name = String(params.additionalProperty ?? params.unevaluatedProperty);
      const suggestion = closestMatch(name, candidatesOf(error.data, (error.parentSchema as any)?.properties, memo));
      const issue: ValidationIssue = {
        pointer,
        keyword: error.keyword,
        message: `unknown property ${render(name)}${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
        found: render(name),
        ...(suggestion ? { suggestion } : {}),
        schemaPath,
      };
      return [issue];
    }
    case 'type':
      return [{ pointer, keyword: 'type', message: `expected ${article(params.type)}, found ${kindOf(error.data)}`, expected: String(params.type), found, schemaPath }];
    case 'const':
      return [{ pointer, keyword: 'const', message: `expected ${render(params.allowedValue)}, found ${found}`, expected: render(params.allowedValue), found, schemaPath }];
    case 'enum': {
      const allowed = (params.allowedValues ?? []) as unknown[];
      const suggestion = typeof error.data === 'string' ? closestMatch(error.data, allowed.filter((v): v is string => typeof v === 'string')) : undefined;
      return [{
        pointer,
        keyword: 'enum',
        message: `${found} is not one of the allowed values${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
        expected: listOf(allowed.map(render)),
        found,
        ...(suggestion ? { suggestion } : {}),
        schemaPath,
      }];
    }
    case 'format':
      return [{ pointer, keyword: 'format', message: `${found} is not a valid ${params.format}`, expected: formatHints[params.format] ?? String(params.format), found, schemaPath }];
    case 'pattern':
      return [{ pointer, keyword: 'pattern', message: `${found} does not have the expected form`, expected: `a string matching ${params.pattern}`, found, schemaPath }];
    case 'maxLength':
    case 'minLength':
      return [limitIssue(error, schemaPath, `${(error.data as string).length} characters`)];
    case 'maxItems':
    case 'minItems':
      return [limitIssue(error, schemaPath, `${(error.data as unknown[]).length} items`)];
    case 'maxProperties':
    case 'minProperties':
      return [limitIssue(error, schemaPath, `${Object.keys(error.data as object).length} properties`)];
    case 'maximum':
    case 'minimum':
    case 'exclusiveMaximum':
    case 'exclusiveMinimum': {
      const expected = `${params.comparison} ${params.limit}`;
      return [{ pointer, keyword: error.keyword, message: `expected a number ${expected}, found ${found}`, expected, found, schemaPath }];
    }
    case 'uniqueItems':
      return [{ pointer, keyword: 'uniqueItems', message: `items ${Math.min(params.i, params.j)} and ${Math.max(params.i, params.j)} are the same; each item may appear once`, schemaPath }];
    case 'anyOf':
    case 'oneOf': {
      if (error.keyword === 'oneOf' && Array.isArray(params.passingSchemas)) {
        return [{ pointer, keyword: 'oneOf', message: `the value fits more than one of the allowed forms (${params.passingSchemas.join(' and ')}); it must fit exactly one`, found, schemaPath }];
      }
      const branches = Array.isArray(error.schema) ? error.schema : [];
      const expected = listOf(branches.map(summariseSchema));
      return [{ pointer, keyword: error.keyword, message: `the value (${kindOf(error.data)}) does not fit any of the allowed forms: ${expected}`, expected, found, schemaPath }];
    }
    default:
      return [{ pointer, keyword: error.keyword, message: error.message ?? `fails '${error.keyword}'`, found, schemaPath }];
  }
}

function codelistIssue(error: ErrorObject, codelist: Codelist, memo: Memo): ValidationIssue {
  let current = memo.codelists.get(codelist);
  if (!current) {
    const codes = codelist.codes.filter((c) => !c.deprecated).map((c) => c.code);
    memo.codelists.set(codelist, (current = { codes, expected: listOf(codes.map((c) => `'${c}'`)) }));
  }
  const { codes, expected } = current;
  const found = render(error.data);
  const suggestion = typeof error.data === 'string' ? closestMatch(error.data, codes) : undefined;
  const what = typeof error.data === 'string'
    ? `${found} is not a code of the codelist '${codelist.name}'`
    : `expected a code of the codelist '${codelist.name}', found ${kindOf(error.data)}`;
  return {
    pointer: error.instancePath,
    keyword: 'oneOf',
    message: `${what}${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
    expected,
    found,
    ...(suggestion ? { suggestion } : {}),
    schemaPath: `${codelist.id}#/oneOf`,
  };
}

function limitIssue(error: ErrorObject, schemaPath: string, actual: string): ValidationIssue {
  const limit = (error.params as { limit: number }).limit;
  const unit = error.keyword.endsWith('Length') ? 'characters' : error.keyword.endsWith('Items') ? 'items' : 'properties';
  const bound = error.keyword.startsWith('max') ? 'at most' : 'at least';
  return { pointer: error.instancePath, keyword: error.keyword, message: `expected ${bound} ${limit} ${unit}, found ${actual}`, expected: `${bound} ${limit} ${unit}`, found: actual, schemaPath };
}

function keywordLocation(error: ErrorObject, context: IssueContext): string {
  const location = context.locations.of(error.parentSchema);
  return location ? `${location}/${error.keyword}` : error.schemaPath;
}

const formatHints: Record<string, string> = {
  date: 'a date as YYYY-MM-DD',
  'date-time': 'a date and time with offset, as YYYY-MM-DDThh:mm:ssZ',
  time: 'a time with offset, as hh:mm:ssZ',
  uuid: 'a UUID such as 3f2b8c1e-8a4d-4c5e-9f10-2b7e6d5a4c3b',
  email: 'an e-mail address',
  uri: 'an absolute URI',
};

/** A short, bounded rendering of a value for messages: enough to recognise it, never a whole object. */
export function render(value: unknown): string {
  if (typeof value === 'string') {
    const short = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return `'${short}'`;
  }
  if (value === undefined) return 'nothing';
  if (value === null || typeof value !== 'object') return String(value);
  return kindOf(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return Number.isInteger(value) ? `the integer ${value}` : `the number ${value}`;
  if (typeof value === 'string') return `the string ${render(value)}`;
  return `the ${typeof value} ${String(value)}`;
}

function article(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(',');
  return types.map((t) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`)).join(' or ');
}

function listOf(items: string[], max = 12): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')}, ... (${items.length} in all)`;
}

function summariseSchema(schema: unknown): string {
  if (schema === null || typeof schema !== 'object') return String(schema);
  const s = schema as Record<string, unknown>;
  if ('const' in s) return render(s.const);
  if (typeof s.title === 'string') return s.title;
  if (typeof s.$ref === 'string') return s.$ref.replace(/^.*\//, '').replace(/\.schema\.json.*$/, '');
  if (s.type) return article(s.type);
  return 'a schema';
}
