import { describe, expect, it } from 'vitest';
import { importCircles, importGraph, type ImportEdge } from '../../lib/import-graph.ts';
import { repoRoot } from '../../lib/spec/paths.ts';

const SOURCE_DIRS = ['gateway', 'schema', 'lib', 'cli', 'connectors', 'bench'];
const edges = importGraph(repoRoot, SOURCE_DIRS);

/** Lower layers, which the higher ones build on and which must not know them. */
const LOWER = ['gateway/store/', 'gateway/audit/', 'gateway/policy/', 'lib/'];
const HIGHER = ['gateway/server/', 'schema/graphql/', 'cli/'];

/**
 * Being removed on the branches that restructure the request path (one request context passed
 * explicitly, the guard split by job): delete each line here once that work is merged.
 */
const KNOWN_CIRCLES = [['gateway/store/audited.ts', 'gateway/store/index.ts']];
const KNOWN_UPWARD = [
  'gateway/store/audited.ts -> gateway/server/request-context.ts',
  // The same work moves these out of the pure policy engine and the audit trail.
  'gateway/policy/guard.ts -> gateway/server/request-context.ts',
  'gateway/policy/guard.ts -> schema/graphql/plugins/spec-data.ts',
  'gateway/audit/disclosures.ts -> gateway/server/request-context.ts',
];

const arrow = (e: ImportEdge) => `${e.from} -> ${e.to}`;

describe('the import graph', () => {
  it('is read from the source, with type-only and dynamic imports', () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(edges).toContainEqual({ from: 'gateway/config/load.ts', to: 'gateway/config/schema.ts', typeOnly: false });
    expect(edges).toContainEqual({ from: 'cli/main.ts', to: 'cli/commands/index.ts', typeOnly: false });
    expect(edges.some((e) => e.typeOnly)).toBe(true);
  });

  it('finds a circle however long, and only circles', () => {
    const e = (from: string, to: string): ImportEdge => ({ from, to, typeOnly: false });
    expect(importCircles([e('a', 'b'), e('b', 'c'), e('c', 'a'), e('c', 'd'), e('d', 'e')])).toEqual([['a', 'b', 'c']]);
    expect(importCircles([e('a', 'a')])).toEqual([['a']]);
    expect(importCircles([e('a', 'b'), e('a', 'c'), e('b', 'c')])).toEqual([]);
  });

  it('has no import circles, type-only imports included', () => {
    const known = new Set(KNOWN_CIRCLES.map((c) => c.join(' ')));
    expect(importCircles(edges).filter((c) => !known.has(c.join(' ')))).toEqual([]);
  });

  it('has no arrow from a lower layer (store, audit, policy, lib) to a higher one (server, GraphQL schema, CLI)', () => {
    const upward = edges.filter((e) => LOWER.some((l) => e.from.startsWith(l)) && HIGHER.some((h) => e.to.startsWith(h))).map(arrow);
    expect([...new Set(upward)].filter((a) => !KNOWN_UPWARD.includes(a))).toEqual([]);
  });
});
