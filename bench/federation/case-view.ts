/**
 * Her case view including one peer gateway's records, against the same query through Hive Gateway
 * (@graphql-hive/gateway) proxying to that peer without consent or audit:
 *   (a) NRX: the Serbian gateway answers `subjectCase { agencyRecords }`, asking the Austrian gateway
 *       (peer connector, POST /peer/v1/cases with the member's token), both filtering by policy and
 *       consent and both auditing;
 *   (b) baseline: Hive Gateway in proxy mode in front of an Austrian gateway with policy enforcement
 *       and the audit trail off, answering the same query from the same connector record.
 * Both as they ship: Hive Gateway shares one upstream call among identical queries in flight
 * (deduplicateInflightRequests), and so does NRX among identical peer case queries
 * (federation.shareCaseQueriesInFlight). The load sends one query with one token on every
 * connection, so both share a lot; (a') and (b') turn sharing off on both sides, so that every
 * request is one call to the peer: the cost of a request as such.
 * Each side runs in its own child process (both gateways of a side in one), loaded over loopback by
 * autocannon in alternating rounds. Usage: node bench/federation/case-view.ts
 * (BENCH_SECONDS, BENCH_ROUNDS, BENCH_CONNECTIONS change the run's length and load). A side whose
 * process dies, or that does not start, fails the run at once with that process's stderr.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { issueToken } from '../../gateway/auth/token.ts';
import { requestFor } from '../../gateway/request/context.ts';
import { ensureDemoFiles, type DemoFiles } from '../../gateway/demo/files.ts';
import { DEMO_GATEWAYS } from '../../gateway/demo/members.ts';
import { demoFederationConfig } from '../../gateway/demo/run.ts';
import { startGateway, type RunningGateway } from '../../gateway/server/gateway.ts';
import type { GatewayConfig } from '../../gateway/config/types.ts';

const SUBJECT = 'at-lefoe-benchcase1';
const QUERY = `query($s: String!) { subjectCase(subject: $s) { agencyRecords { member sections { person { givenName } needs { category } } } } }`;
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const [RS, AT] = [DEMO_GATEWAYS[0]!, DEMO_GATEWAYS[1]!];

/** The sides, in pairs of NRX and Hive Gateway: as they ship, then with sharing of identical calls in flight off. */
const SIDES = [
  ['federation', '(a) NRX: case view with the peer gateway\'s record'],
  ['hive', '(b) Hive Gateway proxy to the peer, no consent, no audit'],
  ['federation-unshared', '(a\') as (a), every request its own peer call'],
  ['hive-unshared', '(b\') as (b), every request its own upstream call'],
] as const;

interface Started {
  url: string;
  token: string;
  body: string;
}

/** The Austrian NGO's own case system: one record of her. */
const lefoeSystem = {
  name: 'lefoe-cases', type: 'memory', member: 'AT/NGO/LEFOE', capabilities: ['getCase'], identifiers: ['subject'],
  source: { cases: [{ subject: SUBJECT, localCaseNumber: 'LEFOE-1', sections: {
    person: { subject: SUBJECT, givenName: 'Jelena', dateOfBirth: '1995-06-07' },
    needs: [{ id: '6b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d', category: 'medical.screening', origin: 'trafficking-related', beneficiary: 'person', status: 'open' }],
  } }] },
} as unknown as GatewayConfig['connectors'][number];

async function federationFiles(ports: number[]): Promise<DemoFiles> {
  const gatewayOf = new Map([RS, AT].flatMap((plan, i) => plan.members.map((m) => [m.id, `http://127.0.0.1:${ports[i]}`] as const)));
  return ensureDemoFiles(mkdtempSync(join(tmpdir(), 'nrx-bench-fed-')), [...RS.members, ...AT.members], gatewayOf);
}

const asMember = (gateway: RunningGateway, id: string, purpose: string) =>
  requestFor({ member: gateway.trustList.members.get(id)!, user: 'bench', purpose, role: 'case-worker', expiresAt: new Date(Date.now() + 600_000) });

function consent(id: string) {
  return {
    kind: 'consent-record', specVersion: '1.0.0', id, subject: SUBJECT, decision: 'deny', state: 'active', grantor: { type: 'self' },
    given: '2026-01-10T10:00:00Z', method: 'written', recordedBy: { member: 'AT/NGO/LEFOE', user: 'bench' },
    provisions: [{ type: 'permit', actors: [{ member: 'RS/GOV/CPTV' }], purposes: ['return-reintegration'], fieldGroups: ['identity', 'needs'] }],
  };
}

const cptvToken = (files: DemoFiles, audience: string) =>
  issueToken({ privateJwk: files.memberKeys.get('RS/GOV/CPTV')!, issuer: 'RS/GOV/CPTV', subject: 'bench', audience, purpose: 'return-reintegration', role: 'case-worker', ttlSeconds: 900 });

