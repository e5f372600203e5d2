/**
 * Gateway benchmark: (a) the gateway answering an authenticated referral query, (b) plain
 * graphql-yoga serving the same object without auth, (c) bare node:http sending the same bytes.
 * Each server runs in a child process pinned to one core when `taskset` exists; autocannon loads it
 * over loopback. Writes the Gateway section of BENCHMARKS.md. Usage: node bench/gateway/run.ts
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
const DURATION = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 11);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 8);
const CONNECTIONS = 10;
const hasTaskset = spawnSync('taskset', ['--version']).status === 0;
const serverCore = cpus().length > 1 ? '1' : '0';

interface Started {
  url: string;
  token?: string;
  body: string;
}

function startServer(args: string[]): Promise<{ child: ChildProcess; info: Started }> {
  const child = spawn(process.execPath, [join(here, 'servers.ts'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
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
async function serve(args: string[], name: string, check?: (response: string) => void): Promise<Server> {
  const { child, info } = await startServer(args);
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

// Every server runs the whole time. A shared machine has slow spells of a few seconds, so the
// servers a ratio compares are measured one right after the other: each round runs one comparison
// group and then the other (alternating which goes first), in an order that rotates from round to
// round, and each ratio is the median over the rounds of that round's own ratio.
const groups: Server[][] = [
  [gateway, yogaLean, yoga, raw],
  [enforced, open1, audited],
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
const onServer = onPostgres ? ' (recipient servers on the PostgreSQL server named by BENCH_DATABASE_URL)' : ' (recipient servers on the embedded store)';

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
const heading = process.env.BENCH_DATABASE_URL ? 'Gateway, recipient servers on a PostgreSQL server' : 'Gateway';
const section = `## ${heading}

Command: \`${process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL=postgres://… ' : ''}node bench/gateway/run.ts\` (Node ${process.version}, ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores; ${new Date().toISOString().slice(0, 10)}).
Each server runs in its own process${hasTaskset ? `, its event loop's thread pinned to core ${serverCore} with taskset once started (helper threads started before, such as V8's garbage collector and the embedded database's worker, are not pinned)` : ''}; all ${servers.length} run throughout, each warmed up with ${WARMUP} s of the same load first. Then ${ROUNDS} rounds of autocannon (${CONNECTIONS} connections, ${DURATION} s each after a 1 s warm-up, over loopback); each round measures the servers of one comparison one right after the other, (a) (b') (b) (c) and then (d) (e) (f) or the reverse, in an order that rotates from round to round, because this shared machine has slow spells of a few seconds. The table gives each server's median round; each ratio is the median over the rounds of the ratio within a round.
The query reads one referral (${Buffer.byteLength(gateway.response)} bytes of response) with its document and person section; (a) verifies the bearer token (cached after the first verification), applies the query limits (graphql-armor's rules, built once, in one plugin), looks the referral up through the store (the in-process cache after the first read) and passes the request logger (answered requests log at debug, off at the default info level); its HTTP layer enforces the body-size limit (by the declared length, or counting a streamed body), so yoga's own is off; (b) is graphql-yoga with its defaults, the same schema and resolvers returning the same object from memory; (b') is (b) with yoga's body-size check off, as in (a): that check wraps every request body in a transform stream and a pipeline whose end builds an AbortError, and cost the gateway about a quarter of its CPU per request before it was turned off; (c) sends the same response bytes from node:http.

${table}

Found by profiling and fixed: a round trip to the embedded database per request (about 70% of the latency; referrals are now cached by id in the process that owns the embedded database, dropped on every change: 1,268 -> 4,337 requests/s), and a log line per answered request (about 14%; answered requests now log at debug, refusals at info, failures at error). Then, on the event loop's own CPU per request: a token verified before is answered synchronously from the cache (an async hook cost a promise and a turn of yoga's pipeline), the operation's SHA-256 is remembered per document, the audit hook returns a promise only when it has something to record, and /graphql is routed without building a URL. Then yoga's own request-body limit, which piped every body through a transform stream whose end builds an AbortError (about a quarter of the gateway's CPU per request; the HTTP layer already enforced \`limits.maxBodyBytes\`, by declared length or counting a streamed body), the merge of a second server context into yoga's on every request (yoga now gets the request's state in its one context), parsing the Bearer header for every request (the last header that verified is compared whole), armor's six plugins (one now, its rules built once), and a promise for the sender's own referral (answered at once).

Ratios: a/b = ${ab.toFixed(3)} (target >= 0.85: ${ab >= 0.85 ? 'met' : 'MISSED'}; ${spread(gateway, yoga)}); against yoga configured like the gateway, a/b' = ${abLean.toFixed(3)} (${abLean >= 0.85 ? 'also' : 'but'} ${abLean >= 0.85 ? 'above' : 'below'} 0.85); a/c = ${ac.toFixed(2)}; by the event loop's CPU per request, (b)/(a) = ${cpuRatio(yoga, gateway)} and (b')/(a) = ${cpuRatio(yogaLean, gateway)}. Load average at the end: ${loadavg()[0]!.toFixed(1)}.

Field-level consent enforcement: (d) is the shelter reading the coordinating body's referral with her consent and the agreements enforced (${Buffer.byteLength(enforced.response)} bytes of response: the fields released, the pseudonym and \`extensions.nrx.withheld\`); (e) is the same query on the same seeded gateway with \`policy.enforce: false\`. Both run without the audit trail, which (f) adds. Decisions are cached per recipient, purpose, role and consent version, the filtered view per record and decision set, her consents per subject (dropped when one is recorded or withdrawn); each nested field costs one WeakMap lookup. d/e = ${de.toFixed(3)} (target >= 0.85: ${de >= 0.85 ? 'met' : 'MISSED'}; ${spread(enforced, open1)}).

Audit trail${onServer}: (f) is (d) with the audit trail on: the decisions on the fields each answered request served become one hash-chained entry per subject, which names its list of field decisions by hash (each distinct list is stored once) (${onPostgres ? 'committed with the entries of the other requests under way in one conditional statement' : 'committed in the local journal, one write for the requests that finish in the same turn of the event loop; the audit table receives them afterwards by COPY, up to 1000 lines at a time'}) before the response is released. f/d = ${fd.toFixed(3)} (target: auditing costs 10% or less, f/d >= 0.90: ${fd >= 0.9 ? 'met' : 'MISSED'}; ${spread(audited, enforced)}; by the event loop's CPU per request, (d)/(f) = ${cpuRatio(enforced, audited)}). The event loop spends ${cpuDelta(audited, enforced, (c) => c.mainUs)} µs more per request in (f) than in (d): building, checking and hashing the entry, hashing the response, ${onPostgres ? 'and sending the conditional statement and reading its answer' : 'the journal write and a share of the COPYs that fill the table'}; ${onPostgres ? "the garbage collector and the process's other helper threads" : "the database's worker thread and the garbage collector"} another ${cpuDelta(audited, enforced, (c) => c.allUs - c.mainUs)} µs, on the core the load generator uses too${onPostgres ? " (the PostgreSQL server's own CPU is not counted)" : ''} (see bench/audit for appends on a PostgreSQL server).
`;

const file = join(root, 'BENCHMARKS.md');
const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
const pattern = new RegExp(`## ${heading}\\n[\\s\\S]*?(?=\\n## |$)`);
const next = pattern.test(current) ? current.replace(pattern, section) : `${current.trimEnd()}\n\n${section}`;
writeFileSync(file, next);
for (const server of servers) process.stdout.write(`${server.name}: ${server.rounds.map((r) => `${fmt(r.rps)} (${r.cpu ? r.cpu.mainUs.toFixed(0) : '?'} µs)`).join(', ')}\n`);
process.stdout.write(`${table}\n\na/b = ${ab.toFixed(3)} (${spread(gateway, yoga)}), a/b' = ${abLean.toFixed(3)}, a/c = ${ac.toFixed(2)}, d/e = ${de.toFixed(2)} (${spread(enforced, open1)}), f/d = ${fd.toFixed(3)} (${spread(audited, enforced)})\n`);
