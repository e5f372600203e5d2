/**
 * A case worker's day in the browser: she sends a referral through the generated form, correcting
 * a validation error on the way and reading the disclosure preview; the shelter accepts it and
 * posts an update; she sees the status come back; withdrawing a consent changes the preview.
 * Every page passes axe-core's serious and critical checks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { browserAvailable, demoToken, graphqlAs, isolatedContext, launchBrowser, seriousViolations, signIn, startDemoGateway, type ConsoleGateway, DEMO_START_MS } from './support.ts';

/** Answers come slowly on a busy machine: wait for them up to this long. */
const POLL = { timeout: 30_000 };

const run = browserAvailable();
let demo: ConsoleGateway;
let browser: Browser;
const SUBJECT = 'console-subject-0042';

async function asMember(member: string, purpose: string): Promise<Page> {
  const { context } = await isolatedContext(browser, demo.url);
  const page = await context.newPage();
  await signIn(page, demo.url, { member, role: 'case-worker', purpose });
  return page;
}

/** The coordinating body's consents page, showing her consents. */
async function herConsentsAtTheCentre(subject: string): Promise<Page> {
  const page = await asMember('Centre for protection', 'assistance');
  await page.getByRole('link', { name: 'Consents' }).click();
  await page.getByLabel('Her reference').fill(subject);
  await page.getByRole('button', { name: 'Find her consents' }).click();
  await page.getByTestId('consent').first().waitFor();
  return page;
}

const noSeriousViolations = async (page: Page, where: string) => expect(await seriousViolations(page), where).toEqual([]);

