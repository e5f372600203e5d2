import { describe, expect, it } from 'vitest';
import { importCircles, importGraph, type ImportEdge } from '../../lib/import-graph.ts';
import { repoRoot } from '../../lib/spec/paths.ts';

const SOURCE_DIRS = ['gateway', 'schema', 'lib', 'cli', 'connectors', 'bench'];
const edges = importGraph(repoRoot, SOURCE_DIRS);

/** Lower layers, which the higher ones build on and which must not know them. */
const LOWER = ['gateway/store/', 'gateway/audit/', 'gateway/policy/', 'lib/'];
const HIGHER = ['gateway/server/', 'schema/graphql/', 'cli/'];

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
    expect(importCircles(edges)).toEqual([]);
  });

  it('has no arrow from a lower layer (store, audit, policy, lib) to a higher one (server, GraphQL schema, CLI)', () => {
    const upward = edges.filter((e) => LOWER.some((l) => e.from.startsWith(l)) && HIGHER.some((h) => e.to.startsWith(h))).map(arrow);
    expect([...new Set(upward)]).toEqual([]);
  });
});
