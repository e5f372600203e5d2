import { describe, expect, it } from 'vitest';
import { createYoga } from 'graphql-yoga';
import { loadSpec } from '../../../lib/spec/load.ts';
import { buildGatewaySchema } from '../../../schema/graphql/gateway-schema.ts';
import type { GatewayOperations } from '../../../schema/graphql/operations.ts';
import type { SpecFieldInfo } from '../../../schema/graphql/plugins/spec-data.ts';

const stored = {
  seq: 1, id: 'r1', sender: 'RS/GOV/POLICE', recipient: 'RS/NGO/ATINA', purpose: 'assistance', subject: 'subject-1', status: 'sent',
  created: '2025-01-01T00:00:00.000Z', updated: '2025-01-01T00:00:00.000Z',
  document: { id: 'r1', purpose: 'assistance', note: 'hello', sections: { person: { subject: 'subject-1', givenName: 'Ana', sex: 'female' } } },
};
const operations = { referral: async () => stored, statusHistory: async () => [] } as unknown as GatewayOperations;
const query = '{ referral(id: "r1") { subject document { purpose note sections { person { givenName sex } } } } }';

/** Runs the query through the server library, as the gateway does. */
async function run(schema: any) {
  const yoga = createYoga({ schema, context: { principal: {} }, logging: false });
  const response = await yoga.fetch('http://local/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return response.json();
}

describe('the spec-data plugin: one interception point for every spec field', () => {
  it('passes values through when no guard is configured', async () => {
    const { schema } = buildGatewaySchema({ spec: loadSpec(), operations, maxListSize: 10 });
    const result = await run(schema);
    expect(result.data).toEqual({ referral: { subject: 'subject-1', document: { purpose: 'assistance', note: 'hello', sections: { person: { givenName: 'Ana', sex: 'female' } } } } });
  });

  it('sends every spec-data field, with its sensitivity and spec location, through its guard', async () => {
    const calls: SpecFieldInfo[] = [];
    const { schema } = buildGatewaySchema({
      spec: loadSpec(),
      operations,
      maxListSize: 10,
      guardSpecField: (field) => (value) => {
        calls.push(field);
        return field.sensitivity === 'identifying' || field.sensitivity === 'narrative' ? null : value;
      },
    });
    const result = await run(schema);
    expect(result.data).toEqual({ referral: { subject: 'subject-1', document: { purpose: 'assistance', note: null, sections: { person: { givenName: null, sex: 'female' } } } } });
    expect(calls.map((c) => c.coordinate)).toEqual(
      expect.arrayContaining(['ReferralRecord.subject', 'ReferralRecord.document', 'Referral.note', 'ReferralSections.person', 'Person.givenName', 'Person.sex']),
    );
    expect(calls.find((c) => c.coordinate === 'Person.givenName')).toMatchObject({ sensitivity: 'identifying', locations: ['https://nrx.exchange/spec/v1/person.schema.json#/properties/givenName'] });
  });
});
