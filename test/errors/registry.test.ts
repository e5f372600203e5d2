import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES, exitCodeFor, main } from '../../cli/main.ts';
import { AuthError } from '../../gateway/auth/types.ts';
import { DuplicateError } from '../../gateway/store/rows.ts';
import { ERROR_CODES, isErrorCode } from '../../lib/error-codes.ts';
import { errorCodesDoc } from '../../lib/error-codes-doc.ts';
import { NrxError } from '../../lib/errors.ts';
import { repoRoot } from '../../lib/spec/paths.ts';
import { maskError } from '../../schema/graphql/errors.ts';

const SOURCE_DIRS = ['gateway', 'schema', 'lib', 'cli', 'connectors'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const sources = SOURCE_DIRS.flatMap((d) => sourceFiles(join(repoRoot, d))).map((path) => ({ file: relative(repoRoot, path), text: readFileSync(path, 'utf8') }));
const literals = (text: string) => [...text.matchAll(/'([A-Z][A-Z0-9_]*)'/g)].map((m) => m[1]!);

/** Every code the source raises or answers with: constructor calls with a literal code, the code unions of the error classes, and codes written into response bodies. */
function codesInSource(): Map<string, string> {
  const found = new Map<string, string>();
  const note = (code: string, file: string) => found.has(code) || found.set(code, file);
  for (const { file, text } of sources) {
    for (const m of text.matchAll(/new (?:NrxError|\w+Error|FieldProblem)\(\s*'([A-Z][A-Z0-9_]*)'/g)) note(m[1]!, file);
    for (const m of text.matchAll(/\b(?:super|gatewayError)\(\s*'([A-Z][A-Z0-9_]*)'/g)) note(m[1]!, file);
    for (const m of text.matchAll(/NrxError<([^>{]+)>/g)) for (const code of literals(m[1]!)) note(code, file);
    for (const m of text.matchAll(/export type \w*ErrorCode\s*=([^;]+);/g)) for (const code of literals(m[1]!)) note(code, file);
    // Codes the HTTP surface writes into a response body itself, and constants named as their value.
    if (file.startsWith('gateway/server/')) for (const m of text.matchAll(/\bcode: '([A-Z][A-Z0-9_]*)'/g)) note(m[1]!, file);
    for (const m of text.matchAll(/export const ([A-Z][A-Z0-9_]*) = '\1'/g)) note(m[1]!, file);
  }
  return found;
}

describe('the registry of error codes', () => {
  it('holds every code the source raises', () => {
    const used = codesInSource();
    // The scan itself works: it sees codes of each way an error is raised.
    for (const code of ['CONFIG_INVALID', 'TOKEN_EXPIRED', 'UNREACHABLE', 'DUPLICATE', 'CLI_USAGE', 'NOT_FOUND', 'TRUST_LIST_STALE', 'BAD_REQUEST_TARGET', 'AUDIT_UNAVAILABLE']) expect(used.has(code), code).toBe(true);
    const unknown = [...used].filter(([code]) => !isErrorCode(code)).map(([code, file]) => `${code} (${file})`);
    expect(unknown, 'codes raised in source but missing from lib/error-codes.ts').toEqual([]);
  });

  it('gives every code a one-line meaning and action, an exit class and a GraphQL code', () => {
    for (const [code, info] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      for (const text of [info.meaning, info.action]) expect(text, code).toMatch(/^[^\n]{8,200}$/);
      expect(Object.keys(EXIT_CODES), code).toContain(info.exit);
      expect(info.graphql, code).toMatch(/^[A-Z_]+$/);
    }
  });

  it('is listed in docs/errors.md, generated from it', () => {
    const doc = readFileSync(join(repoRoot, 'docs', 'errors.md'), 'utf8');
    expect(doc, 'docs/errors.md is stale: run npm run generate').toBe(errorCodesDoc());
    for (const code of Object.keys(ERROR_CODES)) expect(doc).toContain(`| \`${code}\` |`);
  });

  it('is the base of every error class the project defines', () => {
    const plain = sources.flatMap(({ file, text }) => [...text.matchAll(/class (\w+) extends (?:Error|TypeError|RangeError)\b/g)].map((m) => `${file} ${m[1]}`));
    expect(plain.filter((c) => c !== 'lib/errors.ts NrxError')).toEqual([]);
  });
});

describe('exit codes of the nrx command, from the registry', () => {
  it('maps each class once, and an error by its code', () => {
    expect(EXIT_CODES).toEqual({ failed: 1, usage: 2, internal: 70 });
    expect(exitCodeFor(new NrxError('TRUST_LIST_SIGNATURE_INVALID', 'x'))).toBe(1);
    expect(exitCodeFor(new NrxError('CLI_USAGE', 'x'))).toBe(2);
    expect(exitCodeFor(new DuplicateError('referral', 'r-1'))).toBe(1);
    expect(exitCodeFor(new Error('a defect'))).toBe(70);
  });

  it('names the command and the problem in one line, no stack trace', async () => {
    let err = '';
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => ((err += chunk), true)) as typeof process.stderr.write;
    try {
      expect(await main(['audit', 'verify', '--database-url', 'mysql://x/y'])).toBe(2);
    } finally {
      process.stderr.write = write;
    }
    expect(err).toBe('nrx audit verify: --database-url must be a postgres:// URL\n');
  });
});

describe('GraphQL errors, from the registry', () => {
  const thrown: Record<string, () => Error> = {
    duplicate: () => new DuplicateError('referral', 'r-1'),
    token: () => new AuthError('TOKEN_EXPIRED', 'the token expired 3 s ago'),
    internal: () => new NrxError('AUDIT_GUARD_REFUSED', 'audit entry refused: /person/name'),
    defect: () => new Error('secret detail'),
  };
  const yoga = createYoga({
    schema: createSchema({
      typeDefs: `type Query { ${Object.keys(thrown).map((k) => `${k}: String`).join(' ')} }`,
      resolvers: { Query: Object.fromEntries(Object.entries(thrown).map(([k, make]) => [k, () => { throw make(); }])) },
    }),
    logging: false,
    maskedErrors: { maskError },
  });
  const ask = async (field: string) => {
    const response = await yoga.fetch('http://nrx.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ ${field} }` }) });
    return { status: response.status, challenge: response.headers.get('www-authenticate'), body: (await response.json()) as { errors: Array<{ message: string; path?: string[]; extensions: Record<string, unknown> }> } };
  };

  it("gives an NrxError the registry's code, and its own under reason when they differ", async () => {
    const { body } = await ask('duplicate');
    expect(body.errors[0]).toMatchObject({ message: 'referral r-1 already exists', path: ['duplicate'], extensions: { code: 'CONFLICT', reason: 'DUPLICATE' } });
  });

  it('refuses a token with its own code and HTTP 401', async () => {
    const { status, challenge, body } = await ask('token');
    expect(status).toBe(401);
    expect(challenge).toBe('Bearer error="invalid_token"');
    expect(body.errors[0]!.extensions).toEqual({ code: 'TOKEN_EXPIRED' });
  });

  it('masks internal codes and anything that is not an NrxError', async () => {
    for (const field of ['internal', 'defect']) {
      const { body } = await ask(field);
      expect(body.errors[0]!.message).toBe('Unexpected error.');
      expect(JSON.stringify(body)).not.toMatch(/person|secret/);
    }
  });
});
