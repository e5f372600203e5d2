/**
 * The data-protection officer's pages in a real browser (Debian's Chromium), on a network that
 * reaches the gateway only: find a health disclosure in the log, review an override, read the
 * matrix, the registry, the agreements, the trail's integrity, download a FHIR export, and give
 * her the access report in Serbian and Ukrainian. Each page is checked with axe-core.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, DEMO_START_MS } from './support.ts';
import { expectAccessible, HEALTH_SUBJECT, makeDisclosures, openPage, signedInPage, type SignedInPage } from './officer-support.ts';

let officer: SignedInPage;
let page: Page;

const run = browserAvailable();

beforeAll(async () => {
  if (!run) return;
  officer = await signedInPage({ member: 'Centre for protection of trafficking victims', role: 'dpo', purpose: 'assistance' }, { width: 1280, height: 900 }, makeDisclosures);
  page = officer.page;
}, DEMO_START_MS);

afterAll(async () => {
  await officer?.close();
});

describe.runIf(run)("the officer's pages", { timeout: 120_000 }, () => {
  it('find the health disclosure by field group: to the shelter, under her consent', async () => {
    await openPage(page, 'Disclosure log');
    await page.getByLabel('Field group').selectOption('health');
    await page.getByRole('button', { name: 'Apply' }).click();
    const log = page.getByTestId('disclosure-log');
    await log.waitFor();
    const row = log.getByRole('row').filter({ hasText: 'RS/NGO/ATINA' }).first();
    await expect.poll(() => row.textContent()).toContain(HEALTH_SUBJECT);
    expect(await row.getByRole('cell').nth(5).textContent()).toContain('Health');
    await expectAccessible(page);
    expect(page.url()).not.toContain(HEALTH_SUBJECT);
  });

  it('review the override of the guardianship authority, which then leaves the list', async () => {
    await openPage(page, 'Overrides to review', 'Overrides awaiting review');
    const override = page.getByTestId('override').filter({ hasText: 'RS/GOV/CSR-BG' }).first();
    await override.waitFor();
    await expect.poll(() => override.textContent()).toContain('child-protection-duty');
    await expectAccessible(page);
    await override.getByRole('button', { name: 'Record the review' }).click();
    await expect.poll(() => override.getByRole('alert').textContent()).toContain('Write a note');
    await override.getByLabel('Review note').fill('Justified: the guardianship authority must protect the child.');
    await override.getByRole('button', { name: 'Record the review' }).click();
    await page.getByRole('status').filter({ hasText: 'Reviews recorded in this visit: 1.' }).waitFor();
    expect(await page.getByTestId('override').filter({ hasText: 'RS/GOV/CSR-BG' }).count()).toBe(0);
  });

  it('show the disclosure matrix as a chart whose figures a screen reader reads too', async () => {
    await openPage(page, 'Disclosure matrix');
    const matrix = page.getByTestId('disclosure-matrix');
    await matrix.waitFor();
    const shelter = matrix.getByRole('row').filter({ hasText: 'RS/NGO/ATINA' });
    expect(await shelter.locator('svg rect.bar-released').count()).toBeGreaterThan(0);
    expect(await shelter.textContent()).toMatch(/\d+ released, \d+ released transformed, \d+ withheld/);
    await expectAccessible(page);
  });

  it('list the consent registry, the agreements in force on a chosen day and the trail as intact', async () => {
    await openPage(page, 'Consent registry');
    await page.getByTestId('consent-registry').getByRole('cell', { name: HEALTH_SUBJECT }).first().waitFor();
    await expectAccessible(page);

    await openPage(page, 'Agreements in force');
    await page.getByTestId('agreements').getByText('rs-demo-local@1.0.0').waitFor();
    await page.getByLabel('In force on').fill('2024-06-01');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('No agreement was in force on 2024-06-01.').waitFor();
    await expectAccessible(page);

    await openPage(page, 'Audit trail integrity');
    await page.getByTestId('verification').getByText(/The audit trail is intact\. Entries verified: \d+\./).waitFor();
    await expectAccessible(page);
  });

  it('download the audit trail as NDJSON, filtered by her reference in the request body', async () => {
    await openPage(page, 'FHIR downloads');
    await page.getByLabel('Her reference').fill(HEALTH_SUBJECT);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^nrx-audit-\d{4}-\d{2}-\d{2}\.ndjson$/);
    const path = await download.path();
    const lines = (await import('node:fs')).readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((r) => JSON.stringify(r).includes(HEALTH_SUBJECT))).toBe(true);
    await expectAccessible(page);
  });

  it('give her the access report in Serbian, then in Ukrainian, printable and in her own words', async () => {
    await openPage(page, 'Access report for her');
    await page.getByLabel('Her reference').fill(HEALTH_SUBJECT);
    await page.getByLabel('Language').selectOption('sr-Latn');
    await page.getByRole('button', { name: 'Show the report' }).click();
    const report = page.getByTestId('access-report');
    await report.getByRole('heading', { name: 'Ko je primio podatke o vama' }).waitFor();
    expect(await report.getAttribute('lang')).toBe('sr-Latn');
    expect(await report.textContent()).toContain('vaše zdravlje');
    await expectAccessible(page);

    await page.getByLabel('Language').selectOption('uk');
    await report.getByRole('heading', { name: 'Хто отримав інформацію про вас' }).waitFor();
    expect(await report.getAttribute('lang')).toBe('uk');
    expect(await report.textContent()).toContain("ваше здоров'я");
    await page.getByRole('button', { name: 'Print' }).waitFor();
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation').isVisible()).toBe(false);
    expect(await report.isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    await expectAccessible(page);
    expect(page.url()).not.toContain(HEALTH_SUBJECT);
  });

  it('loaded everything from the gateway alone, within its Content-Security-Policy', () => {
    expect(officer.isolated.blocked).toEqual([]);
    expect(officer.isolated.cspViolations).toEqual([]);
  });
});
