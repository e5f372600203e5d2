import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Options, ValidateFunction } from 'ajv';
import { addNrxVocabulary } from './vocabulary.ts';
import type { JsonSchemaObject, Spec } from './types.ts';
import { NrxError } from '../errors.ts';

// ajv and ajv-formats are CommonJS with a default export.
const Ajv2020 = (Ajv2020Module as any).default ?? Ajv2020Module;
const addFormats = (addFormatsModule as any).default ?? addFormatsModule;
export type Ajv = InstanceType<typeof import('ajv/dist/2020.js').default>;

export interface AjvOptions {
  /** Report every error rather than stopping at the first. Default true: integrators fix all at once. */
  allErrors?: boolean;
  /**
   * Compile codelists as `enum` rather than `oneOf` of `const`s. The two accept exactly the same
   * values (codes are unique), but ajv checks an enum without building an error per branch.
   */
  fastCodelists?: boolean;
  ajv?: Options;
}

export function createAjv(spec: Spec, options: AjvOptions = {}): Ajv {
  const { allErrors = true, fastCodelists = true } = options;
  const ajv: Ajv = new Ajv2020({
    strict: true,
    allErrors,
    allowUnionTypes: true,
    ...options.ajv,
  });
  addFormats(ajv);
  addNrxVocabulary(ajv, spec);
  for (const schema of spec.schemas) {
    ajv.addSchema(fastCodelists && schema.codelist ? asEnum(schema.json) : schema.json);
  }
  return ajv;
}

/** The same codelist with its `oneOf` of constants replaced by one `enum`. */
export function asEnum(json: JsonSchemaObject): JsonSchemaObject {
  const { oneOf, ...rest } = json;
  return { ...rest, enum: (oneOf as Array<{ const: string }>).map((entry) => entry.const) };
}

export function compileKind(ajv: Ajv, spec: Spec, kind: string): ValidateFunction {
  const id = spec.documentKinds.get(kind);
  if (!id) throw new NrxError('UNKNOWN_KIND', `unknown document kind '${kind}'`);
  const validate = ajv.getSchema(id);
  if (!validate) throw new NrxError('SPEC_INVALID', `schema ${id} did not compile`);
  return validate;
}
