/**
 * Console sign-in through an OpenID Connect provider: a real provider (oidc-provider, started in
 * the test, with its development login pages) and the gateway's openid-client flow, in Chromium.
 * Her account's group maps to an NRX role; an account with no mapped group gets no session.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Provider from 'oidc-provider';
import type { Browser, Page } from 'playwright-core';
import { demoGatewayConfig, ensureDemoFiles } from '../../gateway/demo/files.ts';
import { startGateway, type RunningGateway } from '../../gateway/server/gateway.ts';
import { roleFromClaims } from '../../gateway/server/console-oidc.ts';
import { freePort } from '../support/ports.ts';
import { browserAvailable, launchBrowser, seriousViolations, DEMO_START_MS } from './support.ts';

describe('the role an identity provider grants', () => {
  const settings = { roleClaim: 'groups', roles: { 'shelter-staff': 'case-worker', 'shelter-leads': 'supervisor', privacy: 'dpo' } } as const;
  it('maps the claim through the configured map, preferring the role asked for', () => {
    expect(roleFromClaims({ groups: ['shelter-staff'] }, settings)).toBe('case-worker');
    expect(roleFromClaims({ groups: ['shelter-staff', 'shelter-leads'] }, settings, 'supervisor')).toBe('supervisor');
    expect(roleFromClaims({ groups: ['shelter-staff', 'shelter-leads'] }, settings, 'dpo')).toBe('case-worker');
    expect(roleFromClaims({ groups: 'privacy other' }, settings)).toBe('dpo');
  });
  it('grants nothing for unmapped or missing claims', () => {
    expect(roleFromClaims({ groups: ['everyone'] }, settings)).toBeUndefined();
    expect(roleFromClaims({}, settings)).toBeUndefined();
    expect(roleFromClaims({ groups: [42] }, settings)).toBeUndefined();
  });
});

const run = browserAvailable();
let browser: Browser;
let gateway: RunningGateway;
let idp: Server;
let dir: string;
let gatewayUrl: string;

describe.runIf(run)('OpenID Connect sign-in in a browser', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nrx-console-oidc-'));
    const [gatewayPort, idpPort] = await Promise.all([freePort(), freePort()]);
    gatewayUrl = `http://localhost:${gatewayPort}`;
    const issuer = `http://localhost:${idpPort}`;
    const provider = new Provider(issuer, {
      clients: [{ client_id: 'nrx-console', client_secret: 'console-test-secret', redirect_uris: [`${gatewayUrl}/console/oidc/callback`], grant_types: ['authorization_code'], response_types: ['code'] }],
      claims: { openid: ['sub', 'groups'] },
      conformIdTokenClaims: false,
      findAccount: (_ctx: unknown, id: string) => ({ accountId: id, claims: () => ({ sub: id, groups: id === 'visitor' ? ['everyone'] : ['shelter-staff'] }) }),
      cookies: { keys: ['console-test-cookie-key'] },
      ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600 },
    });
    idp = createHttpServer(provider.callback());
    await new Promise<void>((resolve) => idp.listen(idpPort, '127.0.0.1', resolve));
    const files = await ensureDemoFiles(dir);
    const secretFile = join(dir, 'oidc-secret');
    writeFileSync(secretFile, 'console-test-secret\n');
    const config = demoGatewayConfig(files, {
      listen: { host: '127.0.0.1', port: gatewayPort },
      publicUrl: gatewayUrl,
      log: { level: 'error' },
      console: {
        enabled: true, idleMinutes: 15, tokenSeconds: 600,
        oidc: {
          issuer, clientId: 'nrx-console', clientSecretFile: secretFile, scope: 'openid', allowHttp: true,
          member: 'RS/NGO/ATINA', memberKeyFile: files.memberKeyFiles.get('RS/NGO/ATINA')!,
          userClaim: 'sub', roleClaim: 'groups', roles: { 'shelter-staff': 'case-worker' },
        },
      },
    });
    [gateway, browser] = await Promise.all([startGateway(config), launchBrowser()]);
  }, DEMO_START_MS);
  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await new Promise((resolve) => idp?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  async function signInAtProvider(login: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${gatewayUrl}/console`);
    await page.getByLabel('Purpose of use for this session').selectOption('assistance');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Sign in with your account at Safe House shelter NGO (demo)' }).click();
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('anything');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    return page;
  }

  it('signs her in as her member with the role her group maps to and the purpose she chose, the token never in the URL', async () => {
    const page = await signInAtProvider('ana-at-the-shelter');
    await page.getByTestId('purpose').waitFor();
    await expect(page.getByRole('banner').innerText()).resolves.toMatch(/Safe House shelter NGO \(demo\)[\s\S]*Case worker[\s\S]*assistance/);
    expect(new URL(page.url()).hash).toBe('#/');
    expect(page.url()).not.toMatch(/eyJ|code=|state=/);
    const cookies = await page.context().cookies(gatewayUrl);
    expect(cookies.filter((c) => c.name.startsWith('nrx'))).toEqual([]);
    // Her token works on the API: this shelter has received nothing yet on this gateway.
    await page.getByRole('link', { name: 'Referrals received' }).click();
    await page.getByText('No referrals match.').waitFor();
    await page.context().close();
  });

  it('gives no session to an account whose groups map to no role', async () => {
    const page = await signInAtProvider('visitor');
    await expect(page.locator('body').innerText()).resolves.toMatch(/grants no role in this console/);
    await page.goto(`${gatewayUrl}/console`);
    await page.getByRole('heading', { name: 'Sign in to the NRX console' }).waitFor();
    await page.context().close();
  });

  it('refuses a callback it did not start, and a claim without a sign-in', async () => {
    const forged = await fetch(`${gatewayUrl}/console/oidc/callback?code=x&state=never-issued`, { redirect: 'manual' });
    expect(forged.status).toBe(400);
    expect((await forged.json()).code).toBe('CONSOLE_SIGN_IN_INVALID');
    const claim = await fetch(`${gatewayUrl}/console/api/session/oidc`, { method: 'POST' });
    expect(claim.status).toBe(400);
    const login = await fetch(`${gatewayUrl}/console/oidc/login?purpose=nothing`, { redirect: 'manual' });
    expect(login.status).toBe(400);
    // This gateway offers no demo sign-in.
    const demo = await fetch(`${gatewayUrl}/console/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ member: 'RS/NGO/ATINA', role: 'case-worker', purpose: 'assistance' }) });
    expect(demo.status).toBe(404);
    expect((await demo.json()).code).toBe('CONSOLE_SIGN_IN_OFF');
    expect((await (await fetch(`${gatewayUrl}/console/api/sign-in`)).json()).demo).toBeNull();
  });
});
