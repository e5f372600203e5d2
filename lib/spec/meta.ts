import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { metaSchemaDir } from './paths.ts';
import type { Spec, SpecSchema } from './types.ts';

const Ajv2020 = (Ajv2020Module as any).default ?? Ajv2020Module;

export interface MetaCheckers {
  object: ValidateFunction;
  codelist: ValidateFunction;
}

/**
 * The meta-schemas that check the spec's own files. They are compiled loosely: a meta-schema
 * describes schemas, so it mentions keywords (`x-nrx-*`) as data, which strict mode would refuse.
 */
export function metaCheckers(): MetaCheckers {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const read = (name: string) => JSON.parse(readFileSync(join(metaSchemaDir, name), 'utf8'));
  ajv.addSchema(read('nrx-schema.schema.json'));
  ajv.addSchema(read('nrx-codelist.schema.json'));
  return {
    object: ajv.getSchema('https://nrx.exchange/spec/meta/nrx-schema.schema.json')!,
    codelist: ajv.getSchema('https://nrx.exchange/spec/meta/nrx-codelist.schema.json')!,
  };
}

export interface MetaProblem {
  file: string;
  errors: ErrorObject[];
}

/** Checks every schema file of a spec against its meta-schema; returns the files that fail. */
export function checkSpecFiles(spec: Spec, checkers: MetaCheckers = metaCheckers()): MetaProblem[] {
  const problems: MetaProblem[] = [];
  for (const schema of spec.schemas) {
    const errors = checkSchemaFile(schema, checkers);
    if (errors.length) problems.push({ file: schema.file, errors });
  }
  return problems;
}

export function checkSchemaFile(schema: SpecSchema, checkers: MetaCheckers = metaCheckers()): ErrorObject[] {
  const check = schema.codelist ? checkers.codelist : checkers.object;
  return check(schema.json) ? [] : [...(check.errors ?? [])];
}
