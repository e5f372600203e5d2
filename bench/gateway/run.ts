/**
 * Gateway benchmark: (a) the gateway answering an authenticated referral query, (b) plain
 * graphql-yoga serving the same object without auth, (c) bare node:http sending the same bytes.
 * Each server runs in a child process pinned to one core when `taskset` exists; autocannon loads it
 * over loopback. Writes the Gateway section of BENCHMARKS.md. Usage:
 *   node bench/gateway/run.ts [--baseline DIR]
 * --baseline runs the servers (a), (d) and (f) of another checkout (its own bench/gateway/servers.ts
 * and code, its node_modules installed) beside these, in the same rounds, and reports new/old ratios.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
const DURATION = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 11);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 8);
const CONNECTIONS = 10;
const hasTaskset = spawnSync('taskset', ['--version']).status === 0;
const serverCore = cpus().length > 1 ? '1' : '0';
const { values: flags } = parseArgs({ options: { baseline: { type: 'string' } } });
const baselineDir = flags.baseline;
if (baselineDir && !existsSync(join(baselineDir, 'bench', 'gateway', 'servers.ts'))) throw new Error(`--baseline ${baselineDir}: no bench/gateway/servers.ts there`);

interface Started {
  url: string;
  token?: string;
  body: string;
}

/** Starts one server of `servers.ts` in this tree, or in the tree `from` (the baseline). */
function startServer(args: string[], from = root): Promise<{ child: ChildProcess; info: Started }> {
  const child = spawn(process.execPath, [join(from, 'bench', 'gateway', 'servers.ts'), ...args], { stdio: ['ignore', 'pipe', 'inherit'], cwd: from });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      // Once started, the event loop's thread (the process's main thread) is pinned to one core;
      // threads started before it (V8's garbage collector helpers, the embedded database's worker)
      // stay free, as on any multi-core host, where a PostgreSQL server runs apart too.
      if (hasTaskset) spawnSync('taskset', ['-p', '-c', serverCore, String(child.pid)], { stdio: 'ignore' });
      resolve({ child, info: JSON.parse(line) });
    });
    child.on('exit', (code) => reject(new Error(`server ${args[0]} exited with ${code}`)));
  });
}

async function post(info: Started): Promise<string> {
  const response = await fetch(info.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(info.token ? { authorization: `Bearer ${info.token}` } : {}) }, body: info.body });
  return response.text();
}

interface Result {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  /** Server CPU per answered request, µs: the event loop's thread and the whole process. */
  cpu?: { mainUs: number; allUs: number };
}

async function warm(info: Started, seconds: number): Promise<void> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(info.token ? { authorization: `Bearer ${info.token}` } : {}) };
  await autocannon({ url: info.url, method: 'POST', headers, body: info.body, connections: CONNECTIONS, duration: seconds });
}

/** CPU time (ms) a process has used so far: its main thread (the event loop) and all its threads. */
function cpuOf(pid: number): { main: number; all: number } {
  let main = 0, all = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, in clock ticks (100 per second on Linux).
    const ms = (Number(fields[11]) + Number(fields[12])) * 10;
    all += ms;
    if (tid === String(pid)) main = ms;
  }
  return { main, all };
}
const hasProc = existsSync('/proc/self/task');

