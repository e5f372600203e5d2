import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ErrorObject } from 'ajv';
import { createAjv, compileKind } from '../../lib/spec/ajv.ts';
import { repoRoot } from '../../lib/spec/paths.ts';
import type { Spec } from '../../lib/spec/types.ts';
import { at, deref } from './schema-pointer.ts';

/** One validation error as the conformance suite states it. */
export interface Finding {
  instancePath: string;
  keyword: string;
  message?: string;
}

export type DocumentValidator = (kind: string, document: unknown) => Finding[];

/**
 * ajv checks codelists as `enum` for speed; the published codelist schema says `oneOf`, and
 * that is the keyword the suite states. An `enum` failure whose schema path, once its `$ref`s
 * are followed, lands on a codelist schema is therefore reported as `oneOf`.
 */
export function toFinding(spec: Spec, rootId: string, error: ErrorObject): Finding {
  const keyword = error.keyword === 'enum' && isCodelistPath(spec, rootId, error.schemaPath) ? 'oneOf' : error.keyword;
  return { instancePath: error.instancePath, keyword, message: error.message };
}

/** ajv writes schema paths as `#/...` (in the root), `file#/...` or `file/...` (an inlined `$ref`). */
function isCodelistPath(spec: Spec, rootId: string, schemaPath: string): boolean {
  const path = schemaPath.replace(/\/enum$/, '');
  const hash = path.indexOf('#');
  const file = hash === -1 ? path : path.slice(0, hash);
  const pointer = hash === -1 ? '' : path.slice(hash + 1);
  const id = new URL(file || rootId, rootId).href;
  const location = at(spec, id, pointer);
  if (!location) return false;
  const target = deref(spec, location);
  return target.pointer === '' && Boolean(spec.byId.get(target.id)?.codelist);
}

export function ajvValidator(spec: Spec): DocumentValidator {
  const ajv = createAjv(spec);
  return (kind, document) => {
    const validate = compileKind(ajv, spec, kind);
    const rootId = spec.documentKinds.get(kind)!;
    return validate(document) ? [] : (validate.errors ?? []).map((e) => toFinding(spec, rootId, e));
  };
}

/**
 * The project's validator library when it is present (it applies the same codelist rule),
 * otherwise ajv with the spec's own setup.
 */
export async function documentValidator(spec: Spec): Promise<DocumentValidator> {
  return (await libraryValidator(spec)) ?? ajvValidator(spec);
}

/** The project's validator library, or undefined while it does not exist. */
export async function libraryValidator(spec: Spec): Promise<DocumentValidator | undefined> {
  const library = join(repoRoot, 'lib/validator/index.ts');
  if (!existsSync(library)) return undefined;
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
