// Validation under hostile input: `node bench/validate/hostile.ts [--baseline DIR] [--rounds N]`.
// (1) time for documents with 10, 1,000 and 100,000 errors, of two shapes, and the time per error;
// (2) valid-document throughput of this code against the code in DIR (the code before the
// hostile-input work), measured in the same run, interleaved round by round.
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { createValidator, type Validator } from '../../lib/validator/index.ts';
import { loadSpec } from '../../lib/spec/load.ts';
import { createAjv } from '../../lib/spec/ajv.ts';
import { fullReferral, unknownProperties, wrongTypes } from '../../test/fixtures/hostile-documents.ts';

const { values: args } = parseArgs({
  options: {
    baseline: { type: 'string', default: process.env.NRX_BASELINE_DIR },
    rounds: { type: 'string', default: '7' },
  },
});
const ROUNDS = Number(args.rounds);
const spec = loadSpec();
// Large enough for the 100,000-error documents (about 20 MiB); the limit itself is not what is measured.
const ours = createValidator({ spec, maxBytes: 64 * 1024 * 1024 });

// ---- (1) time per error ----
const shapes = [
  { name: 'unknown properties at the top level (one error each)', make: (errors: number) => unknownProperties(errors) },
  { name: 'list items with two wrong types each (errors gathered across a referenced schema)', make: (errors: number) => wrongTypes(errors / 2) },
];
const sizes = [10, 1_000, 100_000];

function times(fn: () => unknown, rounds: number): number[] {
  fn();
  const out: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    fn();
    out.push(performance.now() - start);
  }
  return out.sort((a, b) => a - b);
}
const median = (sorted: number[]) => sorted[Math.floor(sorted.length / 2)]!;

const errorRows: string[] = [];
// JSON.parse and ajv alone on the same text: what the engine itself costs as the document grows.
const bare = createAjv(spec, { ajv: { verbose: true } }).getSchema(spec.documentKinds.get('referral')!)!;
// The same document without errors: its parse and validation are the fixed cost under every row.
const validText = JSON.stringify(fullReferral());
const fixed = times(() => ours.validateText(validText), ROUNDS * 3)[0]!;
for (const shape of shapes) {
  for (const errors of sizes) {
    const text = shape.make(errors);
    const result = ours.validateText(text);
    const found = result.issues.length + (result.omittedIssues ?? 0);
    const t = times(() => ours.validateText(text), errors >= 100_000 ? 5 : ROUNDS * 3);
    const m = median(t);
    const engine = times(() => bare(JSON.parse(text)), errors >= 100_000 ? 5 : ROUNDS * 3)[0]!;
    const perError = (ms: number) => `${(((ms - fixed) * 1000) / errors).toFixed(2)} µs`;
    errorRows.push(`| ${shape.name} | ${errors.toLocaleString('en-US')} | ${found.toLocaleString('en-US')} | ${(text.length / 1024).toFixed(0)} KiB | ${t[0]!.toFixed(2)} ms | ${m.toFixed(2)} ms (up to ${t.at(-1)!.toFixed(2)}) | ${perError(t[0]!)} | ${perError(m)} | ${engine.toFixed(2)} ms | ${(t[0]! / engine).toFixed(1)} |`);
  }
}

// ---- (2) valid documents against the baseline ----
if (!args.baseline) throw new Error('pass --baseline DIR (a checkout of the code to compare with) or set NRX_BASELINE_DIR');
const baselineEntry = join(resolve(args.baseline), 'lib/validator/index.ts');
if (!existsSync(baselineEntry)) throw new Error(`no baseline validator at ${baselineEntry}; pass --baseline DIR`);
const baselineModule = (await import(pathToFileURL(baselineEntry).href)) as { createValidator: (o: object) => Validator };
const baselineSpec = (await import(pathToFileURL(join(resolve(args.baseline), 'lib/spec/load.ts')).href)) as { loadSpec: () => unknown };
const before = baselineModule.createValidator({ spec: baselineSpec.loadSpec() });
const now = createValidator({ spec });
const doc = fullReferral();
const text = JSON.stringify(doc);
if (!now.validateText(text).valid || !before.validateText(text).valid) throw new Error('the full referral is not valid');

/**
 * Documents per second of this process's CPU time (user + system) while running `fn` for about
 * `ms`: on a machine shared with other work, time spent waiting for a core is not counted.
 */
function rate(fn: () => unknown, ms: number): number {
  const end = performance.now() + ms;
  let n = 0;
  const cpu = process.cpuUsage();
  while (performance.now() < end) {
    for (let i = 0; i < 50; i++) fn();
    n += 50;
  }
  const used = process.cpuUsage(cpu);
  return n / ((used.user + used.system) / 1e6);
}
const ratios = { text: [] as number[], value: [] as number[] };
const best = { oursText: 0, beforeText: 0, oursValue: 0, beforeValue: 0 };
rate(() => now.validateText(text), 500);
rate(() => before.validateText(text), 500);
for (let round = 0; round < ROUNDS; round++) {
  // Alternate which goes first, so that a drift in the machine's load falls on both alike.
  const pair = (a: () => number, b: () => number) => (round % 2 === 0 ? [a(), b()] : [b(), a()].reverse()) as [number, number];
  const [ot, bt] = pair(() => rate(() => now.validateText(text), 400), () => rate(() => before.validateText(text), 400));
  const [ov, bv] = pair(() => rate(() => now.validateValue(doc), 400), () => rate(() => before.validateValue(doc), 400));
  ratios.text.push(ot / bt);
  ratios.value.push(ov / bv);
  best.oursText = Math.max(best.oursText, ot);
  best.beforeText = Math.max(best.beforeText, bt);
  best.oursValue = Math.max(best.oursValue, ov);
  best.beforeValue = Math.max(best.beforeValue, bv);
}
const spread = (r: number[]) => {
  const s = [...r].sort((a, b) => a - b);
  return `${median(s).toFixed(3)} (${s[0]!.toFixed(3)}–${s.at(-1)!.toFixed(3)})`;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

console.log([
  '### Validation under hostile input',
  '',
  `Command: \`node bench/validate/hostile.ts --baseline ${args.baseline}\` (Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at the end; ${new Date().toISOString().slice(0, 10)}).`,
  '',
  `Time to validate one document as text (\`validateText\`, parse included) by the number of errors in it: fastest and median of the runs, and per error after the ${fixed.toFixed(2)} ms the same referral takes without errors.`,
  '',
  '| shape | errors | issues found (listed + counted) | size | fastest | median | per error (fastest) | per error (median) | JSON.parse + bare ajv, fastest | ours / that |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...errorRows,
  '',
  `Valid documents (\`spec/examples/full-referral.json\`, ${fmt(text.length)} bytes): this code against the code before the change in ${args.baseline}, ${ROUNDS} interleaved rounds of 0.4 s each, documents per second of CPU time; ratio per round, median (lowest–highest), and the best rate of each.`,
  '',
  '| path | ratio this / before | this, best | before, best |',
  '|---|---:|---:|---:|',
  `| \`validateText\` | ${spread(ratios.text)} | ${fmt(best.oursText)}/s | ${fmt(best.beforeText)}/s |`,
  `| \`validateValue\` | ${spread(ratios.value)} | ${fmt(best.oursValue)}/s | ${fmt(best.beforeValue)}/s |`,
  '',
].join('\n'));
