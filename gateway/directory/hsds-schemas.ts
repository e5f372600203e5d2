/**
 * The official Open Referral HSDS 3.0 schemas (vendored under spec/mappings/hsds-3.0), compiled
 * once, to check what the gateway writes as HSDS and what an import reads. The schemas carry Open
 * Referral's own keywords (core, constraints, datapackage_metadata, …) for their tabular form; they
 * are declared here as annotations so that Ajv stays strict about everything else.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { repoRoot } from '../../lib/spec/paths.ts';

const Ajv = (AjvModule as any).default ?? AjvModule;
const addFormats = (addFormatsModule as any).default ?? addFormatsModule;

export const HSDS_DIR = join(repoRoot, 'spec', 'mappings', 'hsds-3.0');
const BASE = 'https://schema.openreferral.org/hsds/3.0/';
const OPEN_REFERRAL_KEYWORDS = ['core', 'constraints', 'datapackage_metadata', 'datapackage_type', 'name', 'path', 'tabular_required', 'example'];

/** The objects the gateway checks, by the schema file that describes them. */
export const HSDS_SCHEMAS = {
  service: 'compiled/service_with_definitions.json',
  serviceListItem: 'compiled/service_list.json',
  organization: 'organization.json',
  organizationListItem: 'compiled/organization_list.json',
  serviceAtLocation: 'service_at_location.json',
  serviceAtLocationListItem: 'compiled/service_at_location_list.json',
  taxonomy: 'taxonomy.json',
  taxonomyTerm: 'taxonomy_term.json',
} as const;
export type HsdsObject = keyof typeof HSDS_SCHEMAS;

let compiled: Map<HsdsObject, ValidateFunction> | undefined;

function compile(): Map<HsdsObject, ValidateFunction> {
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addVocabulary(OPEN_REFERRAL_KEYWORDS);
  const dir = join(HSDS_DIR, 'schema');
  for (const folder of ['', 'compiled/']) {
    for (const file of readdirSync(join(dir, folder)).filter((f) => f.endsWith('.json'))) {
      const schema = JSON.parse(readFileSync(join(dir, folder, file), 'utf8'));
      ajv.addSchema({ ...schema, $id: `${BASE}${folder}${file}` });
    }
  }
  return new Map((Object.entries(HSDS_SCHEMAS) as [HsdsObject, string][]).map(([object, file]) => [object, ajv.getSchema(`${BASE}${file}`)!]));
}

export interface HsdsProblem {
  pointer: string;
  message: string;
}

/** The problems of `value` as the HSDS object `object`; empty when it is valid HSDS 3.0. */
export function hsdsProblems(object: HsdsObject, value: unknown): HsdsProblem[] {
  compiled ??= compile();
  const validate = compiled.get(object)!;
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => ({ pointer: e.instancePath || '/', message: `${e.message ?? 'invalid'}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}` }));
}
