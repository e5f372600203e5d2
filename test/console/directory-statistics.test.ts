/**
 * The service directory and statistics pages in the browser, against the demo federation: a case
 * worker searches the directory (a parent category finds the services below it, a service that
 * makes assistance conditional on cooperation is shown with a warning, the federation's peers are
 * asked), chooses a recipient for a referral from it; a statistics session reads a table with a
 * suppressed cell shown as suppressed, and downloads it by an address that carries only the
 * question. A browser set to plain `sr` gets the Serbian (Latin) console. axe-core finds no serious
 * or critical violation on either page.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { generateServices } from '../../gateway/demo/services.ts';
import { CONDITIONAL_SERVICE, publishServices, storeGeneratedCases } from './pages-support.ts';
import { browserAvailable, demoToken, graphqlAs, isolatedContext, launchBrowser, seriousViolations, signIn, startDemoGateway, type ConsoleGateway, DEMO_START_MS, type SignInChoice } from './support.ts';

const POLL = { timeout: 30_000 };
const run = browserAvailable();
let demo: ConsoleGateway;
let browser: Browser;
const SUBJECTS = 300;
/** Enough medical services of the police to need two pages of results (ten a page). */
const MEDICAL = generateServices({ count: 16, countries: ['RS', 'RS'], organizations: ['RS/GOV/POLICE'] })
  .map(({ acceptsReferralsFrom: _anyone, ...service }) => ({ ...service, categories: service.categories.filter((c) => c.startsWith('medical')) }));

async function signedIn(choice: SignInChoice): Promise<Page> {
  const { context } = await isolatedContext(browser, demo.url);
  const page = await context.newPage();
  await signIn(page, demo.url, choice);
  return page;
}

const noSeriousViolations = async (page: Page, where: string) => expect(await seriousViolations(page), where).toEqual([]);

