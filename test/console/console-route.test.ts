/**
 * The console's HTTP surface without a browser: the page and its files with their security and
 * caching headers, the allow-list of library files, the sign-in API, and GraphiQL's local files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoGateway, type ConsoleGateway, DEMO_START_MS } from './support.ts';

let demo: ConsoleGateway;
beforeAll(async () => {
  demo = await startDemoGateway();
}, DEMO_START_MS);
afterAll(() => demo?.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${demo.url}${path}`, { headers });
const signIn = (body: unknown) => fetch(`${demo.url}/console/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('the console page and its files', () => {
  it('serves the page with a strict Content-Security-Policy and the import map admitted by its hash', async () => {
    const response = await get('/console');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const policy = response.headers.get('content-security-policy')!;
    expect(policy).toMatch(/default-src 'none'/);
    expect(policy).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
    expect(policy).toMatch(/connect-src 'self'/);
    expect(policy).toMatch(/frame-ancestors 'none'/);
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/);
    const html = await response.text();
    const importMap = /<script type="importmap">(.*?)<\/script>/.exec(html)![1]!;
    const { createHash } = await import('node:crypto');
    expect(policy).toContain(`'sha256-${createHash('sha256').update(importMap).digest('base64')}'`);
    expect(JSON.parse(importMap).imports).toEqual({ preact: '/console/vendor/preact.js', 'preact/hooks': '/console/vendor/preact-hooks.js', htm: '/console/vendor/htm.js' });
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('serves the console modules and the allowed library files with their types and caching', async () => {
    const app = await get('/console/app/main.js');
    expect(app.status).toBe(200);
    expect(app.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(app.headers.get('cache-control')).toBe('no-cache');
    expect(app.headers.get('x-content-type-options')).toBe('nosniff');
    const etag = app.headers.get('etag')!;
    expect((await get('/console/app/main.js', { 'if-none-match': etag })).status).toBe(304);
    expect((await get('/console/app/console.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await get('/console/app/messages/en.json')).headers.get('content-type')).toBe('application/json; charset=utf-8');
    const preact = await get('/console/vendor/preact.js');
    expect(preact.status).toBe(200);
    expect(preact.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(await preact.text()).toMatch(/export\s*\{/);
  });

  it('serves nothing outside the console folder and the allow-list', async () => {
    for (const path of ['/console/vendor/jose.js', '/console/app/../package.json', '/console/app/%2e%2e/package.json', '/console/app/tsconfig.json/../../package.json', '/console/app/nothing.js', '/console/app/README.md']) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
    }
    expect((await fetch(`${demo.url}/console/app/main.js`, { method: 'DELETE' })).status).toBe(405);
  });

  it("serves GraphiQL's files from the gateway, and a GraphiQL page that loads nothing from elsewhere", async () => {
    const page = await get('/graphql', { accept: 'text/html' });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    const scripts = [...html.matchAll(/src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts).toEqual(['/console/graphiql/graphiql.js', '/console/app/graphiql-boot.js']);
    for (const name of ['graphiql.js', 'graphiql.css', 'editorWorkerService.js', 'json.js', 'graphql.js', 'favicon.ico']) {
      const asset = await get(`/console/graphiql/${name}`);
      expect(asset.status, name).toBe(200);
      expect(Number(asset.headers.get('content-length')), name).toBeGreaterThan(0);
    }
    expect((await get('/console/graphiql/other.js')).status).toBe(404);
  });

  it('lists the message files before sign-in, with their directions and aliases, never cached', async () => {
    const response = await get('/console/api/languages');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const languages = await response.json();
    expect(languages[0]).toEqual({ tag: 'en', name: 'English', dir: 'ltr', aliases: [] });
    expect(languages).toContainEqual({ tag: 'sr-Latn', name: 'Srpski (latinica)', dir: 'ltr', aliases: ['sr'] });
  });
});

describe('demo sign-in', () => {
  it('offers the demo members, the roles and the purposes, and never a key', async () => {
    const offer = await (await get('/console/api/sign-in')).json();
    expect(offer.demo.roles).toEqual(['case-worker', 'supervisor', 'dpo']);
    expect(offer.demo.members.map((m: { id: string }) => m.id)).toContain('RS/NGO/ATINA');
    expect(offer.purposes.map((p: { code: string }) => p.code)).toContain('assistance');
    expect(JSON.stringify(offer)).not.toMatch(/"d"|keyFile|private/);
  });

  it('issues a short-lived token for the chosen member, role and purpose, which the API accepts', async () => {
    const response = await signIn({ member: 'RS/NGO/ATINA', role: 'supervisor', purpose: 'assistance' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const session = await response.json();
    expect(session).toMatchObject({ member: 'RS/NGO/ATINA', role: 'supervisor', purpose: 'assistance' });
    expect(Date.parse(session.expiresAt) - Date.now()).toBeLessThanOrEqual(900_000);
    const claims = JSON.parse(Buffer.from(session.token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ iss: 'RS/NGO/ATINA', role: 'supervisor', purpose: 'assistance', aud: 'RS/GOV/CPTV' });
    const answer = await fetch(`${demo.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` }, body: JSON.stringify({ query: '{ referralsReceived(first: 1) { edges { node { id } } } }' }) });
    expect((await answer.json()).errors).toBeUndefined();
  });

  it('refuses an unknown member, a role or purpose not offered, and a malformed body, each with its code', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ member: 'RS/GOV/NOBODY', role: 'case-worker', purpose: 'assistance' }, /member/],
      [{ member: 'RS/NGO/ATINA', role: 'admin', purpose: 'assistance' }, /role/],
      [{ member: 'RS/NGO/ATINA', role: 'case-worker' }, /purpose/],
      [{ member: 'RS/NGO/ATINA', role: 'case-worker', purpose: 'shopping' }, /purpose/],
      ['{not json', /member/],
      [JSON.stringify({ member: 'x'.repeat(5000) }), /member/],
    ];
    for (const [body, message] of cases) {
      const response = await signIn(body);
      expect(response.status).toBe(400);
      const answer = await response.json();
      expect(answer.code).toBe('CONSOLE_SIGN_IN_INVALID');
      expect(answer.error).toMatch(message);
    }
    expect((await get('/console/api/session')).status).toBe(405);
    // The demo offers no OpenID Connect sign-in.
    expect((await get('/console/oidc/login?purpose=assistance')).status).toBe(404);
    const claim = await fetch(`${demo.url}/console/api/session/oidc`, { method: 'POST' });
    expect(claim.status).toBe(404);
    expect((await claim.json()).code).toBe('CONSOLE_SIGN_IN_OFF');
    // The gateway keeps serving after every refusal.
    expect((await get('/health')).status).toBe(200);
  });
});
