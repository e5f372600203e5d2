// Validator benchmark: `node bench/validate/run.ts [--records N] [--seconds S] [--no-write]`.
// (1) a full referral validated in a loop on one core, against a bare compiled ajv validator;
// (2) an NDJSON file of referrals validated through the streaming path, with memory sampled.
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createAjv } from '../../lib/spec/ajv.ts';
import { loadSpec } from '../../lib/spec/load.ts';
import { repoRoot } from '../../lib/spec/paths.ts';
import { createValidator, validateNdjson } from '../../lib/validator/index.ts';
import { countFields, sampleDocument } from './sample.ts';

const { values: args } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '3' },
    'no-write': { type: 'boolean', default: false },
  },
});
const RECORDS = Number(args.records);
const SECONDS = Number(args.seconds);
const TARGET_SINGLE = 20_000;
const TARGET_STREAM = 10_000;

const spec = loadSpec();
const referralId = spec.documentKinds.get('referral');
if (!referralId) throw new Error("the spec has no 'referral' kind");
const ours = createValidator({ spec });
const bare = createAjv(spec).getSchema(referralId)!;

// ---- (1) one full referral in a loop ----
// Two payloads: every section filled once with every property (the issue's "full referral, 200+
// fields"), and spec/examples/full-referral.json, which fills every section with several items.
const examplePath = join(repoRoot, 'spec/examples/full-referral.json');
const payloads = [
  { name: 'every section and property filled once (`bench/validate/sample.ts`)', doc: sampleDocument(spec, 'referral', bare, { itemsPerArray: 1 }) },
  ...(existsSync(examplePath) ? [{ name: '`spec/examples/full-referral.json`, several items per section', doc: JSON.parse(readFileSync(examplePath, 'utf8')) }] : []),
];

/**
 * Operations per second of `fn` after a warm-up: the best of five rounds over about `SECONDS`
 * seconds in all, so that a neighbour's burst on a shared machine does not set the figure.
 */
function rate(fn: () => unknown): number {
  const until = (ms: number) => {
    const end = performance.now() + ms;
    let n = 0;
    while (performance.now() < end) {
      for (let i = 0; i < 100; i++) fn();
      n += 100;
    }
    return n;
  };
  until(500);
  let best = 0;
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    const n = until((SECONDS * 1000) / 5);
    best = Math.max(best, n / ((performance.now() - start) / 1000));
  }
  return best;
}

const singles = payloads.map(({ name, doc }) => {
  const text = JSON.stringify(doc);
  if (!ours.validateText(text).valid) throw new Error(`the ${name} payload is invalid: ${JSON.stringify(ours.validateText(text).issues.slice(0, 3))}`);
  return {
    name,
    fields: countFields(doc),
    bytes: text.length,
    oursText: rate(() => ours.validateText(text)),
    oursValue: rate(() => ours.validateValue(doc)),
    bareValue: rate(() => bare(doc)),
    bareText: rate(() => bare(JSON.parse(text))),
  };
});
const single = singles[0]!;

// ---- (2) NDJSON through the streaming path ----
const midSize = (() => {
  const doc = sampleDocument(spec, 'referral', bare, { itemsPerArray: 1 });
  // A mid-size referral carries about half the sections a full one does.
  const names = Object.keys(doc.sections);
  doc.sections = Object.fromEntries(names.slice(0, Math.ceil(names.length / 2)).map((n) => [n, doc.sections[n]]));
  return doc;
})();
const PLACEHOLDER = '00000000-0000-4000-8000-000000000000';
midSize.id = PLACEHOLDER;
const [head, tail] = JSON.stringify(midSize).split(PLACEHOLDER) as [string, string];

