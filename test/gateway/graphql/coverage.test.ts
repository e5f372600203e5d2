import { describe, expect, it } from 'vitest';
import type { GraphQLSchema } from 'graphql';
import { loadSpec } from '../../../lib/spec/load.ts';
import { buildGatewaySchema } from '../../../schema/graphql/gateway-schema.ts';
import type { GatewayOperations } from '../../../schema/graphql/operations.ts';
import { completeGatewaySchema } from '../../../schema/graphql/sdl.ts';
import { specFieldInfo } from '../../../schema/graphql/plugins/spec-data.ts';
import { SPEC_EXCLUSIONS, isExcluded } from '../../../schema/graphql/exclusions.ts';

const spec = loadSpec();
const schema = completeGatewaySchema(spec);

/** Every property location in every spec file, found by walking the raw JSON, not the model. */
function specPropertyLocations(): string[] {
  const found: string[] = [];
  const walk = (node: unknown, id: string, pointer: string) => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, id, `${pointer}/${i}`));
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      const here = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)) {
        for (const [name, sub] of Object.entries(value)) {
          const location = `${here}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
          found.push(`${id}#${location}`);
          walk(sub, id, location);
        }
      } else if (key !== 'const' && key !== 'enum' && key !== 'examples' && key !== 'default') walk(value, id, here);
    }
  };
  for (const schemaFile of spec.schemas) walk(schemaFile.json, schemaFile.id, '');
  return found;
}

/** Spec locations served by fields reachable from Query or Mutation. */
function reachableLocations(graphqlSchema: GraphQLSchema): Set<string> {
  const locations = new Set<string>();
  const seen = new Set<string>();
  // Duck-typed rather than isObjectType(): the test runner may load a second copy of graphql.
  const named = (type: any): any => (type.ofType ? named(type.ofType) : type);
  const queue: any[] = [graphqlSchema.getQueryType()!, graphqlSchema.getMutationType()!];
  while (queue.length) {
    const type = queue.shift()!;
    if (seen.has(type.name) || typeof type.getFields !== 'function' || typeof type.getInterfaces !== 'function') continue;
    seen.add(type.name);
    for (const field of Object.values(type.getFields()) as any[]) {
      for (const location of specFieldInfo(field.extensions as Record<string, unknown>)?.locations ?? []) locations.add(location);
      queue.push(named(field.type));
    }
  }
  return locations;
}

describe('the GraphQL schema is derived from the spec', () => {
  it('serves every spec property, at any depth, or lists it as excluded with a reason', () => {
    const reachable = reachableLocations(schema);
    const excluded = isExcluded;
    const missing = specPropertyLocations().filter((l) => !reachable.has(l) && !excluded(l));
    expect(missing).toEqual([]);
    for (const exclusion of SPEC_EXCLUSIONS) expect(exclusion.reason.length).toBeGreaterThan(20);
  });

  it('makes one scalar per codelist that carries the standard\'s own codes, and only those', () => {
    const purpose = schema.getType('Purpose') as any;
    expect(purpose.specifiedByURL).toBe('https://nrx.exchange/spec/v1/codelists/purpose.schema.json');
    for (const code of spec.codelists.get('purpose')!.codes) expect(purpose.description).toContain(`- \`${code.code}\`: ${code.label}`);
    expect(purpose.parseValue('return-reintegration')).toBe('return-reintegration');
    expect(purpose.serialize('mandatory-crime-notification')).toBe('mandatory-crime-notification');
    // The codes GraphQL enums could not hold travel unchanged.
    expect((schema.getType('ServiceCategory') as any).parseValue('accommodation.open')).toBe('accommodation.open');
    expect(() => purpose.parseValue('RETURN_REINTEGRATION')).toThrow("'RETURN_REINTEGRATION' is not a code of the codelist 'purpose'; did you mean 'return-reintegration'?");
    expect(() => purpose.serialize('sightseeing')).toThrow("'sightseeing' is not a code of the codelist 'purpose'");
    expect(() => purpose.parseValue(3)).toThrow("expected a code of the codelist 'purpose' (a string), found 3");
    for (const [name] of spec.codelists) expect(JSON.stringify([...Object.keys(schema.getTypeMap())]).toLowerCase()).toContain(name.replace(/-/g, '').toLowerCase());
    const enums = Object.values(schema.getTypeMap()).filter((type: any) => !type.name.startsWith('__') && typeof type.getValues === 'function');
    expect(enums.map((type: any) => type.name)).toEqual([]);
  });

  it('carries descriptions, formats and sensitivity into field descriptions and extensions', () => {
    const person = schema.getType('Person') as any;
    const dob = person.getFields().dateOfBirth;
    expect(dob.description).toContain('Format: date');
    expect(dob.description).toContain('Sensitivity: identifying');
    expect(dob.extensions.nrx).toMatchObject({ sensitivity: 'identifying', property: 'dateOfBirth', transforms: ['age-band', 'minor-flag', 'year-only'] });
    expect(dob.extensions.nrx.locations).toEqual(['https://nrx.exchange/spec/v1/person.schema.json#/properties/dateOfBirth']);
  });

  it('names nested inline objects deterministically', () => {
    const again = completeGatewaySchema(spec);
    expect(Object.keys(again.getTypeMap()).sort()).toEqual(Object.keys(schema.getTypeMap()).sort());
    expect(schema.getType('ReferralSections')).toBeDefined();
    expect(schema.getType('PersonDisability')).toBeDefined();
  });

  it('picks up a schema change at the next build', () => {
    const changed = structuredClone(spec);
    const person = changed.byId.get('https://nrx.exchange/spec/v1/person.schema.json')!;
    (person.json.properties as any).shoeSize = { type: 'integer', maximum: 60, minimum: 10, description: 'Shoe size, for the winter-shoes scenario.', 'x-nrx-sensitivity': 'operational' };
    const rebuilt = buildGatewaySchema({ spec: changed, operations: {} as GatewayOperations, maxListSize: 100 }).schema;
    expect((rebuilt.getType('Person') as any).getFields().shoeSize.type.toString()).toBe('Int');
  });
});
