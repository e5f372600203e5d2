import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSpec } from '../../lib/spec/load.ts';
import { createAjv } from '../../lib/spec/ajv.ts';
import { metaCheckers } from '../../lib/spec/meta.ts';
import { metaSchemaDir } from '../../lib/spec/paths.ts';

const spec = loadSpec();
const readMeta = (name: string) => JSON.parse(readFileSync(join(metaSchemaDir, name), 'utf8'));

describe('the spec checks its own schemas', () => {
  const meta = metaCheckers();

  it.each(spec.schemas.map((s) => [s.file, s] as const))('%s passes its meta-schema', (_file, schema) => {
    const check = schema.codelist ? meta.codelist : meta.object;
    const ok = check(schema.json);
    expect(check.errors ?? [], JSON.stringify(check.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('rejects a property without a sensitivity label', () => {
    const schema = structuredClone(spec.byId.get('https://nrx.exchange/spec/v1/person.schema.json')!.json) as any;
    schema.properties.shoeSize = { type: 'integer', description: 'Shoe size.' };
    expect(meta.object(schema)).toBe(false);
    expect(meta.object.errors!.some((e) => e.instancePath === '/properties/shoeSize' && e.params.missingProperty === 'x-nrx-sensitivity')).toBe(true);
  });

  it('rejects an unlabelled property nested deep inside items and $defs', () => {
    const schema = structuredClone(spec.byId.get('https://nrx.exchange/spec/v1/common.schema.json')!.json) as any;
    schema.$defs.address.properties.flat = { type: 'string', description: 'Flat number.' };
    expect(meta.object(schema)).toBe(false);
  });

  it('rejects a tier that is not published', () => {
    const schema = structuredClone(spec.byId.get('https://nrx.exchange/spec/v1/person.schema.json')!.json) as any;
    schema.properties.givenName['x-nrx-sensitivity'] = 'secret';
    expect(meta.object(schema)).toBe(false);
  });

  it('publishes the same tiers and transforms in sensitivity.json as the meta-schema allows', () => {
    const defs = readMeta('nrx-schema.schema.json').$defs;
    expect(defs.tier.enum).toEqual(spec.tiers.map((t) => t.code));
    expect(defs.transform.enum).toEqual(spec.transforms.map((t) => t.code));
  });

  it('compiles every schema in ajv strict mode, so every $ref resolves and no keyword is unknown', () => {
    const ajv = createAjv(spec);
    for (const schema of spec.schemas) expect(() => ajv.getSchema(schema.id), schema.file).not.toThrow();
  });

  it('declares the custom keywords to ajv so a typo in a keyword fails strict mode', () => {
    const ajv = createAjv(spec);
    expect(() => ajv.compile({ type: 'string', 'x-nrx-sensitivty': 'public' })).toThrow(/unknown keyword/);
    expect(() => ajv.compile({ type: 'string', 'x-nrx-sensitivity': 'secret' })).toThrow();
  });
});

