/**
 * The gateway under hostile input: expensive documents posted without a token, malformed request
 * lines, origins it does not know, too many attempts from one address. Every answer is a 4xx with
 * a short message, and /health keeps answering meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { loadConfig, ConfigError } from '../../../gateway/config/load.ts';
import { DEFAULT_MAX_DEPTH } from '../../../lib/validator/index.ts';
import { deepNesting, unknownProperties } from '../../fixtures/hostile-documents.ts';
import { startTestGateway, type TestGateway } from '../support/federation.ts';

let gw: TestGateway;
let limited: TestGateway;
let police: string;
const ORIGIN = 'https://case.example.org';

beforeAll(async () => {
  [gw, limited] = await Promise.all([
    startTestGateway({ cors: { allowOrigins: [ORIGIN], allowCredentials: true } }),
    startTestGateway({ rateLimit: { validate: { points: 3, durationSeconds: 60 }, failedAuth: { points: 2, durationSeconds: 60, blockSeconds: 120 } } }),
  ]);
  police = await gw.token('RS/GOV/POLICE');
});
afterAll(async () => {
  await Promise.all([gw?.stop(), limited?.stop()]);
});

const post = (base: string, path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

/** Sends raw bytes and returns the status line and the whole answer. */
function raw(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => (answer += d));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
    socket.write(bytes);
    setTimeout(() => socket.end(), 2000).unref();
  });
}

describe('an expensive document posted to /validate without a token', () => {
  it('33,000 unknown properties: answered in under a second, /health within 50 ms meanwhile', async () => {
    const body = unknownProperties(33_000);
    // The first large document also warms the worker; the timed ones come after it.
    expect((await post(gw.gateway.url, '/validate', body)).status).toBe(200);
    const probes: number[] = [];
    const elapsed: number[] = [];
    // The best of three, so that a neighbour's burst on a shared machine does not decide it.
    for (let attempt = 0; attempt < 3; attempt++) {
      let done = false;
      const started = performance.now();
      const hostile = post(gw.gateway.url, '/validate', body).then(async (response) => {
        elapsed.push(performance.now() - started);
        done = true;
        return { response, result: await response.json() };
      });
      // Probe /health while the document is validated.
      while (!done) {
        const start = performance.now();
        const health = await fetch(`${gw.gateway.url}/health`);
        expect(health.status).toBe(200);
        await health.arrayBuffer();
        probes.push(performance.now() - start);
      }
      const { response, result } = await hostile;
      expect(response.status).toBe(200);
      expect(result.valid).toBe(false);
      expect(result.issues[0].message).toBe("unknown property 'x0'");
      expect(result.omittedIssues).toBe(33_000 - result.issues.length);
    }
    expect(Math.min(...elapsed)).toBeLessThan(1000);
    expect(probes.length).toBeGreaterThan(2);
    const median = probes.sort((a, b) => a - b)[Math.floor(probes.length / 2)]!;
    expect(median).toBeLessThan(50);
  });

  it('100,000 levels of nesting: 200 with the depth issue, never a 500', async () => {
    const response = await post(gw.gateway.url, '/validate', deepNesting(100_000));
    expect(response.status).toBe(200);
    const result = await response.json();
    expect(result.issues[0]).toMatchObject({ keyword: 'depth', message: expect.stringContaining(`more than ${DEFAULT_MAX_DEPTH} levels`) });
    expect(gw.logs.join('')).not.toMatch(/"level":"error"/);
  });
});

describe('malformed requests', () => {
  it('a malformed request line gets 400, logged as a warning without a stack', async () => {
    const answer = await raw(gw.gateway.port, 'GET http://[ HTTP/1.1\r\nhost: x\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('BAD_REQUEST_TARGET');
    const warning = gw.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'malformed request target');
    expect(warning).toMatchObject({ level: 'warn', component: 'http' });
    expect(JSON.stringify(warning)).not.toMatch(/stack|err/);
    expect(gw.logs.join('')).not.toMatch(/"level":"error"/);
  });
});

describe('GraphQL suggestions', () => {
  it('masks enum value suggestions, in the query and in variables', async () => {
    const literal = await gw.graphql(police, 'mutation { respondToReferral(id: "x", decision: ACEPT) { id } }');
    const message = literal.body.errors.map((e: { message: string }) => e.message).join(' ');
    expect(message).toMatch(/ACEPT/);
    expect(message).not.toMatch(/Did you mean|ACCEPT/);
    const variable = await gw.graphql(police, 'mutation M($d: ReferralDecision!) { respondToReferral(id: "x", decision: $d) { id } }', { d: 'ACEPT' });
    const text = variable.body.errors.map((e: { message: string }) => e.message).join(' ');
    expect(text).toMatch(/ACEPT/);
    expect(text).not.toMatch(/Did you mean|ACCEPT/);
  });
});

describe('CORS', () => {
  it('is off by default: no allow-origin for any origin, and preflights refused', async () => {
    const response = await fetch(`${limited.gateway.url}/health`, { headers: { origin: 'https://evil.example' } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    const graphql = await post(limited.gateway.url, '/graphql', '{"query":"{ __typename }"}', { origin: 'https://evil.example', authorization: `Bearer ${await limited.token('RS/GOV/POLICE')}` });
    expect(graphql.status).toBe(200);
    expect(graphql.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${limited.gateway.url}/graphql`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers only the listed origins, with credentials when configured', async () => {
    const preflight = await fetch(`${gw.gateway.url}/graphql`, { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    const answer = await post(gw.gateway.url, '/graphql', '{"query":"{ __typename }"}', { origin: ORIGIN, authorization: `Bearer ${police}` });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(answer.headers.get('vary')).toMatch(/Origin/i);
    const other = await post(gw.gateway.url, '/graphql', '{"query":"{ __typename }"}', { origin: 'https://evil.example', authorization: `Bearer ${police}` });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('never allows credentials with the wildcard', () => {
    const base = { gatewayId: 'RS/GOV/CPTV', trustList: { file: 'a', operatorKeyFile: 'b' }, signingKeyFile: 'c' };
    expect(() => loadConfig({ env: {}, overrides: { ...base, cors: { allowOrigins: ['*'], allowCredentials: true } } as never })).toThrow(ConfigError);
    expect(loadConfig({ env: {}, overrides: { ...base, cors: { allowOrigins: ['*'], allowCredentials: false } } as never }).cors).toEqual({ allowOrigins: ['*'], allowCredentials: false });
    expect(loadConfig({ env: {}, overrides: base as never }).cors).toEqual({ allowOrigins: [], allowCredentials: false });
  });
});

describe('rate limits per client address', () => {
  it('/validate: 429 with Retry-After past the configured number', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i++) {
      const response = await post(limited.gateway.url, '/validate', '{}');
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
      await response.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it('failed authentications: past the limit every GraphQL request from the address gets 429 for the block period', async () => {
    const good = await limited.token('RS/GOV/POLICE');
    expect((await limited.graphql(good, '{ __typename }')).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await limited.graphql('forged.token.value', '{ __typename }')).status);
    expect(statuses).toEqual([401, 401, 401]);
    const blocked = await fetch(`${limited.gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${good}` }, body: '{"query":"{ __typename }"}' });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(100);
    expect((await blocked.json()).errors[0].extensions.code).toBe('RATE_LIMITED');
    // Other endpoints still answer.
    expect((await fetch(`${limited.gateway.url}/health`)).status).toBe(200);
  });
});
