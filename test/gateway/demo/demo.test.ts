import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot } from '../../../lib/spec/paths.ts';
import { DEMO_GATEWAYS } from '../../../gateway/demo/members.ts';
import { freeConsecutivePorts, retryOnPortInUse } from '../../support/ports.ts';

const dir = mkdtempSync(join(tmpdir(), 'nrx-demo-'));
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

function waitFor(process: ChildProcess, pattern: RegExp, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no match for ${pattern} within ${ms} ms; output:\n${output}`)), ms);
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    process.stdout!.on('data', onData);
    process.stderr!.on('data', onData);
    process.on('exit', (code) => reject(new Error(`the demo exited with ${code}; output:\n${output}`)));
  });
}

describe('npm start (nrx demo)', () => {
  it('starts the Serbian, Austrian and Moldovan gateways, prints their URLs and tokens, and each answers a query with its printed token', async () => {
    // The three gateways listen on consecutive ports; another test file may take one between the probe and the start.
    const { port, output } = await retryOnPortInUse(async () => {
      const port = await freeConsecutivePorts(DEMO_GATEWAYS.length);
      child = spawn(process.execPath, [join(repoRoot, 'bin', 'nrx.js'), 'demo', '--dir', dir], {
        cwd: dir,
        env: { ...process.env, NRX_PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return { port, output: await waitFor(child, /Stop with Ctrl-C/, 150_000) };
    });
    const url = /URL:\s+(http:\/\/\S+?)\/?\s/.exec(output)![1]!;
    expect(url).toBe(`http://127.0.0.1:${port}`);
    expect(output).toMatch(/nrx\.js token --key \S+ --iss RS\/GOV\/CPTV/);
    const token = /^\s+RS\/NGO\/ATINA\s+(eyJ\S+)$/m.exec(output)![1]!;
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ referralsReceived(first: 10) { edges { node { sender status document { purpose } } } } }' }),
    });
    const body = await response.json();
    expect(body.errors).toBeUndefined();
    const received = body.data.referralsReceived.edges.map((e: any) => e.node);
    expect(received).toContainEqual({ sender: 'RS/GOV/CPTV', status: 'accepted', document: { purpose: 'assistance' } });

    // Austria and Moldova run their own gateways on the next two ports, with their own members' tokens.
    for (const [country, offset, member] of [['Austria', 1, 'AT/NGO/LEFOE'], ['Moldova', 2, 'MD/GOV/CNPTV']] as const) {
      const section = output.slice(output.indexOf(`${country}: gateway ${member}`));
      const peerUrl = /URL:\s+(http:\/\/\S+?)\/?\s/.exec(section)![1]!;
      expect(peerUrl).toBe(`http://127.0.0.1:${port + offset}`);
      const peerToken = new RegExp(`^\\s+${member.replace(/\//g, '\\/')}\\s+(eyJ\\S+)$`, 'm').exec(section)![1]!;
      const answer = await fetch(`${peerUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${peerToken}` },
        body: JSON.stringify({ query: '{ member(id: "RS/GOV/CPTV") { id endpoints { gateway } } }' }),
      }).then((r) => r.json());
      expect(answer.data.member).toEqual({ id: 'RS/GOV/CPTV', endpoints: { gateway: url } });
      // A token for one gateway is refused by another: each names its own audience.
      const elsewhere = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${peerToken}` }, body: '{"query":"{ __typename }"}' });
      expect(elsewhere.status).toBe(401);
    }
    expect(output).toMatch(/Across the border \(scenario 8/);

    // Scenario 8 as the banner says: sent on the Austrian gateway, received and accepted on the Serbian one.
    const tokenIn = (country: string, member: string) => new RegExp(`^\\s+${member.replace(/\//g, '\\/')}\\s+(eyJ\\S+)$`, 'm').exec(output.slice(output.indexOf(`${country}: gateway`)))![1]!;
    const call = (base: string, bearer: string, body: unknown) =>
      fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` }, body: typeof body === 'string' ? body : JSON.stringify(body) }).then((r) => r.json());
    const atUrl = `http://127.0.0.1:${port + 1}`;
    const lefoe = tokenIn('Austria', 'AT/NGO/LEFOE');
    const requestFile = /-d @(\S+send-scenario-8\.json)/.exec(output)![1]!;
    const sent = await call(atUrl, lefoe, readFileSync(resolve(dir, requestFile), 'utf8'));
    expect(sent.errors).toBeUndefined();
    const id = sent.data.submitReferral.id;
    const seen = (query: string) => call(atUrl, lefoe, { query: `{ referral(id: "${id}") { ${query} } }` }).then((b) => b.data.referral);
    let there = await seen('status deliveries { state receipt { signedBy } }');
    for (let i = 0; i < 300 && there.deliveries[0]?.state !== 'delivered'; i++) there = await new Promise((r) => setTimeout(r, 200)).then(() => seen('status deliveries { state receipt { signedBy } }'));
    expect(there.deliveries).toEqual([{ state: 'delivered', receipt: { signedBy: 'RS/GOV/CPTV' } }]);
    const accepted = await call(url, tokenIn('Serbia', 'RS/GOV/CPTV'), { query: `mutation { respondToReferral(id: "${id}", decision: "accept") { status } }` });
    expect(accepted.errors).toBeUndefined();
    let status = (await seen('status')).status;
    for (let i = 0; i < 300 && status !== 'accepted'; i++) status = await new Promise((r) => setTimeout(r, 200)).then(() => seen('status')).then((r) => r.status);
    expect(status).toBe('accepted');

    // Her consent withdrawn at the Austrian NGO, as the banner says: the Serbian copy loses what rested on it.
    const withdraw = /withdrawConsent\(id: \\"([0-9a-f-]+)\\"\)/.exec(output)![1]!;
    expect((await call(atUrl, lefoe, { query: `mutation { withdrawConsent(id: "${withdraw}") { id } }` })).errors).toBeUndefined();
    let notice = (await seen('deliveries { kind state receipt { withheldOnReceipt } }')).deliveries[1];
    for (let i = 0; i < 300 && notice?.state !== 'delivered'; i++) notice = await new Promise((r) => setTimeout(r, 200)).then(() => seen('deliveries { kind state receipt { withheldOnReceipt } }')).then((r) => r.deliveries[1]);
    expect(notice).toMatchObject({ kind: 'consent-withdrawal', state: 'delivered', receipt: { withheldOnReceipt: expect.arrayContaining(['/sections/person/givenName']) } });
    const copy = await call(url, tokenIn('Serbia', 'RS/GOV/CPTV'), { query: `{ referral(id: "${id}") { document { sections { person { givenName } } } } }` });
    expect(copy.data.referral.document.sections.person?.givenName ?? null).toBeNull();
  }, 240_000);

  it('says clearly when the port is taken', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as { port: number }).port;
    const second = spawn(process.execPath, [join(repoRoot, 'bin', 'nrx.js'), 'demo', '--dir', dir, '--port', String(port)], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    second.stderr!.on('data', (c) => (stderr += c));
    const code = await new Promise((r) => second.on('exit', r));
    blocker.close();
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`port ${port} .*already in use`));
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});
