import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { registerSchema, validate, setShouldValidateFormat } from '@hyperjump/json-schema/draft-2020-12';
import '@hyperjump/json-schema/formats';
import { loadSpec } from '../../lib/spec/load.ts';
import type { Spec } from '../../lib/spec/types.ts';
import { createValidator, type ValidationIssue, type Validator } from '../../lib/validator/index.ts';
import { fixtureDir, fixtureSpecDir, repoRoot } from './helpers.ts';

/**
 * A second, independent implementation of JSON Schema 2020-12 must reach the same verdict as ours
 * on every example and conformance case: a disagreement means one of the two misreads the spec.
 * Hyperjump's 2020-12 dialect accepts keywords it does not know (and always those starting with
 * `x-`) as annotations it does not evaluate, so the NRX keywords (`x-nrx-sensitivity`,
 * `x-nrx-transforms`, `x-nrx-codelist`) load as published with no registration; it sees codelists
 * in their published `oneOf` form where ours compiles them to `enum`.
 */
setShouldValidateFormat(true);

interface ExpectedError {
  instancePath: string;
  keyword: string;
}
interface ConformanceCase {
  id: string;
  description: string;
  file: string;
  /** Check the payload as this kind rather than the one it names. */
  kind?: string;
  valid: boolean;
  errors?: ExpectedError[];
}

/** The base schemas, and the country profiles' merged schemas as published under `<version>/profiles/`. */
function registerSpec(spec: Spec): Set<string> {
  for (const schema of spec.schemas) registerSchema(structuredClone(schema.json) as any, schema.id);
  const published = new Set<string>();
  const dir = join(spec.dir, 'profiles');
  if (!existsSync(dir)) return published;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.schema.json')) continue;
    const json = readJson(join(entry.parentPath, entry.name));
    registerSchema(json, json.$id);
    published.add(json.$id);
  }
  return published;
}

function readJson(path: string): any {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** A document that names a profile is checked against the profile's published copy of its kind, when the profile changes it. */
async function independentVerdict(spec: Spec, published: Set<string>, document: any, kind: string = document?.kind): Promise<boolean> {
  const id = spec.documentKinds.get(kind);
  if (!id) return false;
  const profiled = typeof document?.profile === 'string' ? `${spec.baseUri}profiles/${document.profile}/${id.slice(spec.baseUri.length)}` : undefined;
  return (await validate(profiled && published.has(profiled) ? profiled : id, document)).valid;
}

/**
 * Whether our issues include an expected error. Like ajv, JSON Schema output places `required` and
 * `additionalProperties` at the object; a manifest may instead name the property itself, so both
 * readings are accepted for those two keywords.
 */
function reports(issues: ValidationIssue[], expected: ExpectedError): boolean {
  return issues.some((issue) => {
    if (issue.keyword !== expected.keyword) return false;
    if (issue.pointer === expected.instancePath) return true;
    const named = /'([^']+)'/.exec(issue.message)?.[1];
    return (issue.keyword === 'required' || issue.keyword === 'additionalProperties') && named !== undefined &&
      `${issue.pointer}/${named.replace(/~/g, '~0').replace(/\//g, '~1')}` === expected.instancePath;
  });
}

function examplesIn(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => join(dir, f)) : [];
}

function casesIn(manifestPath: string): ConformanceCase[] {
  return existsSync(manifestPath) ? (readJson(manifestPath).cases as ConformanceCase[]) : [];
}

function crossCheck(name: string, specDir: string, examplesDir: string, conformanceDir: string, targets: { examples: number; cases: number }) {
  describe(name, () => {
    const spec = loadSpec(specDir);
    const ours: Validator = createValidator({ spec });
    const published = registerSpec(spec);
    const examples = examplesIn(examplesDir);
    const manifestPath = join(conformanceDir, 'manifest.json');
    const cases = casesIn(manifestPath);

    it(`has at least ${targets.examples} examples and ${targets.cases} conformance cases`, () => {
      expect(examples.length, `${examplesDir} holds ${examples.length} examples; at least ${targets.examples} are required`).toBeGreaterThanOrEqual(targets.examples);
      expect(cases.length, `${manifestPath} lists ${cases.length} cases; at least ${targets.cases} are required`).toBeGreaterThanOrEqual(targets.cases);
    });

    it('finds every example valid, in both validators', async () => {
      for (const file of examples) {
        const result = ours.validateText(readFileSync(file, 'utf8'));
        expect(result.issues, `${file}: ours`).toEqual([]);
        expect(await independentVerdict(spec, published, readJson(file)), `${file}: the independent validator`).toBe(true);
      }
    });

    it('reaches the manifest verdict on every conformance case, in both validators, with the expected errors', async () => {
      for (const testCase of cases) {
        const path = join(conformanceDir, testCase.file);
        const result = ours.validateText(readFileSync(path, 'utf8'), testCase.kind ? { kind: testCase.kind } : {});
        const label = `${testCase.id} (${testCase.file}): ${testCase.description}`;
        expect(result.valid, `${label}: ours; issues ${JSON.stringify(result.issues)}`).toBe(testCase.valid);
        expect(await independentVerdict(spec, published, readJson(path), testCase.kind), `${label}: the independent validator`).toBe(testCase.valid);
        for (const expected of testCase.errors ?? []) {
          expect(reports(result.issues, expected), `${label}: expected ${expected.keyword} at '${expected.instancePath}', got ${JSON.stringify(result.issues.map((i) => [i.pointer, i.keyword, i.message]))}`).toBe(true);
        }
      }
    });
  });
}

crossCheck('cross-check on the validator fixtures', fixtureSpecDir, join(fixtureDir, 'examples'), join(fixtureDir, 'conformance'), { examples: 2, cases: 15 });
crossCheck('cross-check on the published spec, its examples and conformance suite', join(repoRoot, 'spec/v1'), join(repoRoot, 'spec/examples'), join(repoRoot, 'spec/conformance'), { examples: 10, cases: 20 });

describe('the independent validator', () => {
  it('loads the NRX keywords as annotations that neither fail nor relax a schema', async () => {
    const probe = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { sex: { type: 'string', oneOf: [{ const: 'female' }, { const: 'male' }], 'x-nrx-sensitivity': 'operational', 'x-nrx-transforms': ['presence-only'] } },
      'x-nrx-codelist': { version: '1.0.0' },
      additionalProperties: false,
    };
    registerSchema(probe, 'https://example.org/probe/annotations.json');
    expect((await validate('https://example.org/probe/annotations.json', { sex: 'female' })).valid).toBe(true);
    expect((await validate('https://example.org/probe/annotations.json', { sex: 'femal' })).valid).toBe(false);
    expect((await validate('https://example.org/probe/annotations.json', { sex: 'female', extra: 1 })).valid).toBe(false);
  });
});
