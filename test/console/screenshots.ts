/**
 * `npm run screenshots`: the console's main pages in Debian's Chromium against a fresh demo
 * gateway, written to docs/screenshots/ (referenced from the README).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from '../../lib/spec/paths.ts';
import { isolatedContext, launchBrowser, signIn, startDemoGateway } from './support.ts';
import { makeDisclosures } from './officer-support.ts';
import { CONDITIONAL_SERVICE, publishServices, storeGeneratedCases } from './pages-support.ts';

const out = join(repoRoot, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const demo = await startDemoGateway();
const browser = await launchBrowser();

async function page(viewport = { width: 1280, height: 900 }): Promise<Page> {
  const { context } = await isolatedContext(browser, demo.url, { viewport });
  return context.newPage();
}
/** Short pages whole; long ones as the screen shows them, scrolled to what they are about. */
const shot = (p: Page, name: string, fullPage = true) => p.screenshot({ path: join(out, `${name}.png`), fullPage });

try {
  const signInPage = await page();
  await signInPage.goto(`${demo.url}/console`);
  await signInPage.getByLabel('Purpose of use for this session').selectOption('assistance');
  await shot(signInPage, 'sign-in');

  const worker = await page();
  await signIn(worker, demo.url, { member: 'Safe House', role: 'case-worker', purpose: 'assistance' });
  await worker.getByRole('link', { name: 'Referrals received' }).click();
  await worker.getByRole('table').waitFor();
  await shot(worker, 'referrals-received');
  await worker.getByRole('button', { name: 'Open the referral about demo-subject-0001' }).click();
  await worker.getByRole('heading', { name: 'Timeline' }).waitFor();
  await worker.getByRole('heading', { name: 'Person' }).waitFor();
  await shot(worker, 'referral', false);

  const sender = await page();
  await signIn(sender, demo.url, { member: 'Centre for protection', role: 'case-worker', purpose: 'assistance' });
  await sender.getByRole('link', { name: 'New referral' }).click();
  await sender.getByLabel('Recipient (required)').selectOption('RS/NGO/ATINA');
  await sender.getByLabel('Subject (required)').fill('demo-subject-0001');
  await sender.getByLabel('Person', { exact: true }).check();
  await sender.getByLabel(/^Sex/).selectOption('female');
  await sender.getByLabel(/^Languages/).fill('ro');
  await sender.getByRole('button', { name: 'Check and preview' }).click();
  await sender.getByTestId('preview-summary').waitFor();
  await sender.getByTestId('disclosure-preview').scrollIntoViewIfNeeded();
  await shot(sender, 'new-referral-preview', false);

  await sender.getByRole('link', { name: 'Consents' }).click();
  await sender.getByLabel('Her reference').fill('demo-subject-0001');
  await sender.getByRole('button', { name: 'Find her consents' }).click();
  await sender.getByTestId('consent').first().waitFor();
  await sender.getByLabel('Recipient').selectOption('RS/NGO/ATINA');
  await sender.getByTestId('preview-summary').waitFor();
  await shot(sender, 'consents', false);

  const phone = await page({ width: 390, height: 844 });
  await signIn(phone, demo.url, { member: 'SOS line', role: 'case-worker', purpose: 'referral' });
  await phone.getByRole('link', { name: 'Referrals sent' }).click();
  await phone.getByRole('table').waitFor();
  await shot(phone, 'phone-referrals-sent');

  const graphiql = await page();
  await graphiql.goto(`${demo.url}/graphql`);
  await graphiql.getByText('referralsSent').first().waitFor();
  await shot(graphiql, 'graphiql', false);
  await makeDisclosures(demo.url);
  await demo.gateway.auditSettled?.();
  const officer = await page();
  await signIn(officer, demo.url, { member: 'Centre for protection', role: 'dpo', purpose: 'assistance' });
  await officer.getByRole('link', { name: 'Disclosure log' }).click();
  await officer.getByTestId('disclosure-log').waitFor();
  await shot(officer, 'officer-disclosure-log');
  await officer.getByRole('link', { name: 'Disclosure matrix' }).click();
  await officer.getByTestId('disclosure-matrix').waitFor();
  await shot(officer, 'officer-disclosure-matrix');
  await officer.getByRole('link', { name: 'Overrides to review' }).click();
  await officer.getByTestId('override').first().waitFor();
  await shot(officer, 'officer-overrides');
  await officer.getByRole('link', { name: 'Audit trail integrity' }).click();
  await officer.getByTestId('verification').waitFor();
  await shot(officer, 'officer-audit-integrity');
  await officer.getByRole('link', { name: 'Access report for her' }).click();
  await officer.getByLabel('Her reference').fill('demo-subject-0001');
  await officer.getByLabel('Language').selectOption('sr-Latn');
  await officer.getByRole('button', { name: 'Show the report' }).click();
  await officer.getByTestId('access-report').waitFor();
  await shot(officer, 'her-access-report-sr');

  const beforeSending = await page({ width: 390, height: 844 });
  await signIn(beforeSending, demo.url, { member: 'Centre for protection', role: 'case-worker', purpose: 'assistance' });
  await beforeSending.getByRole('link', { name: 'Preview for her' }).click();
  await beforeSending.getByLabel('Her reference').fill('demo-subject-0001');
  await beforeSending.getByLabel('Recipient').selectOption('RS/NGO/ATINA');
  await beforeSending.getByLabel('Language').selectOption('ro');
  await beforeSending.getByRole('button', { name: 'Show the preview' }).click();
  await beforeSending.getByTestId('her-preview').scrollIntoViewIfNeeded();
  await shot(beforeSending, 'phone-her-preview-ro', false);

  await publishServices(demo, 'RS/GOV/POLICE', [CONDITIONAL_SERVICE]);
  const directory = await page();
  await signIn(directory, demo.url, { member: 'Centre for protection', role: 'case-worker', purpose: 'assistance' });
  await directory.getByRole('link', { name: 'Service directory' }).click();
  await directory.getByLabel('Need or service').selectOption('accommodation');
  await directory.getByLabel('Across the federation').check();
  await directory.getByRole('button', { name: 'Search the directory' }).click();
  await directory.getByTestId('cooperation-warning').waitFor();
  await shot(directory, 'directory');

  await storeGeneratedCases(demo, 300);
  const statistics = await page();
  await signIn(statistics, demo.url, { member: 'Centre for protection', role: 'supervisor', purpose: 'statistics' });
  await statistics.getByRole('link', { name: 'Statistics' }).click();
  await statistics.getByLabel('year', { exact: true }).check();
  await statistics.getByLabel('sex', { exact: true }).check();
  await statistics.getByRole('button', { name: 'Show the table' }).click();
  await statistics.getByTestId('statistics-table').waitFor();
  await shot(statistics, 'statistics');
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
  await demo.close();
}
