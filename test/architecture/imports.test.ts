import { describe, expect, it } from 'vitest';
import { importCircles, importGraph, type ImportEdge } from '../../lib/import-graph.ts';
import { repoRoot } from '../../lib/spec/paths.ts';

const SOURCE_DIRS = ['gateway', 'schema', 'lib', 'cli', 'connectors', 'bench'];
const edges = importGraph(repoRoot, SOURCE_DIRS);

/** Lower layers, which the higher ones build on and which must not know them. */
const LOWER = ['gateway/store/', 'gateway/audit/', 'gateway/policy/', 'gateway/federation/', 'lib/'];
const HIGHER = ['gateway/server/', 'schema/graphql/', 'cli/'];

const arrow = (e: ImportEdge) => `${e.from} -> ${e.to}`;

/**
 * The request path's layers, each importing nothing from those above it: the pure policy engine
 * knows neither GraphQL nor the server, the store, the audit trail or the request context.
 */
const FORBIDDEN: Record<string, string[]> = {
  'gateway/policy/': ['graphql', 'graphql-yoga', 'gateway/server/', 'schema/graphql/', 'gateway/store/', 'gateway/audit/', 'gateway/request/'],
  'gateway/audit/': ['gateway/server/', 'schema/graphql/', 'gateway/request/'],
  'gateway/store/': ['gateway/server/', 'schema/graphql/', 'gateway/request/', 'gateway/policy/'],
  'gateway/request/': ['gateway/server/', 'schema/graphql/'],
  // Calls between gateways: built on the store, the audit trail, the policy and auth; served by gateway/server.
  'gateway/federation/': ['gateway/server/', 'schema/graphql/', 'gateway/request/'],
  'schema/graphql/': ['gateway/server/'],
};

describe('the import graph', () => {
  it('is read from the source, with type-only and dynamic imports', () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(edges).toContainEqual({ from: 'gateway/config/load.ts', to: 'gateway/config/schema.ts', typeOnly: false });
    expect(edges).toContainEqual({ from: 'cli/main.ts', to: 'cli/commands/index.ts', typeOnly: false });
    expect(edges).toContainEqual({ from: 'gateway/server/yoga.ts', to: 'graphql-yoga', typeOnly: false, package: true });
    expect(edges.some((e) => e.typeOnly)).toBe(true);
  });

  it('finds a circle however long, and only circles', () => {
    const e = (from: string, to: string): ImportEdge => ({ from, to, typeOnly: false });
    expect(importCircles([e('a', 'b'), e('b', 'c'), e('c', 'a'), e('c', 'd'), e('d', 'e')])).toEqual([['a', 'b', 'c']]);
    expect(importCircles([e('a', 'a')])).toEqual([['a']]);
    expect(importCircles([e('a', 'b'), e('a', 'c'), e('b', 'c')])).toEqual([]);
  });

  it('has no import circles, type-only imports included', () => {
    expect(importCircles(edges)).toEqual([]);
  });

  it('has no arrow from a lower layer (store, audit, policy, lib) to a higher one (server, GraphQL schema, CLI)', () => {
    const upward = edges.filter((e) => LOWER.some((l) => e.from.startsWith(l)) && HIGHER.some((h) => e.to.startsWith(h))).map(arrow);
    expect([...new Set(upward)]).toEqual([]);
  });

  for (const [layer, banned] of Object.entries(FORBIDDEN)) {
    it(`${layer} imports nothing from ${banned.join(', ')}`, () => {
      const found = edges.filter((e) => e.from.startsWith(layer) && banned.some((b) => (b.endsWith('/') ? e.to.startsWith(b) : e.to === b))).map(arrow);
      expect(found).toEqual([]);
    });
  }
});
