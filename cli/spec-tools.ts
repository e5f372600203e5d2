// What `nrx spec` needs at run time, in one module loaded on demand (cli/commands/spec.ts).
import type { ErrorObject } from 'ajv';
import { asEnum, createAjv } from '../lib/spec/ajv.ts';
import { checkSpecFiles } from '../lib/spec/meta.ts';
import type { Spec } from '../lib/spec/types.ts';

export { diffSpecs, formatDiff } from '../lib/spec/diff.ts';
export { defaultTargets, generateArtefacts, writeArtefacts } from '../lib/spec/generate.ts';
export { loadSpec } from '../lib/spec/load.ts';
export { defaultProfilesDir, loadProfile, profileFiles } from '../lib/spec/profile.ts';

export interface SpecProblem {
  file: string;
  path: string;
  message: string;
}

/** Every problem of a spec: meta-schema failures and schemas that do not compile in strict mode. */
export function specProblems(spec: Spec): SpecProblem[] {
  const problems: SpecProblem[] = [];
  for (const { file, errors } of checkSpecFiles(spec)) {
    for (const error of errors) problems.push({ file, path: error.instancePath || '/', message: describeError(error) });
  }
  // Schemas are added one at a time so that one broken file is reported without hiding the others.
  const ajv = createAjv({ ...spec, schemas: [] });
  const added = [];
  for (const schema of spec.schemas) {
    try {
      ajv.addSchema(schema.codelist ? asEnum(schema.json) : schema.json);
      added.push(schema);
    } catch (error) {
      problems.push({ file: schema.file, path: '/', message: (error as Error).message });
    }
  }
  for (const schema of added) {
    try {
      ajv.getSchema(schema.id);
    } catch (error) {
      problems.push({ file: schema.file, path: '/', message: `does not compile in strict mode: ${(error as Error).message}` });
    }
  }
  return problems;
}

function describeError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') return `missing ${JSON.stringify(params.missingProperty)}`;
  if (error.keyword === 'enum') return `${error.message}: ${JSON.stringify(params.allowedValues)}`;
  if (error.keyword === 'additionalProperties') return `unexpected ${JSON.stringify(params.additionalProperty)}`;
  return error.message ?? error.keyword;
}

