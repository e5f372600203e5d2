import type { ValidateFunction } from 'ajv';
import { NrxError } from '../errors.ts';
import { createAjv } from '../spec/ajv.ts';
import { loadSpec } from '../spec/load.ts';
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
}

/** The spec itself is broken (a schema does not compile), as opposed to the document being invalid. */
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
  // verbose: failed errors carry their schema and data, which the messages need; it costs
  // nothing on documents that pass.
  const ajv = createAjv(spec, { ajv: { verbose: true, code: { process: linearErrors } } });
  useFastDateFormat(ajv);
  const context: IssueContext = { spec, ajv, locations: new SchemaLocations(spec) };
  const kinds = [...spec.documentKinds.keys()].sort();
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
  function check(value: unknown, options: ValidateOptions): ValidationResult & { problems?: ErrorObject[] } {
    const problem = kindProblem(value, options.kind);
    if (problem) return { valid: false, issues: [problem] };
    const kind = options.kind ?? (value as { kind: string }).kind;
    const schemaId = spec.documentKinds.get(kind)!;
    const validate = validatorFor(kind);
    if (validate(value)) return { valid: true, kind, schemaId, issues: [] };
    return { valid: false, kind, schemaId, issues: [], problems: problemsOf(validate.errors ?? [], context) };
  }

  /**
   * Depth is checked on the failure path only: no schema of the spec admits a free-form value, so
   * a document the schemas accept nests no deeper than they do.
   */
  function validateValue(value: unknown, options: ValidateOptions = {}): ValidationResult {
    const checked = check(value, options);
    if (checked.valid) return checked;
    const { problems, ...result } = checked;
    const first = valueTooDeep(value, maxDepth) ? [depthIssue(maxDepth)] : [];
    if (problems) {
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
    const { problems, ...result } = checked;
    const deep = tooDeepAt(text, maxDepth);
    const first = deep === -1 ? [] : [{ ...depthIssue(maxDepth), ...new LineIndex(text).position(deep) }];
    if (problems) {
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

  return { validateValue, validateText, validateBytes, kinds, maxBytes, maxIssues, maxDepth };
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
