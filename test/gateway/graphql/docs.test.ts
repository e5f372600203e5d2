import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse, validate } from 'graphql';
import { loadSpec } from '../../../lib/spec/load.ts';
import { createValidator } from '../../../lib/validator/index.ts';
import type { DpoOptions } from '../../../schema/graphql/dpo.ts';
import { buildGatewaySchema } from '../../../schema/graphql/gateway-schema.ts';
import type { GatewayOperations } from '../../../schema/graphql/operations.ts';

const spec = loadSpec();
const { schema } = buildGatewaySchema({ spec, operations: {} as GatewayOperations, maxListSize: 100, dpo: {} as DpoOptions });
const page = readFileSync(new URL('../../../docs/graphql.md', import.meta.url), 'utf8');
const blocks = (language: string) => [...page.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);

describe('docs/graphql.md stays true to the schema', () => {
  it('every GraphQL operation on the page is valid against the schema', () => {
    const operations = blocks('graphql').filter((text) => /^(query|mutation)\b/.test(text.trim()));
    expect(operations.length).toBeGreaterThanOrEqual(4);
    for (const text of operations) expect(validate(schema, parse(text)).map((e) => e.message), text).toEqual([]);
  });

  it('the example document follows the spec, and the SDL excerpt is the schema\'s', () => {
    const variables = blocks('json').map((text) => JSON.parse(text)).find((value) => value.d);
    expect(createValidator({ spec }).validateValue(variables.d).valid).toBe(true);
    const sdl = blocks('graphql').find((text) => text.includes('scalar Sex'))!;
    expect(sdl).toContain((schema.getType('Sex') as any).specifiedByURL);
  });
});
