/**
 * What the console's browser tests share: a demo gateway started in the test, Debian's Chromium
 * driven by playwright-core (never a downloaded browser), a network cut off from every host but
 * the gateway, axe-core's accessibility check, and signing in through the page.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_GATEWAYS } from '../../gateway/demo/members.ts';
import { runDemo } from '../../gateway/demo/run.ts';
import type { RunningGateway } from '../../gateway/server/gateway.ts';
import { freeConsecutivePorts, retryOnPortInUse } from '../support/ports.ts';

export const CHROMIUM = process.env.NRX_CHROMIUM ?? '/usr/bin/chromium';

export interface ConsoleGateway {
  gateway: RunningGateway;
  url: string;
  /** The federation's other gateways (Austria, Moldova), which a test may stop to see a peer fall silent. */
  peers: RunningGateway[];
  close(): Promise<void>;
}

/** The demo federation on free ports, its files in a temporary folder; the console is the Serbian gateway's. */
export async function startDemoGateway(): Promise<ConsoleGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'nrx-console-'));
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  const demo = await retryOnPortInUse(async () => runDemo({ dir, port: await freeConsecutivePorts(DEMO_GATEWAYS.length), out: quiet, logLevel: 'error' }));
  const gateway = demo.gateways[0]!.gateway;
  return {
    gateway,
    url: gateway.url,
    peers: demo.gateways.slice(1).map((run) => run.gateway),
    async close() {
      await demo.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

export interface IsolatedContext {
  context: BrowserContext;
  /** Every request the page tried to make to another host, refused. */
  blocked: string[];
  /** Console messages that report a Content-Security-Policy refusal. */
  cspViolations: string[];
}

/** A browser context that reaches the gateway and nothing else, as on a network without internet access. */
export async function isolatedContext(browser: Browser, gatewayUrl: string, options: { viewport?: { width: number; height: number }; locale?: string } = {}): Promise<IsolatedContext> {
  const origin = new URL(gatewayUrl).origin;
  const context = await browser.newContext({ locale: options.locale ?? 'en-GB', ...(options.viewport ? { viewport: options.viewport } : {}) });
  // A busy machine (several test files, each with a gateway and a browser) answers slowly, never wrongly.
  context.setDefaultTimeout(60_000);
  const blocked: string[] = [];
  const cspViolations: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('blob:') || url.startsWith('data:') || new URL(url).origin === origin) return route.continue();
    blocked.push(url);
    return route.abort('internetdisconnected');
  });
  context.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  return { context, blocked, cspViolations };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core's WCAG 2.x A/AA rules on the page as it is now; the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (no inline script) still holds for the page itself.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export interface SignInChoice {
  /** The demo member's name as the sign-in page shows it, or a part of it. */
  member: string;
  role: 'case-worker' | 'supervisor' | 'dpo';
  purpose: string;
}

/** Signs in through the console's own sign-in page, as a person would. */
export async function signIn(page: Page, gatewayUrl: string, choice: SignInChoice): Promise<void> {
  await page.goto(`${gatewayUrl}/console`);
  await page.getByLabel('Purpose of use for this session').selectOption(choice.purpose);
  await page.getByLabel('Role').selectOption(choice.role);
  await page.getByRole('button', { name: new RegExp(`Sign in as .*${choice.member}`) }).click();
  await page.getByTestId('purpose').waitFor();
}

/**
 * Whether the browser tests can run here. In CI a missing Chromium is a failure (.ci/run installs
 * it); elsewhere the tests say plainly that they did not run.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium package`);
  console.warn(`console browser tests NOT RUN: no Chromium at ${CHROMIUM} (apt-get install chromium, or set NRX_CHROMIUM)`);
  return false;
}

/** What the page keeps outside its memory: nothing, by design. */
export function storedByPage(page: Page): Promise<{ local: number; session: number; url: string; cookies: number }> {
  return page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length, url: location.href, cookies: document.cookie.length }));
}

/** A token from the console's own sign-in API, for setting up what a test assumes happened before. */
export async function demoToken(gatewayUrl: string, member: string, role: SignInChoice['role'], purpose: string): Promise<string> {
  const response = await fetch(`${gatewayUrl}/console/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ member, role, purpose }) });
  if (!response.ok) throw new Error(`sign-in refused: ${await response.text()}`);
  return (await response.json()).token;
}

/** One GraphQL call with a token; throws on any error. */
export async function graphqlAs(gatewayUrl: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const response = await fetch(`${gatewayUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const body = await response.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** How long a test file may take to start its gateway and browser: the demo generates keys and seeds data, slow on a busy machine. */
export const DEMO_START_MS = 180_000;
