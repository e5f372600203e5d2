/**
 * The request path's layers, read from the source: the pure policy engine imports nothing from
 * GraphQL, the server, the store or the audit trail, and no lower layer (store, audit, policy, the
 * request context) imports a higher one (the server, the GraphQL schema).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));
}

/** Every module a source imports, as a path from the repository root (bare packages as they are). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\b[^'"]*?\sfrom\s+'([^']+)'/gm)) {
    const target = m[1]!;
    out.push(target.startsWith('.') ? relative(root, resolve(root, file, '..', target)) : target);
  }
  return out;
}

const forbidden: Record<string, string[]> = {
  'gateway/policy': ['graphql', 'graphql-yoga', 'gateway/server/', 'schema/graphql/', 'gateway/store/', 'gateway/audit/', 'gateway/request/'],
  'gateway/audit': ['gateway/server/', 'schema/graphql/', 'gateway/request/'],
  'gateway/store': ['gateway/server/', 'schema/graphql/', 'gateway/request/', 'gateway/policy/'],
  'gateway/request': ['gateway/server/', 'schema/graphql/'],
};

describe('layers of the request path', () => {
  for (const [dir, banned] of Object.entries(forbidden)) {
    it(`${dir} imports nothing from ${banned.join(', ')}`, () => {
      const found: string[] = [];
      for (const file of sources(dir)) {
        for (const target of importsOf(file)) if (banned.some((b) => (b.endsWith('/') ? target.startsWith(b) : target === b))) found.push(`${file} -> ${target}`);
      }
      expect(found).toEqual([]);
    });
  }

  it('schema/graphql imports nothing from gateway/server', () => {
    const found = sources('schema/graphql').flatMap((file) => importsOf(file).filter((t) => t.startsWith('gateway/server/')).map((t) => `${file} -> ${t}`));
    expect(found).toEqual([]);
  });
});