const dir = mkdtempSync(join(tmpdir(), 'nrx-bench-validate-'));
const file = join(dir, 'referrals.ndjson');
let stream: Awaited<ReturnType<typeof runStream>>;
try {
  const writer = createWriteStream(file, { highWaterMark: 4 * 1024 * 1024 });
  for (let i = 0; i < RECORDS; i++) {
    if (!writer.write(`${head}${crypto.randomUUID()}${tail}\n`)) await once(writer, 'drain');
  }
  writer.end();
  await once(writer, 'finish');
  stream = await runStream(file);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

async function runStream(path: string) {
  const bytes = statSync(path).size;
  globalThis.gc?.();
  const memory = () => {
    const m = process.memoryUsage();
    return { rss: m.rss, heap: m.heapUsed };
  };
  const startMemory = memory();
  const peak = { ...startMemory };
  const sampler = setInterval(() => {
    const m = memory();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heap = Math.max(peak.heap, m.heap);
  }, 100);
  const start = performance.now();
  const summary = await validateNdjson(createReadStream(path, { highWaterMark: 1024 * 1024 }), ours, {});
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  const endMemory = memory();
  peak.rss = Math.max(peak.rss, endMemory.rss);
  peak.heap = Math.max(peak.heap, endMemory.heap);
  if (summary.invalid !== 0 || summary.records !== RECORDS) throw new Error(`stream check failed: ${JSON.stringify(summary)}`);
  return { bytes, seconds, perSecond: summary.records / seconds, startMemory, peak, endMemory, lineBytes: head.length + tail.length + PLACEHOLDER.length };
}

// ---- report ----
const mib = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MiB`;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const verdict = (value: number, target: number) => (value >= target ? 'met' : 'MISSED');
const lines = [
  '## Validator',
  '',
  `Command: \`node bench/validate/run.ts\`${RECORDS === 1_000_000 ? '' : ` --records ${RECORDS}`} (Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, one thread; ${new Date().toISOString().slice(0, 10)}).`,
  '',
  'Bare ajv: the same spec compiled by ajv alone (`createAjv(spec).getSchema(id)`, strict, all errors, codelists as `enum`, ajv-formats), without our error reporting and with ajv-formats\' own `date` check. `validateText` includes JSON.parse. Each figure is the best of five rounds.',
  '',
  '| payload | fields | bytes | `validateText`/s | vs JSON.parse + bare ajv | `validateValue`/s | vs bare ajv |',
  '|---|---:|---:|---:|---:|---:|---:|',
  ...singles.map((r) => `| ${r.name} | ${r.fields} | ${fmt(r.bytes)} | ${fmt(r.oursText)} | ${(r.oursText / r.bareText).toFixed(2)} (${fmt(r.bareText)}/s) | ${fmt(r.oursValue)} | ${(r.oursValue / r.bareValue).toFixed(2)} (${fmt(r.bareValue)}/s) |`),
  '',
  `Target >= ${fmt(TARGET_SINGLE)}/s for a full referral with every section filled (${single.fields} fields), parsed and validated: ${verdict(single.oursText, TARGET_SINGLE)}; validated once parsed (as the gateway does after reading a request): ${verdict(single.oursValue, TARGET_SINGLE)}. Of the ${(1e6 / single.oursText).toFixed(0)} µs a document takes, JSON.parse is about ${(1e6 / single.oursText - 1e6 / single.oursValue).toFixed(0)} µs and ajv's compiled validator the rest; the valid path adds nothing else (positions are mapped only for failures), and ajv-formats' \`date\` check, a quarter of validation time in the profile, is replaced by an exact allocation-free equivalent. Load average during the run: ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores.`,
  '',
  `NDJSON: ${fmt(RECORDS)} mid-size referrals (${countFields(midSize)} fields, about ${fmt(stream.lineBytes)} bytes a line, ${mib(stream.bytes)} in all), generated into a temporary directory and validated through \`validateNdjson\` from a file stream:`,
  '',
  '| records/s | seconds | RSS start / peak / end | heap start / peak / end |',
  '|---:|---:|---|---|',
  `| ${fmt(stream.perSecond)} | ${stream.seconds.toFixed(1)} | ${mib(stream.startMemory.rss)} / ${mib(stream.peak.rss)} / ${mib(stream.endMemory.rss)} | ${mib(stream.startMemory.heap)} / ${mib(stream.peak.heap)} / ${mib(stream.endMemory.heap)} |`,
  '',
  `Target >= ${fmt(TARGET_STREAM)} records/s with flat memory: ${verdict(stream.perSecond, TARGET_STREAM)}.`,
  '',
];
const section = lines.join('\n');
console.log(section);

if (!args['no-write']) {
  const path = join(repoRoot, 'BENCHMARKS.md');
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n\n';
  // Only this section is rewritten: other sections belong to other benchmarks.
  const pattern = /^## Validator\n[\s\S]*?(?=^## |(?![\s\S]))/m;
  const next = pattern.test(current) ? current.replace(pattern, `${section}\n`) : `${current.trimEnd()}\n\n${section}`;
  writeFileSync(path, next.endsWith('\n') ? next : `${next}\n`);
  console.log(`written to ${path}`);
}
