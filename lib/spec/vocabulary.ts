import type { KeywordDefinition } from 'ajv';
import type { Spec } from './types.ts';

/** Any ajv instance: typed by what it needs, so that this module does not import ajv.ts, which imports it. */
type KeywordHolder = { addKeyword(definition: KeywordDefinition): unknown };

/**
 * The NRX annotation keywords, declared to ajv so that strict mode stays on: an unknown
 * keyword (a typo such as `x-nrx-sensitivty`) still fails compilation, and a label outside
 * the published tier list fails the keyword's own meta-schema.
 */
export function addNrxVocabulary<Ajv extends KeywordHolder>(ajv: Ajv, spec: Pick<Spec, 'tiers' | 'transforms'>): Ajv {
  const tiers = spec.tiers.map((t) => t.code);
  const transforms = spec.transforms.map((t) => t.code);
  ajv.addKeyword({ keyword: 'x-nrx-sensitivity', schemaType: 'string', metaSchema: { enum: tiers } });
  ajv.addKeyword({
    keyword: 'x-nrx-transforms',
    schemaType: 'array',
    metaSchema: { type: 'array', items: { enum: transforms }, uniqueItems: true },
  });
  ajv.addKeyword({
    keyword: 'x-nrx-transform-targets',
    schemaType: 'object',
    metaSchema: { type: 'object', propertyNames: { enum: transforms }, additionalProperties: { type: 'string', pattern: '^[0-9]+(/[^/]+)+$' } },
  });
  ajv.addKeyword({
    keyword: 'x-nrx-codelist',
    schemaType: 'object',
    metaSchema: {
      type: 'object',
      required: ['version'],
      properties: { version: { type: 'string' }, source: { type: 'string' } },
      additionalProperties: false,
    },
  });
  return ajv;
}