describe.runIf(run)('the directory and statistics pages in a browser', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    [demo, browser] = await Promise.all([startDemoGateway(), launchBrowser()]);
    await publishServices(demo, 'RS/GOV/POLICE', [CONDITIONAL_SERVICE, ...MEDICAL]);
    await storeGeneratedCases(demo, SUBJECTS);
  }, DEMO_START_MS);
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('searches the directory by a parent category, ranks the conditional service last with a warning, and asks the federation', async () => {
    const page = await signedIn({ member: 'Centre for protection', role: 'case-worker', purpose: 'assistance' });
    await page.getByRole('link', { name: 'Service directory' }).click();
    await page.getByLabel('Need or service').selectOption('accommodation');
    await page.getByLabel('A woman').check();
    await page.getByRole('button', { name: 'Search the directory' }).click();
    const results = page.getByTestId('service-result');
    await expect.poll(() => results.count(), POLL).toBe(2);
    const names = await results.getByRole('heading').allInnerTexts();
    expect(names).toEqual(['Safe House shelter (demo)', 'Witness housing (demo)']);
    await expect(results.nth(1).getByTestId('cooperation-warning').innerText()).resolves.toMatch(/^Warning: this service makes assistance conditional on cooperation/);
    await expect(results.nth(0).getByTestId('cooperation-warning').count()).resolves.toBe(0);
    await expect(page.getByText('Only services that take referrals from RS/GOV/CPTV.').count()).resolves.toBe(1);
    await noSeriousViolations(page, 'directory results');

    await page.getByLabel('Across the federation').check();
    await page.getByRole('button', { name: 'Search the directory' }).click();
    await expect.poll(() => page.getByTestId('peers').innerText(), POLL).toBe('All 2 peer gateway(s) answered.');
    await expect(page.getByTestId('service-count').innerText()).resolves.toBe('2 service(s) found');
    await page.context().close();
  });

  it('pages through the results, forwards and back', async () => {
    const page = await signedIn({ member: 'Centre for protection', role: 'case-worker', purpose: 'assistance' });
    await page.getByRole('link', { name: 'Service directory' }).click();
    await page.getByLabel('Need or service').selectOption('medical');
    await page.getByRole('button', { name: 'Search the directory' }).click();
    // What the API answers the same member for the same search (some generated services take no referrals from it).
    const token = await demoToken(demo.url, 'RS/GOV/CPTV', 'case-worker', 'assistance');
    const expected = (await graphqlAs(demo.url, token, '{ services(filter: { categories: ["medical"], referrableBy: "RS/GOV/CPTV" }, first: 50) { edges { node { service { name } } } } }'))
      .services.edges.map((e: { node: { service: { name: string } } }) => e.node.service.name);
    expect(expected.length).toBeGreaterThan(10);
    const names = page.getByTestId('service-result').getByRole('heading');
    await expect.poll(() => names.count(), POLL).toBe(10);
    await expect(page.getByTestId('service-count').innerText()).resolves.toBe(`${expected.length} service(s) found`);
    const first = await names.allInnerTexts();
    await page.getByRole('button', { name: 'More results' }).click();
    await expect.poll(() => names.count(), POLL).toBe(expected.length - 10);
    const second = await names.allInnerTexts();
    expect(second.filter((name) => first.includes(name))).toEqual([]);
    expect([...first, ...second]).toEqual(expected);
    await expect(page.getByRole('button', { name: 'More results' }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Previous results' }).click();
    await expect.poll(() => names.allInnerTexts(), POLL).toEqual(first);
    await page.context().close();
  });

  it('chooses a recipient for a referral from the directory: the member and the service are filled in', async () => {
    const page = await signedIn({ member: 'Centre for protection', role: 'case-worker', purpose: 'assistance' });
    await page.getByRole('link', { name: 'New referral' }).click();
    await page.getByText('Find a service in the directory').click();
    const search = page.locator('.recipient-search');
    await search.getByLabel('Need or service').selectOption('psychological');
    await search.getByRole('button', { name: 'Search the directory' }).click();
    await search.getByRole('button', { name: 'Choose Safe House shelter (demo)' }).click();
    await expect(page.getByLabel('Recipient (required)').inputValue()).resolves.toBe('RS/NGO/ATINA');
    await expect(page.locator('#f-recipientService').inputValue()).resolves.toBe('RS/NGO/ATINA/shelter');
    await expect(page.getByTestId('chosen-service').innerText()).resolves.toBe('Chosen: Safe House shelter (demo) (RS/NGO/ATINA/shelter)');
    await noSeriousViolations(page, 'recipient from the directory');
    await page.context().close();
  });

  it('shows a statistics table with its suppressed cells as suppressed, with why, and downloads it', async () => {
    const page = await signedIn({ member: 'Centre for protection', role: 'supervisor', purpose: 'statistics' });
    await page.getByRole('link', { name: 'Statistics' }).click();
    await page.getByLabel('What to count').selectOption('referrals');
    await page.getByLabel('sex', { exact: true }).check();
    await page.getByLabel('exploitationForm', { exact: true }).check();
    await page.getByRole('button', { name: 'Show the table' }).click();
    const table = page.getByTestId('statistics-table');
    await table.waitFor();
    const rows = await table.locator('tbody tr').allInnerTexts();
    const total = rows.find((r) => /^All\s+All\s/.test(r))!;
    expect(Number(/^All\s+All\s+(\d+)/.exec(total)![1])).toBeGreaterThanOrEqual(SUBJECTS);
    const suppressed = rows.filter((r) => /Suppressed/.test(r));
    expect(suppressed.length).toBeGreaterThan(0);
    for (const row of suppressed) expect(row).toMatch(/Suppressed \((fewer than 11 people|would reveal a small count)\)/);
    expect(rows.some((r) => /^female\s+All\s+\d+/.test(r))).toBe(true);
    await expect(page.getByTestId('suppression').innerText()).resolves.toMatch(/Counts from 1 to 10 are never published: [1-9]\d* cell\(s\) suppressed as small/);
    await noSeriousViolations(page, 'statistics table');

    await expect(page.getByTestId('download-address').innerText()).resolves.toBe('/stats/table.csv?measure=referrals&dimensions=sex,exploitationForm');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toMatch(/sex.*count.*suppressed/);
    expect(csv).toMatch(/\nfemale,\*,\d+,/);
    await page.context().close();
  });

  it('combines the federation\'s tables and names the gateways asked', async () => {
    const page = await signedIn({ member: 'Centre for protection', role: 'supervisor', purpose: 'statistics' });
    await page.getByRole('link', { name: 'Statistics' }).click();
    await page.getByLabel('year', { exact: true }).check();
    await page.getByLabel(/Across the federation/).check();
    await page.getByRole('button', { name: 'Show the table' }).click();
    await page.getByTestId('statistics-table').waitFor();
    const sources = await page.getByRole('list', { name: 'Gateways asked' }).getByRole('listitem').allInnerTexts();
    expect(sources.length).toBeGreaterThanOrEqual(2);
    for (const source of sources) expect(source).toMatch(/answered$/);
    await page.context().close();
  });

  it('names the peer gateway that does not answer, in the directory and in the statistics (it stops a peer: no test after it asks the federation)', async () => {
    const moldova = demo.peers.at(-1)!;
    await moldova.close();
    const worker = await signedIn({ member: 'Centre for protection', role: 'case-worker', purpose: 'assistance' });
    await worker.getByRole('link', { name: 'Service directory' }).click();
    await worker.getByLabel('Across the federation').check();
    await worker.getByRole('button', { name: 'Search the directory' }).click();
    const peers = worker.getByTestId('peers');
    await expect.poll(() => peers.innerText(), POLL).toMatch(/^Some peer gateways did not answer: their services are missing from these results\.\s+\S+ is not answering now \(PEER_\w+\)$/);
    await expect(peers.innerText()).resolves.toContain(moldova.url.replace(/\/$/, ''));
    await noSeriousViolations(worker, 'directory with a silent peer');
    await worker.context().close();

    const statistician = await signedIn({ member: 'Centre for protection', role: 'supervisor', purpose: 'statistics' });
    await statistician.getByRole('link', { name: 'Statistics' }).click();
    await statistician.getByLabel(/Across the federation/).check();
    await statistician.getByRole('button', { name: 'Show the table' }).click();
    await statistician.getByTestId('statistics-table').waitFor();
    const sources = await statistician.getByRole('list', { name: 'Gateways asked' }).getByRole('listitem').allInnerTexts();
    expect(sources.filter((s) => /did not answer \(PEER_\w+\): its counts are missing$/.test(s))).toHaveLength(1);
    await statistician.context().close();
  });

  it('offers the statistics page only to a statistics session', async () => {
    const page = await signedIn({ member: 'Centre for protection', role: 'case-worker', purpose: 'assistance' });
    await expect(page.getByRole('navigation').getByRole('link', { name: 'Statistics' }).count()).resolves.toBe(0);
    await page.context().close();
  });

  it('a browser set to plain Serbian gets the Serbian (Latin) messages, by their alias', async () => {
    const { context } = await isolatedContext(browser, demo.url, { locale: 'sr' });
    const page = await context.newPage();
    await page.goto(`${demo.url}/console`);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang), POLL).toBe('sr-Latn');
    await expect(page.evaluate(() => document.documentElement.dir)).resolves.toBe('ltr');
    await context.close();
  });

  it('writes the page right to left when the language\'s message file says so, whatever the language', async () => {
    const { context } = await isolatedContext(browser, demo.url, { locale: 'dv' });
    // A translator's new file for Dhivehi (written right to left), as the gateway would serve it.
    const languages = await (await fetch(`${demo.url}/console/api/languages`)).json();
    await context.route('**/console/api/languages', (route) => route.fulfill({ json: [...languages, { tag: 'dv', name: 'ދިވެހި', dir: 'rtl', aliases: [] }] }));
    await context.route('**/console/app/messages/dv.json', (route) => route.fulfill({ json: { $meta: { name: 'ދިވެހި', locale: 'dv-MV', dir: 'rtl' } } }));
    const page = await context.newPage();
    await page.goto(`${demo.url}/console`);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang), POLL).toBe('dv');
    await expect(page.evaluate(() => document.documentElement.dir)).resolves.toBe('rtl');
    await context.close();
  });
});
