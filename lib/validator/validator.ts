import type { ValidateFunction } from 'ajv';
import { NrxError } from '../errors.ts';
import { createAjv } from '../spec/ajv.ts';
import { loadSpec } from '../spec/load.ts';
import { listProfiles, loadProfile, defaultProfilesDir } from '../spec/profile.ts';
import type { Spec } from '../spec/types.ts';
import { useFastDateFormat } from './formats.ts';
import { checkBytes, checkText, inputIssue, stripBom } from './input.ts';
import type { ErrorObject } from 'ajv';
import { SchemaLocations, describeProblems, problemLocation, problemsOf, render, type IssueContext } from './issues.ts';
import { LineIndex, parseIssue } from './positions.ts';
import { locateAll, locateOffsets, tooDeepAt, valueTooDeep } from './source-map.ts';
import { closestMatch } from './suggest.ts';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_ISSUES, type ValidateOptions, type ValidationIssue, type ValidationResult, type Validator } from './types.ts';

export interface CreateValidatorOptions {
  /** A loaded spec; otherwise `specDir` (default: the current major version) is loaded. */
  spec?: Spec;
  specDir?: string;
  /** Documents larger than this many bytes are refused unparsed. Default 10 MiB. */
  maxBytes?: number;
  /** The most issues listed per document (the rest are counted). Default 100. */
  maxIssues?: number;
  /** Documents nested deeper than this are invalid, with an issue of their own. Default 64. */
  maxDepth?: number;
  /**
   * The country profile a document that names none is checked against (a gateway's configured
   * profile, `nrx validate --profile`). A document's own `profile` always wins.
   */
  defaultProfile?: string;
  /** Where the country profiles live; default spec/profiles. */
  profilesDir?: string;
}

/** A spec (the base or one with a profile applied) compiled for checking documents. */
interface Engine {
  spec: Spec;
  context: IssueContext;
  validatorFor(kind: string): ValidateFunction;
}

/** The spec itself is broken: a schema that does not compile or is missing. */
export class SpecError extends NrxError<'SPEC_INVALID'> {
  constructor(message: string) {
    super('SPEC_INVALID', message);
  }
}

