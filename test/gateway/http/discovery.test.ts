import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { loadSpec } from '../../../lib/spec/load.ts';
import { createValidator } from '../../../lib/validator/index.ts';
import { createLogger } from '../../../gateway/log.ts';
import { createHttpHandler } from '../../../gateway/server/http.ts';
import { startTestGateway, type TestGateway } from '../support/federation.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw?.stop());

describe('GET / advertises only what answers', () => {
  it('every GET endpoint of the discovery document answers, the spec link with an index of the schema files', async () => {
    const discovery = await (await fetch(`${gw.gateway.url}/`)).json();
    // The links carry the configured public URL; here they are followed on the test's own port.
    const here = (link: string) => `${gw.gateway.url}${new URL(link).pathname}`;
    for (const name of ['jwks', 'health', 'ready', 'spec']) {
      const response = await fetch(here(discovery.endpoints[name]));
      expect(response.status, `${name}: ${discovery.endpoints[name]}`).toBe(200);
    }
    const index = await (await fetch(here(discovery.endpoints.spec))).json();
    expect(index.version).toBe(discovery.spec.version);
    expect(index.schemas.length).toBeGreaterThan(5);
    for (const schema of index.schemas.slice(0, 5)) {
      const response = await fetch(here(schema.url));
      expect(response.status, schema.url).toBe(200);
      expect((await response.json()).$id).toBe(`${new URL(discovery.spec.baseUri).origin}${schema.path}`);
    }
    // The same index without the trailing slash.
    expect((await fetch(here(discovery.endpoints.spec).replace(/\/$/, ''))).status).toBe(200);
  });
});

describe('readiness during start-up', () => {
  it('answers 503 on /ready and /graphql, logged at info, not as an error', async () => {
    const lines: any[] = [];
    const destination = new Writable({ write(chunk, _enc, done) { lines.push(...String(chunk).trim().split('\n').map((l) => JSON.parse(l))); done(); } });
    const spec = loadSpec();
    const handler = createHttpHandler({
      gatewayId: 'RS/GOV/CPTV', publicUrl: 'http://127.0.0.1', spec, validator: createValidator({ spec }), publicJwk: { kty: 'EC' },
      maxBodyBytes: 1024, logger: createLogger({ level: 'info', destination }), isReady: () => false, yoga: () => undefined,
    });
    const server = createServer((req, res) => void handler(req, res)).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${url}/ready`)).status).toBe(503);
      expect((await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ spec { version } }"}' })).status).toBe(503);
    } finally {
      server.close();
    }
    await new Promise((r) => setTimeout(r, 50));
    const requests = lines.filter((l) => l.msg === 'request');
    expect(requests.map((l) => [l.path, l.status, l.level])).toEqual([['/ready', 503, 'info'], ['/graphql', 503, 'info']]);
  });
});
