/**
 * The console in Debian's Chromium with the network cut off from everything but the gateway: it
 * and GraphiQL load, each demo role signs in with the purpose chosen for the session, the purpose
 * is on every page, and nothing about the session is kept outside the page's memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserAvailable, isolatedContext, launchBrowser, seriousViolations, signIn, startDemoGateway, storedByPage, type ConsoleGateway, DEMO_START_MS } from './support.ts';

const run = browserAvailable();
let demo: ConsoleGateway;
let browser: Browser;

describe.runIf(run)('the console in a browser: sign-in, offline, accessibility', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    [demo, browser] = await Promise.all([startDemoGateway(), launchBrowser()]);
  }, DEMO_START_MS);
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('loads the console and GraphiQL with every host but the gateway blocked, within the page policy', async () => {
    const { context, blocked, cspViolations } = await isolatedContext(browser, demo.url);
    const page = await context.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    await page.goto(`${demo.url}/console`);
    // The page renders once its message file is chosen and loaded: wait for the heading rather than look at once.
    await page.getByRole('heading', { name: 'Sign in to the NRX console' }).waitFor();
    await page.getByRole('button', { name: /Sign in as Safe House/ }).waitFor();
    await page.goto(`${demo.url}/graphql`);
    await page.locator('.graphiql-container').first().waitFor();
    // Monaco's editor, painted by its workers from this gateway.
    await page.getByText('referralsSent').first().waitFor();
    expect(blocked).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(failures).toEqual([]);
    await context.close();
  });

  it('refuses to sign in until a purpose of use is chosen', async () => {
    const { context } = await isolatedContext(browser, demo.url);
    const page = await context.newPage();
    await page.goto(`${demo.url}/console`);
    await page.getByRole('button', { name: /Sign in as Safe House/ }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toBe('Choose the purpose of use for this session first.');
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  for (const [role, roleName, purpose, pages] of [
    ['case-worker', 'Case worker', 'assistance', ['This session', 'Referrals received', 'Referrals sent', 'New referral', 'Consents', 'Messages to other gateways', 'Service directory', 'Preview for her']],
    ['supervisor', 'Supervisor', 'referral', ['This session', 'Referrals received', 'Referrals sent', 'New referral', 'Consents', 'Messages to other gateways', 'Service directory', 'Preview for her']],
    ['dpo', 'Data-protection officer', 'statistics', ['This session', 'Messages to other gateways', 'Service directory', 'Statistics', 'Disclosure log', 'Disclosure matrix', 'Overrides to review', 'Consent registry', 'Agreements in force', 'Audit trail integrity', 'FHIR downloads', 'Access report for her']],
  ] as const) {
    it(`signs in as a ${role}, shows the member, role and purpose on every page, and keeps nothing outside the page`, async () => {
      const { context } = await isolatedContext(browser, demo.url);
      const page = await context.newPage();
      await signIn(page, demo.url, { member: 'SOS line', role, purpose });
      const header = page.getByRole('banner');
      await expect(header.innerText()).resolves.toMatch(new RegExp(`SOS line NGO \\(demo\\)[\\s\\S]*${roleName}[\\s\\S]*${purpose}`));
      const links = await page.getByRole('navigation').getByRole('link').allInnerTexts();
      expect(links).toEqual(pages);
      for (const name of pages) {
        await page.getByRole('navigation').getByRole('link', { name }).click();
        await expect(page.getByTestId('purpose').innerText()).resolves.toBe(purpose);
        await page.locator('main h1').first().waitFor();
        expect(await seriousViolations(page), `${role}: ${name}`).toEqual([]);
      }
      const stored = await storedByPage(page);
      expect(stored).toMatchObject({ local: 0, session: 0, cookies: 0 });
      expect(new URL(stored.url).hash).toMatch(/^#(\/[a-z-]*)+$/);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in to the NRX console' }).waitFor();
      await context.close();
    });
  }

  it('signs out after the idle timeout and says why', async () => {
    const { context } = await isolatedContext(browser, demo.url);
    const page = await context.newPage();
    await page.clock.install();
    await signIn(page, demo.url, { member: 'Safe House', role: 'case-worker', purpose: 'assistance' });
    await page.clock.fastForward('11:00');
    await page.getByRole('heading', { name: 'Sign in to the NRX console' }).waitFor();
    await expect(page.getByRole('status').innerText()).resolves.toBe('You were signed out after a period without use.');
    await context.close();
  });

  it('is usable on a phone: nothing wider than the screen, and the same checks pass', async () => {
    const { context } = await isolatedContext(browser, demo.url, { viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await signIn(page, demo.url, { member: 'Safe House', role: 'case-worker', purpose: 'assistance' });
    await page.getByRole('link', { name: 'Referrals received' }).click();
    await page.getByRole('table').waitFor();
    const widths = await page.evaluate(() => ({ content: document.documentElement.scrollWidth, screen: window.innerWidth }));
    expect(widths.content).toBeLessThanOrEqual(widths.screen);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });
});