async function load(name: string, info: Started, pid: number): Promise<Result> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(info.token ? { authorization: `Bearer ${info.token}` } : {}) };
  // Warm up (JIT, caches), then measure.
  await autocannon({ url: info.url, method: 'POST', headers, body: info.body, connections: CONNECTIONS, duration: 1 });
  const before = hasProc ? cpuOf(pid) : undefined;
  const result = await autocannon({ url: info.url, method: 'POST', headers, body: info.body, connections: CONNECTIONS, duration: DURATION });
  const after = hasProc ? cpuOf(pid) : undefined;
  if (result.non2xx || result.errors) throw new Error(`${name}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
  const requests = result.requests.total;
  const cpu = before && after ? { mainUs: ((after.main - before.main) * 1000) / requests, allUs: ((after.all - before.all) * 1000) / requests } : undefined;
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, ...(cpu ? { cpu } : {}) };
}

interface Server {
  name: string;
  child: ChildProcess;
  info: Started;
  response: string;
  rounds: Result[];
}

/** Starts a server, checks its answer once, and keeps it running for the measurement rounds. */
async function serve(args: string[], name: string, check?: (response: string) => void, from?: string): Promise<Server> {
  const { child, info } = await startServer(args, from);
  const response = await post(info);
  try {
    check?.(response);
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }
  return { name, child, info, response, rounds: [] };
}

const answers = (what: string) => (r: string) => {
  if (!r.includes('"referral":{') || r.includes('"errors"')) throw new Error(`${what} did not answer the query: ${r.slice(0, 300)}`);
};
const gatewayServer = await serve(['gateway'], '(a) gateway, authenticated referral query', answers('the gateway'));
const servers = [
  gatewayServer,
  await serve(['yoga'], '(b) plain graphql-yoga, same object, no auth', (r) => {
    if (JSON.parse(r).data?.referral?.id !== JSON.parse(gatewayServer.response).data.referral.id) throw new Error(`plain yoga answered differently: ${r.slice(0, 300)}`);
  }),
  await serve(['raw', gatewayServer.response], '(c) bare node:http, same bytes'),
  // Yoga's own body limit wraps every request body in a transform stream; the gateway turns it off
  // and counts the body in its HTTP layer. (b') is plain yoga configured the same way.
  await serve(['yoga', 'lean'], "(b') plain graphql-yoga, its body-size check off as in (a)", (r) => {
    if (JSON.parse(r).data?.referral?.id !== JSON.parse(gatewayServer.response).data.referral.id) throw new Error(`plain yoga (lean) answered differently: ${r.slice(0, 300)}`);
  }),
  // Consent enforcement: the same recipient query with enforcement on and off.
  await serve(['enforced'], '(d) recipient referral query, consent enforced', answers('the enforced gateway')),
  await serve(['open'], '(e) recipient referral query, enforcement off'),
  // The audit trail: the consent-enforced query again, now with every disclosure recorded before the response leaves.
  await serve(['audited'], '(f) recipient referral query, consent enforced and audited', answers('the audited gateway')),
];
const [gateway, yoga, raw, yogaLean, enforced, open1, audited] = servers as [Server, Server, Server, Server, Server, Server, Server];
// The baseline tree's (a), (d) and (f), measured in the same rounds as this tree's.
const baseline = baselineDir
  ? {
    gateway: await serve(['gateway'], '(a) baseline', answers('the baseline gateway'), baselineDir),
    enforced: await serve(['enforced'], '(d) baseline', answers('the baseline enforced gateway'), baselineDir),
    audited: await serve(['audited'], '(f) baseline', answers('the baseline audited gateway'), baselineDir),
  }
  : undefined;
if (baseline) servers.push(baseline.gateway, baseline.enforced, baseline.audited);

// Every server runs the whole time. A shared machine has slow spells of a few seconds, so the
// servers a ratio compares are measured one right after the other: each round runs one comparison
// group and then the other (alternating which goes first), in an order that rotates from round to
// round, and each ratio is the median over the rounds of that round's own ratio.
const groups: Server[][] = [
  [gateway, yogaLean, yoga, raw, ...(baseline ? [baseline.gateway] : [])],
  [enforced, open1, audited, ...(baseline ? [baseline.enforced, baseline.audited] : [])],
];
try {
  // The JIT needs thousands of requests before a server settles (the gateway gains half its
  // throughput after its first few seconds): each one is warmed up well before the rounds start.
  for (const server of servers) await warm(server.info, WARMUP);
  for (let round = 0; round < ROUNDS; round++) {
    for (const group of round % 2 ? [...groups].reverse() : groups) {
      for (let i = 0; i < group.length; i++) {
        const server = group[(round + i) % group.length]!;
        server.rounds.push(await load(server.name, server.info, server.child.pid!));
      }
    }
  }
} finally {
  for (const server of servers) server.child.kill('SIGTERM');
}
/** (first's requests/s) / (second's) in each round, both measured in the same round, smallest first. */
const roundRatios = (first: Server, second: Server): number[] => first.rounds.map((r, i) => r.rps / second.rounds[i]!.rps).sort((x, y) => x - y);
/** The median of roundRatios. */
const pairedRatio = (first: Server, second: Server): number => {
  const ratios = roundRatios(first, second);
  return ratios[Math.floor(ratios.length / 2)]!;
};
/** The spread of a ratio over the rounds: its quartiles and extremes. */
const spread = (first: Server, second: Server): string => {
  const r = roundRatios(first, second);
  const at = (q: number) => r[Math.min(r.length - 1, Math.floor(q * r.length))]!.toFixed(2);
  return `rounds ${r[0]!.toFixed(2)}-${r.at(-1)!.toFixed(2)}, quartiles ${at(0.25)}-${at(0.75)}`;
};
const median = (server: Server): Result => {
  const sorted = [...server.rounds].sort((x, y) => x.rps - y.rps);
  return sorted[Math.floor(sorted.length / 2)]!;
};
for (const server of servers) (server as Server & { result: Result }).result = median(server);
const resultOf = (server: Server) => (server as Server & { result: Result }).result;
const de = pairedRatio(enforced, open1);
const fd = pairedRatio(audited, enforced);
const onPostgres = Boolean(process.env.BENCH_DATABASE_URL);
const onServer = onPostgres ? ' (the recipient servers on the PostgreSQL server named by BENCH_DATABASE_URL)' : ' (the recipient servers on the embedded store)';

const ab = pairedRatio(gateway, yoga);
const abLean = pairedRatio(gateway, yogaLean);
const ac = pairedRatio(gateway, raw);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
/** The median of one CPU figure over a server's rounds. */
const cpuMedian = (server: Server, pick: (cpu: NonNullable<Result['cpu']>) => number): string => {
  const values = server.rounds.flatMap((r) => (r.cpu ? [pick(r.cpu)] : [])).sort((x, y) => x - y);
  return values.length ? values[Math.floor(values.length / 2)]!.toFixed(0) : 'n/a';
};
/** (first's CPU) / (second's CPU) per request on the event loop, medians. */
const cpuRatio = (first: Server, second: Server): string => {
  const a = Number(cpuMedian(first, (c) => c.mainUs)), b = Number(cpuMedian(second, (c) => c.mainUs));
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? (a / b).toFixed(2) : 'n/a';
};
/** How much more CPU per request `more` uses than `less`, by one measure, medians. */
const cpuDelta = (more: Server, less: Server, pick: (cpu: NonNullable<Result['cpu']>) => number): string => {
  const a = Number(cpuMedian(more, pick)), b = Number(cpuMedian(less, pick));
  return Number.isFinite(a) && Number.isFinite(b) ? String(Math.round(a - b)) : 'n/a';
};
const table = [
  '| server | requests/s | p50 ms | p99 ms | CPU µs/request, event loop | CPU µs/request, process |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  ...servers.map((server) => {
    const r = resultOf(server);
    return `| ${r.name} | ${fmt(r.rps)} | ${r.p50} | ${r.p99} | ${cpuMedian(server, (c) => c.mainUs)} | ${cpuMedian(server, (c) => c.allUs)} |`;
  }),
].join('\n');
// A run with the recipient servers on a PostgreSQL server has a section of its own beside the embedded one.
const heading = onPostgres ? 'Gateway, recipient servers on a PostgreSQL server' : 'Gateway';
const verdict = (ratio: number, target: number) => `${ratio.toFixed(3)} (target >= ${target.toFixed(2)}: ${ratio >= target ? 'met' : 'MISSED'}`;
const baselineCommit = baselineDir ? spawnSync('git', ['-C', baselineDir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim() || baselineDir : '';
const baselineLines = baseline
  ? [
    `- against the baseline (\`${baselineCommit}\`, its own servers in the same rounds; target: within 10%, new/old >= 0.90):`,
    ...([['a', gateway, baseline.gateway], ['d', enforced, baseline.enforced], ['f', audited, baseline.audited]] as const).map(([name, now, old]) =>
      `  (${name}) requests/s ${verdict(pairedRatio(now, old), 0.9)}; ${spread(now, old)}); event-loop CPU per request new/old ${cpuRatio(now, old)}`),
  ]
  : [];
const section = `## ${heading}

Command: \`${onPostgres ? 'BENCH_DATABASE_URL=postgres://… ' : ''}node bench/gateway/run.ts${baselineDir ? ' --baseline DIR' : ''}\`. Machine: ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, shared; Node ${process.version}; ${new Date().toISOString().slice(0, 10)}; load average at the end ${loadavg()[0]!.toFixed(1)}.
Method: each server in its own process${hasTaskset ? `, its event loop pinned to core ${serverCore}` : ''}, all running throughout, each warmed up for ${WARMUP} s; then ${ROUNDS} rounds of autocannon (${CONNECTIONS} connections, ${DURATION} s after a 1 s warm-up, over loopback), each round measuring the servers of one comparison back to back in a rotating order. The table gives each server's median round; a ratio is the median over the rounds of the ratio within a round, with its spread.
Servers: (a) the gateway answering an authenticated referral query (${Buffer.byteLength(gateway.response)} bytes); (b) plain graphql-yoga serving the same object without auth, (b') the same with yoga's body-size check off as in (a); (c) node:http sending the same bytes; (d) the shelter reading a referral it received, consent and agreements enforced (${Buffer.byteLength(enforced.response)} bytes); (e) the same with enforcement off; (f) (d) with the audit trail on${onServer}${baseline ? "; '(x) baseline' is (x) run from the baseline tree" : ''}.

${table}

- a/b = ${verdict(ab, 0.85)}; ${spread(gateway, yoga)}); a/b' = ${abLean.toFixed(3)}; a/c = ${ac.toFixed(2)}; event-loop CPU per request (b)/(a) = ${cpuRatio(yoga, gateway)}
- d/e, the cost of field-level enforcement = ${verdict(de, 0.85)}; ${spread(enforced, open1)})
- f/d, the cost of the audit trail = ${verdict(fd, 0.9)}; ${spread(audited, enforced)}); CPU per request (f) − (d): ${cpuDelta(audited, enforced, (c) => c.mainUs)} µs on the event loop, ${cpuDelta(audited, enforced, (c) => c.allUs - c.mainUs)} µs on other threads${onPostgres ? " (the PostgreSQL server's own CPU is not counted)" : ''}
${baselineLines.join('\n')}
`;

const file = join(root, 'BENCHMARKS.md');
const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
const pattern = new RegExp(`## ${heading}\\n[\\s\\S]*?(?=\\n## |$)`);
const next = pattern.test(current) ? current.replace(pattern, section) : `${current.trimEnd()}\n\n${section}`;
writeFileSync(file, next);
for (const server of servers) process.stdout.write(`${server.name}: ${server.rounds.map((r) => `${fmt(r.rps)} (${r.cpu ? r.cpu.mainUs.toFixed(0) : '?'} µs)`).join(', ')}\n`);
if (baseline) process.stdout.write(`new/old: a ${pairedRatio(gateway, baseline.gateway).toFixed(3)} (${spread(gateway, baseline.gateway)}), d ${pairedRatio(enforced, baseline.enforced).toFixed(3)} (${spread(enforced, baseline.enforced)}), f ${pairedRatio(audited, baseline.audited).toFixed(3)} (${spread(audited, baseline.audited)})\n`);
process.stdout.write(`${table}\n\na/b = ${ab.toFixed(3)} (${spread(gateway, yoga)}), a/b' = ${abLean.toFixed(3)}, a/c = ${ac.toFixed(2)}, d/e = ${de.toFixed(2)} (${spread(enforced, open1)}), f/d = ${fd.toFixed(3)} (${spread(audited, enforced)})\n`);
