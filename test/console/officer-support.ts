/**
 * What the officer's and the person's browser tests share: tokens from the demo sign-in (as the
 * console itself obtains them), GraphQL calls with them, and the disclosures the tests look for,
 * made as the agencies would make them: a health detail read by the shelter with her consent, and
 * a child's referral read by the guardianship authority on its legal duty (an override).
 */
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { demoToken, graphqlAs, isolatedContext, launchBrowser, seriousViolations, signIn, startDemoGateway, type ConsoleGateway, type IsolatedContext, type SignInChoice } from './support.ts';

export const HEALTH_SUBJECT = 'demo-subject-0001';
/** The demo's referral of a child from the police to the guardianship authority (gateway/demo/seed.ts). */
const CHILD_REFERRAL = '0b5e7c1e-6f0a-4c1e-9a51-1d2f0c3a0004';

/** A referral carrying a health detail, read by its recipient under her consent; and the child's referral read on a legal duty. */
export async function makeDisclosures(url: string): Promise<void> {
  const sender = await demoToken(url, 'RS/GOV/CPTV', 'case-worker', 'assistance');
  const id = crypto.randomUUID();
  const document = {
    kind: 'referral', specVersion: '1.0.0', id, sender: 'RS/GOV/CPTV', recipient: 'RS/NGO/ATINA', purpose: 'assistance', created: '2026-01-01T10:00:00Z',
    subject: HEALTH_SUBJECT, sections: { person: { subject: HEALTH_SUBJECT, sex: 'female', pregnant: true, languages: ['ro'] } },
  };
  await graphqlAs(url, sender, 'mutation($d: ReferralInput!) { submitReferral(document: $d) { id } }', { d: document });
  const shelter = await demoToken(url, 'RS/NGO/ATINA', 'case-worker', 'assistance');
  await graphqlAs(url, shelter, 'query($id: ID!) { referral(id: $id) { document { sections { person { sex pregnant } } } } }', { id });
  const guardian = await demoToken(url, 'RS/GOV/CSR-BG', 'case-worker', 'child-protection');
  await graphqlAs(url, guardian, 'query($id: ID!) { referral(id: $id) { document { sections { person { sex minor ageBand } } } } }', { id: CHILD_REFERRAL });
}

/** Opens a page of the console by its navigation link, as a person would, and waits for its heading. */
export async function openPage(page: Page, link: string, heading: string | RegExp = link): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: link }).click();
  await page.getByRole('heading', { level: 1, name: heading }).first().waitFor();
}

/** axe-core finds no serious or critical violation on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousViolations(page)).toEqual([]);
}

export interface SignedInPage {
  gateway: ConsoleGateway;
  isolated: IsolatedContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * A demo gateway, a browser cut off from every other host, and a page signed in through the
 * console as `choice`; `prepare` runs against the gateway before the browser opens.
 */
export async function signedInPage(choice: SignInChoice, viewport: { width: number; height: number }, prepare?: (url: string) => Promise<void>): Promise<SignedInPage> {
  const gateway = await startDemoGateway();
  let browser: Browser | undefined;
  try {
    await prepare?.(gateway.url);
    await gateway.gateway.auditSettled?.();
    browser = await launchBrowser();
    const isolated = await isolatedContext(browser, gateway.url, { viewport });
    const page = await isolated.context.newPage();
    await signIn(page, gateway.url, choice);
    const opened = browser;
    return { gateway, isolated, page, close: async () => (await opened.close(), await gateway.close()) };
  } catch (error) {
    await browser?.close();
    await gateway.close();
    throw error;
  }
}
