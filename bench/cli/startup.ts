// Start-up of the `nrx` command: `node bench/cli/startup.ts [--runs N] [--baseline DIR]`.
// Each command is run as a user runs it (a new process, output discarded), interleaved with
// `node -e 0` in the same rounds so that the machine's noise falls on both alike. Reports the
// median, the spread (min-max) and the median's ratio to `node -e 0`; exits 1 when a command's
// median is 0.5 s or more. --baseline runs the same commands from another checkout too.
// With GNU time at /usr/bin/time, each run's CPU time (user + system) is recorded as well: on a
// loaded machine it moves far less than the wall-clock time.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '15' }, baseline: { type: 'string' } } });
const RUNS = Number(args.runs);
const TARGET_SECONDS = 0.5;
const repo = fileURLToPath(new URL('../../', import.meta.url));

const keys = mkdtempSync(join(tmpdir(), 'nrx-bench-cli-'));
execFileSync(process.execPath, [join(repo, 'bin/nrx.js'), 'keys', 'generate', '--kid', 'bench', '--out', `${keys}/`]);
const tokenArgs = ['token', '--key', join(keys, 'bench.private.jwk'), '--iss', 'RS/GOV/CPTV', '--sub', 'bench', '--aud', 'RS/GATEWAY', '--purpose', 'referral', '--role', 'case-worker'];

interface Case {
  name: string;
  argv: string[];
}
const cases: Case[] = [{ name: '`node -e 0`', argv: ['-e', '0'] }];
for (const [label, root] of [['', repo], ...(args.baseline ? [[' (baseline)', args.baseline]] : [])] as [string, string][]) {
  cases.push({ name: `\`nrx --help\`${label}`, argv: [join(root, 'bin/nrx.js'), '--help'] });
  cases.push({ name: `\`nrx token …\`${label}`, argv: [join(root, 'bin/nrx.js'), ...tokenArgs] });
}

const GNU_TIME = '/usr/bin/time';
const withCpu = existsSync(GNU_TIME);
const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
const cpu = new Map<string, number[]>(cases.map((c) => [c.name, []]));
// Warms the file cache and Node's compile cache, as any second run of a command finds them.
for (const c of cases) spawnSync(process.execPath, c.argv, { stdio: 'ignore' });
for (let round = 0; round < RUNS; round++) {
  for (const c of cases) {
    const [command, argv] = withCpu ? [GNU_TIME, ['-f', 'cpu %U %S', process.execPath, ...c.argv]] : [process.execPath, c.argv];
    const started = process.hrtime.bigint();
    const result = spawnSync(command, argv, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) throw new Error(`${c.name} failed: ${result.stderr}`);
    times.get(c.name)!.push(seconds);
    const used = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(result.stderr);
    if (used) cpu.get(c.name)!.push(Number(used[1]) + Number(used[2]));
  }
}
rmSync(keys, { recursive: true, force: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base = median(times.get('`node -e 0`')!);
const ms = (s: number) => `${Math.round(s * 1000)} ms`;
console.log(`Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim()}, load ${loadavg()[0]!.toFixed(2)}, ${RUNS} runs each, interleaved`);
console.log('');
const cpuBase = withCpu ? median(cpu.get('`node -e 0`')!) : 0;
console.log(`| command | median | min–max | median ÷ \`node -e 0\` |${withCpu ? ' CPU median (user+sys) | CPU min–max |' : ''}`);
console.log(`| --- | ---: | ---: | ---: |${withCpu ? ' ---: | ---: |' : ''}`);
let missed = false;
for (const c of cases) {
  const xs = times.get(c.name)!;
  const m = median(xs);
  if (c.name.startsWith('`nrx') && !c.name.includes('baseline') && m >= TARGET_SECONDS) missed = true;
  const ys = cpu.get(c.name)!;
  const cpuCells = withCpu ? ` ${ms(median(ys))} | ${ms(Math.min(...ys))}–${ms(Math.max(...ys))} |` : '';
  console.log(`| ${c.name} | ${ms(m)} | ${ms(Math.min(...xs))}–${ms(Math.max(...xs))} | ${(m / base).toFixed(1)} |${cpuCells}`);
}
console.log('');
if (withCpu) console.log(`CPU of \`node -e 0\`: median ${ms(cpuBase)}`);
console.log(`target: each nrx command's median under ${TARGET_SECONDS * 1000} ms: ${missed ? 'MISSED' : 'met'}`);
process.exitCode = missed ? 1 : 0;
