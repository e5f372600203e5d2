/**
 * A referral that went to another country, as the sender's case worker sees it in the browser: two
 * gateway processes (Serbia, Austria), the SOS line's query to the Austrian NGO delivered with the
 * Austrian gateway's signed receipt; with that gateway stopped, a second one dead-lettered with its
 * reason; the outbox page listing both and filtering by state (every member's for the gateway's
 * data-protection officer); the Austrian gateway back, Try again, and it arrives; a referral whose
 * consent was withdrawn before it could be delivered shows the fields the consent check at delivery
 * withheld. axe-core finds no serious or critical violation on the section or the page.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startFleet, type Fleet, type GatewayProcess } from '../support/gateway-processes.ts';
import { example, motherConsent, must, RECORD_CONSENT, SOS_TO_LEFOE, SUBMIT, WITHDRAW_CONSENT } from '../federation/helpers.ts';
import { browserAvailable, isolatedContext, launchBrowser, seriousViolations, signIn, type SignInChoice } from './support.ts';

const RS_CPTV = 'RS/GOV/CPTV';
const RS_SOS = 'RS/NGO/ASTRA';
const AT = 'AT/NGO/LEFOE';
/** Answers come slowly on a busy machine: wait for them up to this long. */
const POLL = { timeout: 30_000 };
const DELIVERIES = 'query($id: ID!) { referral(id: $id) { deliveries { state attempts lastErrorCode receipt { digest signedBy } } } }';

const run = browserAvailable();
let fleet: Fleet;
let rs: GatewayProcess;
let at: GatewayProcess;
let browser: Browser;
/** The referral delivered at once, and the one dead-lettered while the Austrian gateway was down. */
const sent: { delivered?: { id: string; subject: string; digest: string }; dead?: { id: string; subject: string } } = {};

const sosToken = () => rs.token(RS_SOS, { purpose: 'identification' });

/** The SOS line's query about a missing daughter, under her mother's consent (recorded first). */
async function submitUnderConsent(subject: string): Promise<{ id: string; consentId: string }> {
  const consent = motherConsent({ id: randomUUID(), subject });
  await must(rs, await sosToken(), RECORD_CONSENT, { d: consent });
  const base = example('05-sos-line-missing-daughter');
  const referral = { ...base, id: randomUUID(), subject, consentRefs: [consent.id], sections: { ...base.sections, person: { ...base.sections.person, subject } } };
  await must(rs, await sosToken(), SUBMIT, { d: referral });
  return { id: referral.id, consentId: consent.id };
}

