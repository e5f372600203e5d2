/**
 * The worked clients of docs/clients/ run against a live gateway, as an integrator would run
 * them: the demo federation's referrals, a token from `nrx token`'s library, the URL and token in
 * the environment. Both must list the same referrals as the gateway holds for the caller, across
 * pages, and name what would release each withheld field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { seedDemo } from '../../gateway/demo/seed.ts';
import { loadSpec } from '../../lib/spec/load.ts';
import { repoRoot } from '../../lib/spec/paths.ts';
import { startTestGateway, type TestGateway } from '../gateway/support/federation.ts';
import { run } from '../cli/run.ts';

let gw: TestGateway;
let token: string;
let expected: string[];
beforeAll(async () => {
  gw = await startTestGateway({ log: { level: 'warn' } });
  await seedDemo(gw.gateway.operations, gw.gateway.trustList, loadSpec().version);
  token = await gw.token('RS/GOV/CPTV', 'identification');
  const direct = await gw.graphql(token, '{ referralsReceived(first: 50) { edges { node { id } } } }');
  expected = direct.body.data.referralsReceived.edges.map((e: any) => e.node.id);
}, 120_000);
afterAll(() => gw?.stop());

describe('docs/clients', () => {
  it('the demo gives the clients more than one page (of one) to read', () => {
    expect(expected.length).toBeGreaterThan(1);
  });

  it.each([
    ['TypeScript', process.execPath, [join(repoRoot, 'docs/clients/client.ts')]],
    ['Python', 'python3', [join(repoRoot, 'docs/clients/client.py')]],
  ])('%s: lists every referral received, page by page, and what would release each withheld field', async (_language, command, args) => {
    const result = await run(command, args, { env: { ...process.env, NRX_URL: gw.gateway.url, NRX_TOKEN: token } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const listed = [...result.stdout.matchAll(/^referral (\S+) from /gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual([...expected].sort());
    expect(result.stdout).toContain(`${expected.length} referral(s) received`);
    // Without an agreement with the caller, the sections are withheld, naming the clause (and its field groups) that would release them.
    expect(result.stdout).toMatch(/^withheld referralsReceived\.edges\.\d+\.node\.document\.sections: NO_AGREEMENT; needs field groups [a-z-]+(, [a-z-]+)*; agreement clause \{.*"purpose":"identification".*"to":\[\{"member":"RS\/GOV\/CPTV"\}\]/m);
  });

  it('both clients print the same report', async () => {
    const env = { ...process.env, NRX_URL: gw.gateway.url, NRX_TOKEN: token };
    const ts = await run(process.execPath, [join(repoRoot, 'docs/clients/client.ts')], { env });
    const py = await run('python3', [join(repoRoot, 'docs/clients/client.py')], { env });
    expect(py.stdout).toBe(ts.stdout);
  });

  it.each([
    ['TypeScript', process.execPath, [join(repoRoot, 'docs/clients/client.ts')]],
    ['Python', 'python3', [join(repoRoot, 'docs/clients/client.py')]],
  ])('%s: reports a refused token with its error code', async (_language, command, args) => {
    const result = await run(command, args, { env: { ...process.env, NRX_URL: gw.gateway.url, NRX_TOKEN: 'not-a-token' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error TOKEN_MALFORMED: /);
  });
});
