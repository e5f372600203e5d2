/**
 * Property-based fuzzing of the HTTP edge and the GraphQL layer of a running gateway: arbitrary
 * request targets, methods, headers and bodies, GraphQL texts and variables. No answer is a 5xx,
 * nothing is logged at error level, no suggestion names anything, and /health keeps answering
 * while a hostile document is validated.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../gateway/support/federation.ts';
import { badCodes, deepNesting, unknownProperties, wrongTypes } from '../fixtures/hostile-documents.ts';
import { runs, timeout } from './settings.ts';

let gw: TestGateway;
let token: string;

beforeAll(async () => {
  // The fuzzer is one client sending thousands of requests: its limits are lifted.
  gw = await startTestGateway({
    log: { level: 'info' },
    rateLimit: { validate: { points: 1_000_000, durationSeconds: 60 }, failedAuth: { points: 1_000_000, durationSeconds: 60, blockSeconds: 1 } },
  });
  token = await gw.token('RS/GOV/POLICE');
});
afterAll(() => gw?.stop());

/** Sends raw bytes and resolves with the status code of the answer (0 when the connection closed without one). */
function raw(bytes: Buffer | string): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(gw.gateway.port, '127.0.0.1');
    let answer = '';
    const finish = () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0));
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('close', finish);
    socket.on('error', () => {});
    socket.setTimeout(10_000, () => socket.destroy());
    socket.end(bytes);
  });
}

const noServerErrors = () => expect(gw.logs.filter((l) => l.includes('"level":"error"') || l.includes('"level":50'))).toEqual([]);

const targetChars = fc.constantFrom(...'/abcdeghlqrtvxz0123456789%?#&=[]:@!$\'()*+,;~.-_'.split(''), 'é', '\u0000', '\u00ff', '\t', '\ud83d\ude00', '%E0', '%zz', '//', '/..', 'http://', 'graphql', 'validate', 'health', 'spec/v1/');
const target = fc.array(targetChars, { maxLength: 30 }).map((parts) => parts.join(''));
const method = fc.constantFrom('GET', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'PATCH', 'TRACE', 'BREW', 'get');
const headerValue = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('Bearer x', 'Bearer ', 'Basic Zm9vOmJhcg==', 'https://evil.example', 'null', 'application/json', 'text/plain', 'chunked'));

describe('the HTTP edge under fuzzed requests', () => {
  it('any request line, headers and body: never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(method, target, fc.array(fc.tuple(fc.constantFrom('origin', 'authorization', 'content-type', 'accept', 'x-any', 'access-control-request-method'), headerValue), { maxLength: 4 }), fc.uint8Array({ maxLength: 300 }), async (verb, path, headers, body) => {
          const head = [`${verb} ${path.startsWith('/') || path.startsWith('http') ? path : `/${path}`} HTTP/1.1`, 'host: 127.0.0.1', 'connection: close', `content-length: ${body.length}`, ...headers.map(([k, v]) => `${k}: ${v}`)].join('\r\n');
          const status = await raw(Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), body]));
          expect(status).toBeLessThan(500);
        }),
      runs(400),
    );
    noServerErrors();
  }, timeout(120_000));

  it('replays the corpus of requests that once failed', async () => {
    const dir = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));
    const manifest = JSON.parse(readFileSync(`${dir}manifest.json`, 'utf8')) as { requests: Array<{ name: string; file: string; status: number }> };
    for (const entry of manifest.requests) expect({ name: entry.name, status: await raw(readFileSync(`${dir}${entry.file}`)) }).toEqual({ name: entry.name, status: entry.status });
    noServerErrors();
  });

  it('any body to /validate, with or without a kind: 200 with a verdict, or a 4xx', async () => {
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b)),
      fc.jsonValue({ maxDepth: 5 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
      fc.string({ unit: 'grapheme', maxLength: 200 }).map((s) => Buffer.from(`\ufeff${s}`)),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.option(fc.string({ maxLength: 20 })), async (bytes, kind) => {
        const response = await fetch(`${gw.gateway.url}/validate${kind === null ? '' : `?kind=${encodeURIComponent(kind)}`}`, { method: 'POST', body: bytes });
        expect(response.status).toBeLessThan(500);
        const result = await response.json();
        if (response.status === 200) expect(typeof result.valid).toBe('boolean');
      }),
      runs(300),
    );
    noServerErrors();
  }, timeout(120_000));
});

describe('the GraphQL layer under fuzzed operations', () => {
  const word = fc.constantFrom('{', '}', '(', ')', ':', '$v', '"x"', '...', 'on', 'query', 'mutation', 'subscription', 'fragment', 'referral', 'referal', 'referralsSent', 'id', 'status', 'statu', 'document', 'respondToReferral', 'decision', 'ACEPT', 'ACCEPT', 'DECLIN', 'submitReferral', 'members', 'membr', 'country', '"RS"', '__schema', '__typename', 'first', '100000', '@include', '@skip(if: true)', 'if', 'true', '[', ']', '!', 'String', 'Strin', 'ReferralDecision', '#', '\n', '"""', '\\u0000', 'é');
  const operation = fc.array(word, { maxLength: 25 }).map((w) => w.join(' '));

  it('any operation text and variables, with a valid token: never a 5xx and no suggestion', async () => {
    await fc.assert(
      fc.asyncProperty(operation, fc.option(fc.dictionary(fc.constantFrom('v', 'd', 'document'), fc.jsonValue({ maxDepth: 3 }))), async (query, variables) => {
        const { status, body } = await gw.graphql(token, query, variables ?? undefined);
        expect(status).toBeLessThan(500);
        for (const error of body.errors ?? []) {
          expect(error.message).not.toMatch(/Did you mean/);
          expect(error.message).not.toBe('Unexpected error.');
        }
      }),
      runs(400),
    );
    noServerErrors();
  }, timeout(120_000));

  it('submitReferral with any document: refused with SPEC_VALIDATION or accepted, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(JSON.parse(unknownProperties(2000)), JSON.parse(badCodes(300)), JSON.parse(wrongTypes(300)))), async (document) => {
        const { status, body } = await gw.graphql(token, 'mutation S($d: JSON!) { submitReferral(document: $d) { id } }', { d: document });
        expect(status).toBeLessThan(500);
        // A masked error ("Unexpected error.") would be a bug the caller cannot act on.
        for (const error of body.errors ?? []) expect(error.message).not.toBe('Unexpected error.');
      }),
      runs(100),
    );
    noServerErrors();
  }, timeout(120_000));
});

describe('/health while a hostile document is validated', () => {
  it('answers within 50 ms (median of its probes) whatever the hostile shape', async () => {
    const shapes = { unknown: () => unknownProperties(40_000), codes: () => badCodes(8000), types: () => wrongTypes(8000), deep: () => deepNesting(300_000) };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...(Object.keys(shapes) as Array<keyof typeof shapes>)), async (shape) => {
        const body = shapes[shape]();
        let done = false;
        const hostile = fetch(`${gw.gateway.url}/validate`, { method: 'POST', body }).then(async (r) => {
          done = true;
          return r.status;
        });
        const probes: number[] = [];
        while (!done || probes.length < 3) {
          const start = performance.now();
          const health = await fetch(`${gw.gateway.url}/health`);
          await health.arrayBuffer();
          expect(health.status).toBe(200);
          probes.push(performance.now() - start);
        }
        expect(await hostile).toBeLessThan(500);
        expect(probes.sort((a, b) => a - b)[Math.floor(probes.length / 2)]).toBeLessThan(50);
      }),
      runs(4),
    );
  }, timeout(120_000));
});