/** The referral's first delivery through the API, once `settled` holds for it. */
async function firstDelivery(id: string, settled: (delivery: any) => boolean, what: string): Promise<any> {
  const until = Date.now() + 45_000;
  let seen: unknown;
  for (;;) {
    const { body } = await rs.graphql(await sosToken(), DELIVERIES, { id });
    seen = body.data?.referral?.deliveries ?? body.errors;
    const first = Array.isArray(seen) ? seen[0] : undefined;
    if (first && settled(first)) return first;
    if (Date.now() > until) throw new Error(`${what} did not happen; last seen: ${JSON.stringify(seen)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function signedIn(choice: SignInChoice): Promise<Page> {
  const { context } = await isolatedContext(browser, rs.url);
  const page = await context.newPage();
  await signIn(page, rs.url, choice);
  return page;
}

/** The SOS line's case worker on the referral's page, opened from the list of referrals sent. */
async function referralPage(subject: string): Promise<Page> {
  const page = await signedIn({ member: RS_SOS, role: 'case-worker', purpose: 'identification' });
  await page.getByRole('navigation').getByRole('link', { name: 'Referrals sent' }).click();
  await page.getByRole('button', { name: `Open the referral about ${subject}` }).click();
  await page.getByTestId('deliveries').waitFor();
  return page;
}

async function outboxPage(choice: SignInChoice): Promise<Page> {
  const page = await signedIn(choice);
  await page.getByRole('navigation').getByRole('link', { name: 'Messages to other gateways' }).click();
  await page.getByRole('heading', { level: 1, name: 'Messages to other gateways' }).waitFor();
  return page;
}

/** The outbox rows shown now, as referral id and state. */
const rows = (page: Page) => page.getByTestId('outbox-row').evaluateAll((all) => all.map((row) => `${row.getAttribute('data-referral')} ${row.getAttribute('data-state')}`).sort());

const stateText = (page: Page) => page.getByTestId('delivery-state').first().innerText();

describe.runIf(run)('deliveries to the other gateway in the console', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    [fleet, browser] = await Promise.all([
      startFleet([
        {
          name: 'rs', gatewayId: RS_CPTV, consoleSignIn: true,
          members: [{ id: RS_CPTV, agencyType: 'coordinating-body' }, { id: RS_SOS, agencyType: 'sos-helpline' }],
          // Quick retries and few of them: a message to a stopped gateway is given up on within a second or two.
          config: { federation: { delivery: { baseDelayMs: 100, maxDelayMs: 300, maxAttempts: 3 } } },
        },
        { name: 'at', gatewayId: AT, members: [{ id: AT, agencyType: 'victim-service' }] },
      ], { agreements: [SOS_TO_LEFOE] }),
      launchBrowser(),
    ]);
    rs = fleet.get('rs');
    at = fleet.get('at');
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await fleet?.stop();
  });

  it('shows a delivered referral with the receipt the other gateway signed', async () => {
    const subject = 'rs-astra-console-01';
    const { id } = await submitUnderConsent(subject);
    const delivered = await firstDelivery(id, (d) => d.state === 'delivered', 'delivery of the referral');
    sent.delivered = { id, subject, digest: delivered.receipt.digest };

    const page = await referralPage(subject);
    const delivery = page.getByTestId('delivery');
    await expect(delivery.getByRole('heading', { level: 3 }).innerText()).resolves.toBe('Referral');
    await expect.poll(() => stateText(page), POLL).toMatch(/^Delivered /);
    await expect(page.getByTestId('receipt-signed-by').innerText()).resolves.toBe(AT);
    const digest = page.locator('.digest');
    await expect(digest.getAttribute('title')).resolves.toBe(delivered.receipt.digest);
    await expect(digest.innerText()).resolves.toBe(`${delivered.receipt.digest.slice(0, 12)}…`);
    await expect(page.getByRole('button', { name: 'Try again' }).count()).resolves.toBe(0);
    expect(await seriousViolations(page), 'the deliveries section').toEqual([]);
    await page.context().close();
  });

  it('shows why a message to a stopped gateway was given up on', async () => {
    await at.stop();
    const subject = 'rs-astra-console-02';
    const { id } = await submitUnderConsent(subject);
    await firstDelivery(id, (d) => d.state === 'dead', 'dead-lettering of the referral');
    sent.dead = { id, subject };

    const page = await referralPage(subject);
    await expect.poll(() => stateText(page), POLL).toMatch(/^Not delivered: given up after \d+ attempts\s+Reason: PEER_UNREACHABLE/);
    await page.getByRole('button', { name: 'Try again' }).waitFor();
    expect(await seriousViolations(page), 'the section with a dead message').toEqual([]);
    await page.context().close();
  });

  it('lists the messages in the outbox and filters them by state; the officer sees every member\'s', async () => {
    const page = await outboxPage({ member: RS_SOS, role: 'case-worker', purpose: 'identification' });
    const both = [`${sent.dead!.id} dead`, `${sent.delivered!.id} delivered`].sort();
    await expect.poll(() => rows(page), POLL).toEqual(both);
    expect(await seriousViolations(page), 'the outbox page').toEqual([]);

    const filter = page.getByLabel('Delivery', { exact: true });
    await filter.selectOption({ label: 'Given up' });
    await expect.poll(() => rows(page), POLL).toEqual([`${sent.dead!.id} dead`]);
    await expect(page.getByRole('button', { name: `Try again: referral ${sent.dead!.id}` }).count()).resolves.toBe(1);
    await filter.selectOption({ label: 'Delivered' });
    await expect.poll(() => rows(page), POLL).toEqual([`${sent.delivered!.id} delivered`]);
    await filter.selectOption({ label: 'Stopped' });
    await page.getByText('No messages match.').waitFor();
    await page.context().close();

    const officer = await outboxPage({ member: RS_CPTV, role: 'dpo', purpose: 'identification' });
    await expect.poll(() => rows(officer), POLL).toEqual(both);
    await officer.context().close();
  });

  it('delivers the message when tried again once the other gateway is back', async () => {
    await at.start();
    const page = await referralPage(sent.dead!.subject);
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByText('Put back in line: it will be sent again shortly.').or(page.getByText(/^Delivered /)).first().waitFor();
    await expect.poll(() => stateText(page), POLL).toMatch(/^Delivered /);
    await expect(page.getByTestId('receipt-signed-by').innerText()).resolves.toBe(AT);
    await page.context().close();

    const outbox = await outboxPage({ member: RS_SOS, role: 'case-worker', purpose: 'identification' });
    await outbox.getByLabel('Delivery', { exact: true }).selectOption({ label: 'Delivered' });
    await expect.poll(() => rows(outbox), POLL).toEqual([`${sent.dead!.id} delivered`, `${sent.delivered!.id} delivered`].sort());
    await outbox.context().close();
  });

  it('names the fields the consent check at delivery withheld when her consent was withdrawn before delivery', async () => {
    await at.stop();
    const subject = 'rs-astra-console-03';
    const { id, consentId } = await submitUnderConsent(subject);
    await firstDelivery(id, (d) => d.state === 'dead', 'dead-lettering of the referral');
    await must(rs, await sosToken(), WITHDRAW_CONSENT, { id: consentId });
    await at.start();

    const page = await referralPage(subject);
    await page.getByRole('button', { name: 'Try again' }).click();
    const referral = page.locator('[data-testid="delivery"][data-kind="referral"]');
    // Sent narrowed, or stopped when nothing was left to send: either way the withheld fields are named.
    await expect.poll(() => referral.getByTestId('delivery-state').innerText(), POLL).toMatch(/^(Delivered |Stopped: )/);
    const withheld = referral.getByRole('list', { name: 'Withheld at delivery' });
    await expect(withheld.getByRole('listitem').filter({ hasText: '/sections/person/givenName' }).innerText()).resolves.toMatch(/^Withheld:\s+Person › Given name\s+\/sections\/person\/givenName$/);
    expect(await seriousViolations(page), 'the section with withheld fields').toEqual([]);
    await page.context().close();
  });
});
