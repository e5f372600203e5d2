/**
 * The spec's coded values as the model describes them: one code type per codelist and per inline
 * string enum, holding the spec's own codes (`accommodation.open`, `female`, `RS`). GraphQL serves
 * each as a scalar of that name (code-scalars.ts), so the codes on the wire are the documents' codes.
 */
import type { JsonSchemaObject, SpecSchema } from '../../lib/spec/types.ts';
import { isObject } from './spec-nodes.ts';

export interface SpecCode {
  code: string;
  /** `Label: definition`, or the code itself for an inline enum. */
  description: string;
  /** The code's own `x-nrx-sensitivity` tier, when the codelist gives one. */
  sensitivity?: string;
  deprecated?: boolean;
}

export interface SpecCodeType {
  name: string;
  description: string;
  /** Where the codes are defined: the codelist's `$id`, or `<schema $id>#<pointer>` of an inline enum. */
  location: string;
  /** The codelist's name (`exploitation-form`); absent for an inline enum. */
  codelist?: string;
  codes: SpecCode[];
}

export function codelistCodeType(schema: SpecSchema, name: string): SpecCodeType {
  const codelist = schema.codelist!;
  const raw = ((schema.json.oneOf ?? []) as JsonSchemaObject[]).filter(isObject);
  const codes = codelist.codes.map((code): SpecCode => {
    const tier = raw.find((entry) => entry.const === code.code)?.['x-nrx-sensitivity'];
    return {
      code: code.code,
      description: `${code.label}: ${code.definition}`,
      ...(typeof tier === 'string' ? { sensitivity: tier } : {}),
      ...(code.deprecated ? { deprecated: true } : {}),
    };
  });
  return {
    name,
    description: `${codelist.title}. ${codelist.description} (codelist ${codelist.name} ${codelist.version})`,
    location: schema.id,
    codelist: codelist.name,
    codes,
  };
}

export function inlineCodeType(codes: string[], name: string, description: string, location: string): SpecCodeType {
  return { name, description, location, codes: [...new Set(codes)].map((code) => ({ code, description: code })) };
}
