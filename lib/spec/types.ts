/** A JSON Schema document or subschema, as read from the spec's files. */
export type JsonSchema = { [keyword: string]: unknown } | boolean;
export type JsonSchemaObject = { [keyword: string]: unknown };

export interface SensitivityTier {
  code: string;
  label: string;
  description: string;
  fhirConfidentiality: 'U' | 'L' | 'M' | 'N' | 'R' | 'V';
  specialCategory: boolean;
}

export interface Transform {
  code: string;
  label: string;
  description: string;
  appliesTo: string[];
}

export interface Code {
  code: string;
  label: string;
  definition: string;
  deprecated?: boolean;
}

export interface Codelist {
  /** File stem, e.g. `exploitation-form`. */
  name: string;
  id: string;
  title: string;
  description: string;
  version: string;
  codes: Code[];
}

export interface SpecSchema {
  /** The schema's `$id`. */
  id: string;
  /** Path relative to the version directory, e.g. `referral.schema.json` or `codelists/country.schema.json`. */
  file: string;
  /** File stem, e.g. `referral`. */
  name: string;
  json: JsonSchemaObject;
  codelist?: Codelist;
}

export interface Spec {
  dir: string;
  title: string;
  version: string;
  baseUri: string;
  tiers: SensitivityTier[];
  transforms: Transform[];
  /** Every schema file, object schemas first, in file-name order. */
  schemas: SpecSchema[];
  byId: Map<string, SpecSchema>;
  codelists: Map<string, Codelist>;
  /** Top-level document kinds (the `kind` constant a payload carries) to the `$id` of their schema. */
  documentKinds: Map<string, string>;
}
