import { describe, expect, it } from 'vitest';
import { createYoga } from 'graphql-yoga';
import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { loadSpec } from '../../../lib/spec/load.ts';
import { buildGatewaySchema } from '../../../schema/graphql/gateway-schema.ts';
import type { GatewayOperations } from '../../../schema/graphql/operations.ts';
import { completeGatewaySchema, gatewaySdl } from '../../../schema/graphql/sdl.ts';

const spec = loadSpec();
const schema = completeGatewaySchema(spec);
// Duck-typed rather than isInputObjectType(): the schema's copy of graphql need not be this file's.
const named = (type: any): any => (type.ofType ? named(type.ofType) : type);
const shape = (type: any): string => (type.ofType ? `${type.constructor.name}(${shape(type.ofType)})` : type.name);

describe('typed input objects for the mutations', () => {
  it('leaves no JSON argument on any mutation', () => {
    const args = Object.values(schema.getMutationType()!.getFields()).flatMap((field: any) => field.args.map((arg: any) => `${field.name}.${arg.name}: ${String(arg.type)}`));
    expect(args.filter((arg) => /\bJSON\b/.test(arg))).toEqual([]);
    expect(args).toEqual(expect.arrayContaining(['submitReferral.document: ReferralInput!', 'postStatusUpdate.document: ReferralStatusUpdateInput!', 'recordConsent.document: ConsentRecordInput!']));
  });

  it('mirror the output types field for field, with the same code scalars, at every depth', () => {
    const seen = new Set<string>();
    const compare = (input: any) => {
      if (seen.has(input.name) || typeof input.getFields !== 'function') return;
      seen.add(input.name);
      const output = schema.getType(input.name.replace(/Input$/, '')) as any;
      const inputs = input.getFields();
      const outputs = output.getFields();
      expect(Object.keys(inputs), input.name).toEqual(Object.keys(outputs));
      for (const [name, field] of Object.entries(inputs) as [string, any][]) {
        // Optional on input: completeness is the validator's to judge, with the spec's messages.
        expect(field.type.constructor.name, `${input.name}.${name}`).not.toBe('GraphQLNonNull');
        expect(shape(field.type).replace(/(\w+)Input\b/g, '$1'), `${input.name}.${name}`).toBe(shape(outputs[name].type));
        compare(named(field.type));
      }
    };
    for (const name of ['ReferralInput', 'ReferralStatusUpdateInput', 'ConsentRecordInput']) compare(schema.getType(name));
    expect(seen.has('PersonInput')).toBe(true);
    expect(seen.has('NeedInput')).toBe(true);
  });

  it('hand the document to the gateway under the spec\'s property names', async () => {
    const changed = structuredClone(spec);
    const person = changed.byId.get('https://nrx.exchange/spec/v1/person.schema.json')!;
    (person.json.properties as any)['shoe-size'] = { type: 'integer', minimum: 10, maximum: 60, 'x-nrx-sensitivity': 'operational' };
    const submitted: unknown[] = [];
    const operations = { submitReferral: async (_p: unknown, document: unknown) => (submitted.push(document), { id: 'r1' }) } as unknown as GatewayOperations;
    const yoga = createYoga({ schema: buildGatewaySchema({ spec: changed, operations, maxListSize: 10 }).schema, context: { principal: {} }, logging: false });
    const document = { kind: 'referral', purpose: 'assistance', sections: { person: { sex: 'female', shoeSize: 38, citizenships: ['MD'] }, needs: [{ category: 'accommodation.open' }] } };
    const response = await yoga.fetch('http://local/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation($d: ReferralInput!) { submitReferral(document: $d) { id } }', variables: { d: document } }),
    });
    expect(await response.json()).toEqual({ data: { submitReferral: { id: 'r1' } } });
    expect(submitted).toEqual([{ kind: 'referral', purpose: 'assistance', sections: { person: { sex: 'female', 'shoe-size': 38, citizenships: ['MD'] }, needs: [{ category: 'accommodation.open' }] } }]);
  });
});

describe('the published SDL', () => {
  it('is a valid schema with code scalars and no enums', () => {
    const sdl = readFileSync(new URL('../../../schema/nrx.graphql', import.meta.url), 'utf8');
    const parsed = buildSchema(sdl);
    expect(Object.keys(parsed.getTypeMap()).filter((name) => !name.startsWith('__')).sort()).toEqual(Object.keys(schema.getTypeMap()).filter((name) => !name.startsWith('__')).sort());
    expect(sdl).not.toMatch(/^enum /m);
    expect(sdl).toContain('scalar Sex @specifiedBy(url: "https://nrx.exchange/spec/v1/codelists/sex.schema.json")');
    expect(sdl).toContain('- `accommodation.open`: Open shelter');
  });

  it('is printed from the spec alone, the same every time', () => {
    expect(gatewaySdl(spec)).toBe(gatewaySdl(loadSpec(spec.dir, { fresh: true })));
  });
});
