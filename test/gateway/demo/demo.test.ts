import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../../lib/spec/paths.ts';

const dir = mkdtempSync(join(tmpdir(), 'nrx-demo-'));
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

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
  it('starts a gateway, prints its URL and tokens, and answers a query with a printed token', async () => {
    const port = await freePort();
    child = spawn(process.execPath, [join(repoRoot, 'bin', 'nrx.js'), 'demo', '--dir', dir], {
      cwd: dir,
      env: { ...process.env, NRX_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = await waitFor(child, /Stop with Ctrl-C/, 90_000);
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
  }, 120_000);

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
