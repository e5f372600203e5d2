/**
 * The disclosure preview as a page shown to her, in a real browser: the case worker chooses her
 * reference, the recipient and the purpose, then her language; the page says in her words what
 * would go, what only in a reduced form, and what not and why. Checked with axe-core, on a phone's
 * screen too.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, DEMO_START_MS } from './support.ts';
import { expectAccessible, HEALTH_SUBJECT, openPage, signedInPage, type SignedInPage } from './officer-support.ts';

let worker: SignedInPage;
let page: Page;

const run = browserAvailable();

beforeAll(async () => {
  if (!run) return;
  // A phone's screen: her pages are shown on whatever the case worker has at hand.
  worker = await signedInPage({ member: 'Centre for protection of trafficking victims', role: 'case-worker', purpose: 'assistance' }, { width: 390, height: 844 });
  page = worker.page;
}, DEMO_START_MS);

afterAll(async () => {
  await worker?.close();
});

describe.runIf(run)('the disclosure preview shown to her', { timeout: 120_000 }, () => {
  it('says in Romanian what the shelter would receive, what not and why', async () => {
    await openPage(page, 'Preview for her');
    await page.getByLabel('Her reference').fill(HEALTH_SUBJECT);
    await page.getByLabel('Recipient').selectOption('RS/NGO/ATINA');
    await page.getByLabel('Purpose', { exact: true }).selectOption('assistance');
    await page.getByLabel('Language').selectOption('ro');
    await page.getByRole('button', { name: 'Show the preview' }).click();
    const preview = page.getByTestId('her-preview');
    await preview.getByRole('heading', { level: 1, name: 'Ce ar primi Safe House shelter NGO (demo) despre dumneavoastră' }).waitFor();
    expect(await preview.getAttribute('lang')).toBe('ro');
    const shared = preview.locator('section').filter({ has: page.getByRole('heading', { name: 'Ar fi transmis', exact: true }) });
    expect(await shared.textContent()).toContain('sănătatea dumneavoastră');
    const withheld = preview.locator('section').filter({ has: page.getByRole('heading', { name: 'Nu ar fi transmis' }) });
    expect(await withheld.textContent()).toContain('relatarea dumneavoastră');
    expect(await withheld.textContent()).toContain('Nu ați fost de acord ca această organizație să primească acest lucru.');
    expect(await preview.textContent()).not.toMatch(/person\.|NO_CONSENT|\{/);
    await expectAccessible(page);
    expect(page.url()).not.toContain(HEALTH_SUBJECT);
  });

  it('changes language without asking the gateway again for her data, to Serbian in Cyrillic', async () => {
    const asked: string[] = [];
    page.on('request', (request) => void (new URL(request.url()).pathname === '/graphql' && asked.push(request.postData() ?? '')));
    await page.getByLabel('Language').selectOption('sr-Cyrl');
    const preview = page.getByTestId('her-preview');
    await preview.getByRole('heading', { level: 1, name: /^Шта би .* примио о вама$/ }).waitFor();
    expect(await preview.getAttribute('lang')).toBe('sr-Cyrl');
    expect(await preview.textContent()).toContain('ваше здравље');
    expect(asked.filter((body) => body.includes('disclosurePreview'))).toEqual([]);
    await expectAccessible(page);
  });

  it('loaded everything from the gateway alone, within its Content-Security-Policy', () => {
    expect(worker.isolated.blocked).toEqual([]);
    expect(worker.isolated.cspViolations).toEqual([]);
  });
});
