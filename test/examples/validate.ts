import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ErrorObject } from 'ajv';
import { createAjv, compileKind } from '../../lib/spec/ajv.ts';
import { repoRoot } from '../../lib/spec/paths.ts';
import type { Spec } from '../../lib/spec/types.ts';

/** One validation error as the conformance suite states it. */
export interface Finding {
  instancePath: string;
  keyword: string;
  message?: string;
}

export type DocumentValidator = (kind: string, document: unknown) => Finding[];

/**
 * ajv checks codelists as `enum` for speed; the published codelist schema says `oneOf`, and
 * that is the keyword the suite states, so an `enum` failure inside a codelist is reported as `oneOf`.
 */
export function toFinding(spec: Spec, error: ErrorObject): Finding {
  const codelist = /(?:^|\/)codelists\/([a-z0-9-]+)\.schema\.json(?:#)?\/enum$/.exec(error.schemaPath)?.[1];
  const keyword = error.keyword === 'enum' && codelist && spec.codelists.has(codelist) ? 'oneOf' : error.keyword;
  return { instancePath: error.instancePath, keyword, message: error.message };
}

function ajvValidator(spec: Spec): DocumentValidator {
  const ajv = createAjv(spec);
  return (kind, document) => {
    const validate = compileKind(ajv, spec, kind);
    return validate(document) ? [] : (validate.errors ?? []).map((e) => toFinding(spec, e));
  };
}

/**
 * The project's validator library when it is present (it applies the same codelist rule),
 * otherwise ajv with the spec's own setup.
 */
export async function documentValidator(spec: Spec): Promise<DocumentValidator> {
  const library = join(repoRoot, 'lib/validator/index.ts');
  if (!existsSync(library)) return ajvValidator(spec);
  const { createValidator } = await import(pathToFileURL(library).href);
  const validator = createValidator({ spec });
  return (kind, document) => {
    const result = validator.validateValue(document, { kind }) as {
      valid: boolean;
      issues: Array<{ pointer: string; keyword: string; message: string }>;
    };
    return result.issues.map((issue) => ({ instancePath: issue.pointer, keyword: issue.keyword, message: issue.message }));
  };
}

/** Counts the scalar values of a JSON document: the fields a benchmark has to carry. */
export function countLeaves(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, item) => n + countLeaves(item), 0);
  if (value !== null && typeof value === 'object') return Object.values(value).reduce((n: number, item) => n + countLeaves(item), 0);
  return 1;
}