export function createValidator(opts: CreateValidatorOptions = {}): Validator {
  const spec = opts.spec ?? loadSpec(opts.specDir);
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxIssues = opts.maxIssues ?? DEFAULT_MAX_ISSUES;
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  const profilesDir = opts.profilesDir ?? defaultProfilesDir;
  const profiles = listProfiles(profilesDir);
  const base = compile(spec);
  const kinds = [...spec.documentKinds.keys()].sort();
  // A profile's schemas are compiled the first time a document asks for it.
  const engines = new Map<string, Engine>();
  if (opts.defaultProfile !== undefined) engineOf(opts.defaultProfile);

  function engineOf(code: string): Engine {
    let engine = engines.get(code);
    if (!engine) {
      if (!profiles.includes(code)) throw new NrxError('PROFILE_INVALID', `no country profile '${code}' in ${profilesDir}${profiles.length ? ` (the profiles are: ${profiles.join(', ')})` : ''}`);
      engine = compile(loadProfile(code, { specDir: spec.dir, profilesDir }));
      engines.set(code, engine);
    }
    return engine;
  }

  /** The profile a document is checked against: its own, else the default; or an issue when it names one that does not exist. */
  function profileOf(value: unknown, options: ValidateOptions): { code?: string; issue?: ValidationIssue } {
    const named = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as { profile?: unknown }).profile : undefined;
    // A malformed `profile` is the base schema's to report.
    const own = typeof named === 'string' && PROFILE_CODE.test(named) ? named : undefined;
    const code = own ?? options.profile ?? opts.defaultProfile;
    if (code === undefined || profiles.includes(code)) return code === undefined ? {} : { code };
    const suggestion = closestMatch(code, profiles);
    const message = `unknown country profile '${code}'${suggestion ? `; did you mean '${suggestion}'?` : '.'} ${profiles.length ? `The profiles are: ${profiles.join(', ')}.` : 'No profiles are published.'}`;
    return { issue: { ...inputIssue('profile', message), pointer: own ? '/profile' : '', found: `'${code}'`, expected: profiles.map((p) => `'${p}'`).join(', '), ...(suggestion ? { suggestion } : {}) } };
  }

  function kindProblem(value: unknown, requested: string | undefined): ValidationIssue | undefined {
    const known = `The kinds are: ${kinds.join(', ')}.`;
    if (requested !== undefined) {
      if (spec.documentKinds.has(requested)) return undefined;
      const suggestion = closestMatch(requested, kinds);
      return { ...kindIssue('', `unknown kind '${requested}'${suggestion ? `; did you mean '${suggestion}'?` : '.'} ${known}`, kinds), found: `'${requested}'`, ...(suggestion ? { suggestion } : {}) };
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { ...kindIssue('', `expected a JSON object with a 'kind' property, found ${render(value)}`, kinds), found: render(value) };
    }
    if (!('kind' in value)) return kindIssue('', `the document has no 'kind' property, so its schema is unknown. ${known}`, kinds);
    const kind = (value as { kind: unknown }).kind;
    if (typeof kind !== 'string') return { ...kindIssue('/kind', `'kind' must be a string. ${known}`, kinds), found: render(kind) };
    if (spec.documentKinds.has(kind)) return undefined;
    const suggestion = closestMatch(kind, kinds);
    return { ...kindIssue('/kind', `unknown kind '${kind}'${suggestion ? `; did you mean '${suggestion}'?` : '.'} ${known}`, kinds), found: `'${kind}'`, ...(suggestion ? { suggestion } : {}) };
  }

  /** The verdict, with the problems found (ajv's errors, not yet phrased) or the one issue that stopped the check. */
  function check(value: unknown, options: ValidateOptions): ValidationResult & { problems?: ErrorObject[]; context?: IssueContext } {
    const problem = kindProblem(value, options.kind);
    if (problem) return { valid: false, issues: [problem] };
    const kind = options.kind ?? (value as { kind: string }).kind;
    const { code, issue } = profileOf(value, options);
    if (issue) return { valid: false, kind, issues: [issue] };
    const engine = code === undefined ? base : engineOf(code);
    const schemaId = engine.spec.documentKinds.get(kind)!;
    const validate = engine.validatorFor(kind);
    const verdict = { kind, schemaId, ...(code ? { profile: code } : {}) };
    if (validate(value)) return { valid: true, ...verdict, issues: [] };
    return { valid: false, ...verdict, issues: [], problems: problemsOf(validate.errors ?? [], engine.context), context: engine.context };
  }

  /**
   * Depth is checked on the failure path only: no schema of the spec admits a free-form value, so
   * a document the schemas accept nests no deeper than they do.
   */
  function validateValue(value: unknown, options: ValidateOptions = {}): ValidationResult {
    const checked = check(value, options);
    if (checked.valid) return checked;
    const { problems, context, ...result } = checked;
    const first = valueTooDeep(value, maxDepth) ? [depthIssue(maxDepth)] : [];
    if (problems && context) {
      const { issues, rest } = describeProblems(problems, context, maxIssues - first.length);
      result.issues = issues;
      if (rest > 0) result.omittedIssues = rest;
    }
    result.issues.unshift(...first);
    return result;
  }

  function validateText(raw: string, options: ValidateOptions = {}): ValidationResult {
    const refused = checkText(raw, maxBytes);
    if (refused) return { valid: false, issues: [refused] };
    const text = stripBom(raw);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      // The syntax error's position is found by a recursive parser: a text too deep for it is reported as such.
      const deep = tooDeepAt(text, maxDepth);
      if (deep !== -1) return { valid: false, issues: [{ ...depthIssue(maxDepth), ...new LineIndex(text).position(deep) }] };
      return { valid: false, issues: [parseIssue(text, (error as Error).message)] };
    }
    const checked = check(value, options);
    if (checked.valid) return checked;
    const { problems, context, ...result } = checked;
    const deep = tooDeepAt(text, maxDepth);
    const first = deep === -1 ? [] : [{ ...depthIssue(maxDepth), ...new LineIndex(text).position(deep) }];
    if (problems && context) {
      // Every problem is placed (one pass over the text), the first ones in the file are phrased.
      const offsets = locateOffsets(text, problems.map(problemLocation));
      const order = problems.map((_, i) => i);
      const at = (i: number) => (offsets[i] === -1 ? Infinity : offsets[i]!);
      order.sort((a, b) => at(a) - at(b) || a - b);
      const lines = new LineIndex(text);
      const { issues, rest } = describeProblems(order.map((i) => problems[i]!), context, maxIssues - first.length, (i, issue) => {
        const offset = offsets[order[i]!]!;
        if (offset !== -1) Object.assign(issue, lines.position(offset));
      });
      result.issues = issues;
      if (rest > 0) result.omittedIssues = rest;
    } else {
      const [position] = locateAll(text, [{ pointer: result.issues[0]!.pointer }]);
      if (position) Object.assign(result.issues[0]!, position);
    }
    result.issues.unshift(...first);
    return result;
  }

  function validateBytes(bytes: Uint8Array, options: ValidateOptions = {}): ValidationResult {
    const refused = checkBytes(bytes, maxBytes);
    if (refused) return { valid: false, issues: [refused] };
    return validateText(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), options);
  }

  return { validateValue, validateText, validateBytes, kinds, profiles, maxBytes, maxIssues, maxDepth };
}