/** (a): the Serbian and the Austrian gateway, her referral delivered from Austria, her consent on both sides. */
async function serveFederation(share: boolean): Promise<Started> {
  const ports = await Promise.all([freePort(), freePort()]);
  const files = await federationFiles(ports);
  const at = await startGateway(demoFederationConfig(files, AT, { host: '127.0.0.1', port: ports[1]! }, 'silent', { connectors: [lefoeSystem] }));
  const rsConfig = demoFederationConfig(files, RS, { host: '127.0.0.1', port: ports[0]! }, 'silent', { connectors: [] });
  rsConfig.federation.shareCaseQueriesInFlight = share;
  const rs = await startGateway(rsConfig);
  await at.operations.recordConsent(asMember(at, 'AT/NGO/LEFOE', 'return-reintegration'), consent(crypto.randomUUID()));
  await rs.operations.recordConsent(asMember(rs, 'AT/NGO/LEFOE', 'return-reintegration'), consent(crypto.randomUUID()));
  const referral = {
    kind: 'referral', specVersion: '1.0.0', id: crypto.randomUUID(), sender: 'AT/NGO/LEFOE', recipient: 'RS/GOV/CPTV', purpose: 'return-reintegration',
    created: '2026-02-01T10:00:00Z', subject: SUBJECT, sections: { person: { subject: SUBJECT, givenName: 'Jelena' } },
  };
  await at.operations.submitReferral(asMember(at, 'AT/NGO/LEFOE', 'return-reintegration'), referral);
  const cptv = asMember(rs, 'RS/GOV/CPTV', 'return-reintegration');
  for (let i = 0; !(await rs.operations.referral(cptv, referral.id)); i++) {
    if (i === 600) throw new Error('her referral did not reach the Serbian gateway within 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `${rs.url}/graphql`, token: await cptvToken(files, RS.gatewayId), body: JSON.stringify({ query: QUERY, variables: { s: SUBJECT } }) };
}

/** (b): Hive Gateway proxying to an Austrian gateway that enforces no policy and keeps no audit trail. */
async function serveHive(share: boolean): Promise<Started> {
  const port = await freePort();
  const files = await federationFiles([await freePort(), port]);
  const at = await startGateway(demoFederationConfig(files, AT, { host: '127.0.0.1', port }, 'silent', { connectors: [lefoeSystem], policy: { enforce: false } }), { audit: false });
  const { createGatewayRuntime } = await import('@graphql-hive/gateway');
  const sdl = await fetch(`${at.url}/graphql/sdl`).then((r) => r.text());
  const runtime = createGatewayRuntime({
    proxy: { endpoint: `${at.url}/graphql`, deduplicateInflightRequests: share },
    schema: sdl,
    propagateHeaders: { fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') }) },
    logging: false,
  });
  const server = createServer(runtime);
  const hivePort = await freePort();
  await new Promise<void>((resolve) => server.listen(hivePort, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${hivePort}/graphql`, token: await cptvToken(files, AT.gatewayId), body: JSON.stringify({ query: QUERY, variables: { s: SUBJECT } }) };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** How long a side may take to start (its gateways, her referral delivered) before the run gives up. */
const START_TIMEOUT_MS = 180_000;
/** The last of a child's stderr kept to explain its death. */
const STDERR_TAIL = 16 * 1024;

interface Side {
  name: string;
  which: string;
  child: ChildProcess;
  info: Started;
  /** What the child wrote to stderr lately. */
  stderr(): string;
  /** Rejects with the child's stderr as soon as it exits while the run still needs it. */
  died: Promise<never>;
}

/** Starts one side in its own process; rejects, with its stderr, when it dies or does not start in time. */
function startSide(script: string, which: string, name: string): Promise<Side> {
  const child = spawn(process.execPath, [script, which], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let tail = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    tail = (tail + chunk.toString()).slice(-STDERR_TAIL);
  });
  const died = new Promise<never>((_, reject) => {
    child.on('exit', (code, signal) => reject(new Error(`the ${which} side's process exited (${signal ?? `code ${code}`}); its stderr:\n${tail || '(empty)'}`)));
  });
  died.catch(() => {});
  return new Promise<Side>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the ${which} side did not start within ${START_TIMEOUT_MS / 1000} s; its stderr:\n${tail || '(empty)'}`)), START_TIMEOUT_MS);
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      resolve({ name, which, child, info: JSON.parse(line), stderr: () => tail, died });
    });
    died.catch((error: unknown) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Ends the children: SIGTERM, then SIGKILL for one that ignores it (Hive Gateway's runtime waits on open connections). */
async function stopAll(children: ChildProcess[]): Promise<void> {
  await Promise.all(children.map((child) => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  })));
}

/**
 * The CPU time a side's process (all its threads) has used, in ms, from /proc: what a request costs
 * whatever else the machine runs, unlike requests per second. Undefined where /proc is missing.
 */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime, fields 14 and 15 of stat(5), in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** Resolves with `work`, or rejects as soon as any side's process dies (a dead server must not leave the run waiting). */
const unlessDead = <T>(sides: Side[], work: Promise<T>): Promise<T> => Promise.race([work, ...sides.map((s) => s.died)]);

async function measure(script: string, children: ChildProcess[]): Promise<void> {
  const sides: Side[] = [];
  for (const [which, name] of SIDES) {
    const side = await startSide(script, which, name);
    children.push(side.child);
    sides.push(side);
  }
  const ask = (info: Started) => fetch(info.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${info.token}` }, body: info.body, signal: AbortSignal.timeout(30_000) }).then((r) => r.json());
  for (const side of sides) {
    const answer = await unlessDead(sides, ask(side.info));
    const record = answer?.data?.subjectCase?.agencyRecords?.[0];
    if (!record || record.sections.person.givenName !== 'Jelena' || answer.errors) throw new Error(`${side.name} did not answer with her record: ${JSON.stringify(answer).slice(0, 300)}\nits stderr:\n${side.stderr() || '(empty)'}`);
  }
  const results = new Map<string, Array<{ rps: number; p50: number; p99: number; cpu?: number }>>(sides.map((s) => [s.name, []]));
  const run = async (side: Side, duration: number) => {
    const { info } = side;
    const cpuBefore = cpuMs(side.child.pid);
    const result = await unlessDead(sides, autocannon({ url: info.url, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${info.token}` }, body: info.body, connections: CONNECTIONS, duration }));
    if (result.non2xx || result.errors) throw new Error(`${side.name}: ${result.non2xx} non-2xx answers, ${result.errors} errors (timeouts included); its stderr:\n${side.stderr() || '(empty)'}`);
    const cpuAfter = cpuMs(side.child.pid);
    const cpu = cpuBefore !== undefined && cpuAfter !== undefined && result.requests.total ? (cpuAfter - cpuBefore) / result.requests.total : undefined;
    return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, ...(cpu !== undefined ? { cpu } : {}) };
  };
  for (const side of sides) await run(side, 3);
  for (let round = 0; round < ROUNDS; round++) {
    // Alternating the order, so that the machine's load falls on every side alike.
    for (const side of round % 2 ? [...sides].reverse() : sides) results.get(side.name)!.push(await run(side, DURATION));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const rows = sides.map((s) => {
    const r = results.get(s.name)!;
    const cpu = r.every((x) => x.cpu !== undefined) ? median(r.map((x) => x.cpu!)) : undefined;
    return { name: s.name, rps: median(r.map((x) => x.rps)), p50: median(r.map((x) => x.p50)), p99: median(r.map((x) => x.p99)), rounds: r.map((x) => x.rps.toFixed(0)).join(', '), cpu, cpuRounds: r.map((x) => x.cpu?.toFixed(2) ?? '?').join(', ') };
  });
  const lines = [
    '| side | requests/s (median of rounds) | each round | p50 ms | p99 ms | CPU ms per request (median) | each round |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.name} | ${r.rps.toFixed(0)} | ${r.rounds} | ${r.p50} | ${r.p99} | ${r.cpu?.toFixed(2) ?? '?'} | ${r.cpuRounds} |`),
    '',
  ];
  // Each pair: NRX against Hive Gateway, alike in sharing identical calls in flight.
  for (const [i, nrx, hive, how, target] of [[0, '(a)', '(b)', 'as they ship', ' (target ≥ 1.0)'], [2, "(a')", "(b')", 'sharing off on both', '']] as const) {
    const [a, b] = [rows[i]!, rows[i + 1]!];
    const ratios = results.get(sides[i]!.name)!.map((x, round) => x.rps / results.get(sides[i + 1]!.name)![round]!.rps);
    const cpu = a.cpu && b.cpu ? `; CPU per request, ${hive} ÷ ${nrx}: ${(b.cpu / a.cpu).toFixed(2)}` : '';
    lines.push(`ratio ${nrx} ÷ ${hive}, ${how}, requests per second: ${(a.rps / b.rps).toFixed(2)}${target}; per round ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}${cpu}`);
  }
  lines.push(`${ROUNDS} rounds of ${DURATION} s, ${CONNECTIONS} connections; load average ${loadavg()[0]!.toFixed(1)}. CPU per request, Hive ÷ NRX, is the ratio of requests per second a CPU-bound machine would give.`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

const role = process.argv[2];
if (SIDES.some(([which]) => which === role)) {
  // The run ends a side with SIGTERM, and it must end even if a server in it would wait for open
  // connections; a side whose parent is gone (its IPC channel closes) ends too instead of lingering.
  process.once('SIGTERM', () => process.exit(0));
  if (process.send) process.once('disconnect', () => process.exit(1));
  const share = !role!.endsWith('-unshared');
  const started = role!.startsWith('federation') ? await serveFederation(share) : await serveHive(share);
  process.stdout.write(`${JSON.stringify(started)}\n`);
} else {
  const children: ChildProcess[] = [];
  try {
    await measure(fileURLToPath(import.meta.url), children);
  } catch (error) {
    process.stderr.write(`case-view benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  } finally {
    await stopAll(children);
  }
  process.exit();
}