describe.runIf(run)('the case worker pages in a browser', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    [demo, browser] = await Promise.all([startDemoGateway(), launchBrowser()]);
    // Before the referral: she agreed, with the centre, that the shelter may know who she is for her assistance.
    const token = await demoToken(demo.url, 'RS/GOV/CPTV', 'case-worker', 'assistance');
    await graphqlAs(demo.url, token, 'mutation ($document: ConsentRecordInput!) { recordConsent(document: $document) { id } }', {
      document: {
        kind: 'consent-record', specVersion: '1.0.0', id: randomUUID(), subject: SUBJECT, decision: 'deny', state: 'active', grantor: { type: 'self' },
        given: new Date().toISOString(), method: 'written', recordedBy: { member: 'RS/GOV/CPTV', user: 'console-test' },
        provisions: [{ type: 'permit', actors: [{ member: 'RS/NGO/ATINA' }], purposes: ['assistance'], fieldGroups: ['identity'] }],
      },
    });
  }, DEMO_START_MS);
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('sends a referral through the generated form: a validation error shown at its field, corrected, then the preview, then sent', async () => {
    const page = await asMember('Centre for protection', 'assistance');
    await page.getByRole('link', { name: 'New referral' }).click();
    await page.getByLabel('Recipient (required)').selectOption('RS/NGO/ATINA');
    await page.getByLabel('Urgency').selectOption({ label: 'Within a week' });
    await page.getByLabel('Subject (required)').fill('not a reference');
    await page.getByLabel('Person', { exact: true }).check();
    await page.getByLabel(/^Sex/).selectOption('female');
    await page.getByLabel(/^Given name/).fill('Ana');
    await page.getByRole('button', { name: 'Check and preview' }).click();
    const subject = page.getByLabel('Subject (required)');
    await expect.poll(() => subject.getAttribute('aria-invalid'), POLL).toBe('true');
    await expect(page.locator('#f-subject-problem').innerText()).resolves.toBe("'not a reference' does not have the expected form");
    await expect(page.getByRole('alert').innerText()).resolves.toMatch(/^1 problem\(s\) to correct[\s\S]*\/subject: 'not a reference' does not have the expected form/);
    await noSeriousViolations(page, 'form with an error');

    await subject.fill(SUBJECT);
    await page.getByRole('button', { name: 'Check and preview' }).click();
    const preview = page.getByTestId('disclosure-preview');
    await page.getByTestId('preview-summary').waitFor();
    await expect(preview.getByRole('heading').innerText()).resolves.toBe('What RS/NGO/ATINA would receive');
    // Only the fields this referral carries, each with its decision and why.
    const rows = await preview.locator('tbody tr').allInnerTexts();
    expect(rows.map((row) => /\/sections\/\S+/.exec(row)?.[0]).sort()).toEqual(['/sections/person/givenName', '/sections/person/sex', '/sections/person/subject']);
    expect(rows.find((row) => row.includes('/sections/person/givenName'))).toMatch(/Released\s+her consent [0-9a-f-]+#\/provisions\/0; agreement rs-coordinating-body-shelter/);
    await expect(subject.getAttribute('aria-invalid')).resolves.toBe(null);
    await noSeriousViolations(page, 'preview');

    await page.getByRole('button', { name: 'Send the referral to RS/NGO/ATINA' }).click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    // The status's label comes with its codelist, a moment after the page: wait for it.
    await expect.poll(() => page.getByTestId('referral-status').innerText(), POLL).toBe('Sent');
    await page.context().close();
  });

  it('the recipient sees what she may of it, must give a reason to decline, accepts it and posts an update', async () => {
    const page = await asMember('Safe House', 'assistance');
    await page.getByRole('link', { name: 'Referrals received' }).click();
    await page.getByRole('button', { name: `Open the referral about ${SUBJECT}` }).click();
    await page.getByRole('heading', { name: 'Accept or decline' }).waitFor();
    await page.getByRole('heading', { name: 'Person' }).waitFor();
    // She agreed to the shelter knowing who she is, nothing more: her name is there, other fields are marked withheld with the reason in words.
    const person = await page.locator('.section', { has: page.getByRole('heading', { name: 'Person' }) }).innerText();
    expect(person).toMatch(/Given name\s+Ana/);
    expect(person).toMatch(/Date of birth\s+Withheld: She has not consented to this recipient receiving this field for this purpose/);
    await noSeriousViolations(page, 'referral received');

    await page.getByRole('button', { name: 'Decline the referral' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toBe('Choose at least one reason to decline.');
    await page.getByRole('button', { name: 'Accept the referral' }).click();
    await expect.poll(() => page.getByTestId('referral-status').innerText(), POLL).toBe('Accepted');
    await page.getByLabel('Next step (optional)').fill('Room ready from Monday; escort arranged by the centre.');
    await page.getByRole('button', { name: 'Post the update' }).click();
    await expect.poll(() => page.getByTestId('referral-status').innerText(), POLL).toBe('In progress');
    await noSeriousViolations(page, 'referral after the answer');
    await page.context().close();
  });

  it('the sender sees the status and the timeline come back', async () => {
    const page = await asMember('Centre for protection', 'assistance');
    await page.getByRole('link', { name: 'Referrals sent' }).click();
    await page.getByLabel('Status').selectOption('in-progress');
    const row = page.getByRole('row', { name: new RegExp(SUBJECT) });
    await expect(row.innerText()).resolves.toMatch(/RS\/NGO\/ATINA[\s\S]*In progress/);
    await noSeriousViolations(page, 'referrals sent');
    await row.getByRole('button').click();
    const timeline = page.getByTestId('timeline');
    await timeline.waitFor();
    await expect(timeline.innerText()).resolves.toMatch(/Accepted[\s\S]*RS\/NGO\/ATINA[\s\S]*In progress[\s\S]*Next step: Room ready from Monday/);
    await page.context().close();
  });

  it('withdrawing a consent changes what the preview would release', async () => {
    const page = await herConsentsAtTheCentre('demo-subject-0001');
    const consent = page.getByTestId('consent').first();
    await expect(consent.innerText()).resolves.toMatch(/Her decision[\s\S]*Allows[\s\S]*Recipients: RS\/NGO\/ATINA[\s\S]*Field groups: identity/);
    await page.getByLabel('Recipient').selectOption('RS/NGO/ATINA');
    const summary = page.getByTestId('preview-summary');
    await summary.waitFor();
    const released = (text: string) => Number(/^(\d+) field/.exec(text)![1]);
    const before = released(await summary.innerText());
    await noSeriousViolations(page, 'consents');

    await consent.getByRole('button', { name: 'Withdraw this consent' }).click();
    await expect.poll(() => consent.getByTestId('consent-state').innerText(), POLL).toMatch(/^Withdrawn/);
    await expect.poll(async () => released(await summary.innerText()), POLL).toBeLessThan(before);
    await page.context().close();
  });

  it('records a consent through the form generated from the spec, with a provision for a recipient, purpose and field group', async () => {
    const page = await herConsentsAtTheCentre('demo-subject-0001');
    const before = await page.getByTestId('consent').count();
    await page.getByText('Record a new consent').click();
    const form = page.locator('details form');
    await form.getByLabel('Decision (required)').selectOption('deny');
    await form.getByLabel('State (required)').selectOption('active');
    await form.getByRole('group', { name: /^Grantor/ }).getByLabel(/^Type/).selectOption('self');
    await form.getByLabel('Given (required)').fill('2026-12-04T10:30');
    await form.getByLabel('Method (required)').selectOption('written');
    await form.getByRole('button', { name: 'Add: Provisions' }).click();
    const provision = form.getByRole('group', { name: 'Provisions 1' });
    await provision.getByLabel(/^Type/).first().selectOption('permit');
    await provision.getByRole('button', { name: 'Add: Actors' }).click();
    await provision.getByRole('group', { name: 'Actors 1' }).getByLabel('Member', { exact: true }).fill('RS/NGO/ASTRA');
    await provision.getByRole('group', { name: /^Purposes/ }).getByLabel('Assistance').check();
    await provision.getByRole('group', { name: /^Field groups/ }).getByLabel('Identity', { exact: true }).check();
    await noSeriousViolations(page, 'recording a consent');
    await form.getByRole('button', { name: 'Record the consent' }).click();
    await form.getByText('The consent was recorded.').waitFor();
    await expect.poll(() => page.getByTestId('consent').count(), POLL).toBe(before + 1);
    await expect(page.getByTestId('consent').filter({ hasText: 'RS/NGO/ASTRA' }).innerText()).resolves.toMatch(/Allows[\s\S]*Recipients: RS\/NGO\/ASTRA[\s\S]*Purposes: assistance[\s\S]*Field groups: identity/);
    await page.context().close();
  });
});