const PROFILE_CODE = /^[a-z]{2}(-[a-z0-9-]+)?$/;

/** A spec's schemas compiled once, with what its problems are phrased from. */
function compile(spec: Spec): Engine {
  // verbose: failed errors carry their schema and data, which the messages need; it costs
  // nothing on documents that pass.
  const ajv = createAjv(spec, { ajv: { verbose: true, code: { process: linearErrors } } });
  useFastDateFormat(ajv);
  const context: IssueContext = { spec, ajv, locations: new SchemaLocations(spec) };
  const compiled = new Map<string, ValidateFunction>();
  function validatorFor(kind: string): ValidateFunction {
    let validate = compiled.get(kind);
    if (!validate) {
      const id = spec.documentKinds.get(kind)!;
      try {
        validate = ajv.getSchema(id);
      } catch (error) {
        throw new SpecError(`the schema of kind '${kind}' (${id}) does not compile: ${(error as Error).message}`);
      }
      if (!validate) throw new SpecError(`the schema of kind '${kind}' (${id}) is missing`);
      compiled.set(kind, validate);
    }
    return validate;
  }
  return { spec, context, validatorFor };
}

/**
 * ajv gathers the errors of a referenced schema with `vErrors.concat(child.errors)`, which copies
 * every error found so far once per failing reference: quadratic in a list of thousands of failing
 * items. The generated code is rewritten (ajv's `code.process` hook) to append in place instead;
 * the list is the same, in the same order.
 */
export function linearErrors(code: string): string {
  return code.replace(
    /vErrors = vErrors === null \? ([\w$.]+) : vErrors\.concat\(\1\);/g,
    'if (vErrors === null) vErrors = $1.slice(); else for (const e$ of $1) vErrors.push(e$);',
  );
}

function depthIssue(maxDepth: number): ValidationIssue {
  return {
    ...inputIssue('depth', `the document is nested more than ${maxDepth} levels deep (objects and arrays inside one another); no document of the standard comes near that`),
    expected: `at most ${maxDepth} levels of nesting`,
  };
}

function kindIssue(pointer: string, message: string, kinds: string[]): ValidationIssue {
  return { ...inputIssue('kind', message), pointer, expected: kinds.map((k) => `'${k}'`).join(', ') };
}
