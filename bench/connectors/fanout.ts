/**
 * Case-view fan-out benchmark: 10 connectors that each take 50 ms to answer.
 *  - latency: p50/p99 of one subject's case view over 200 runs (target: p50 <= 70 ms);
 *  - batching: 100 subjects loaded in one tick cost exactly one call per connector.
 * Run: node bench/connectors/fanout.ts  (exits 1 when a target is missed)
 */
import { createCaseGatherer } from '../../connectors/fanout.ts';
import { createConnector } from '../../connectors/index.ts';
import type { Connector } from '../../connectors/contract.ts';

const CONNECTORS = 10;
const LATENCY_MS = 50;
const RUNS = 200;
const SUBJECTS = 100;

const subjects = Array.from({ length: SUBJECTS }, (_v, i) => `sub-bench-${String(i).padStart(4, '0')}`);
const calls = new Map<string, number>();

const connectors: Connector[] = [];
for (let i = 0; i < CONNECTORS; i++) {
  const connector = await createConnector({
    name: `agency-${i}`,
    type: 'memory',
    capabilities: ['getCase'],
    source: { latencyMs: LATENCY_MS, cases: subjects.map((subject) => ({ subject, localCaseNumber: `C-${i}-${subject}`, sections: { person: { subject, sex: 'female' } } })) },
  });
  const counted = Object.create(connector) as Connector;
  counted.getCases = (refs: string[]) => (calls.set(connector.name, (calls.get(connector.name) ?? 0) + 1), connector.getCases(refs));
  connectors.push(counted);
}
const gatherer = createCaseGatherer(connectors, { timeoutMs: 1000 });

// Warm up (JIT, ajv compilation) before measuring.
for (let i = 0; i < 5; i++) await gatherer.gather([subjects[0]!]);

const timings: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const started = performance.now();
  const view = await gatherer.gather([subjects[run % SUBJECTS]!]);
  timings.push(performance.now() - started);
  if (view.errors.length || view.records.get(subjects[run % SUBJECTS]!)!.length !== CONNECTORS) throw new Error('incomplete case view');
}
timings.sort((a, b) => a - b);
const pct = (p: number) => timings[Math.min(timings.length - 1, Math.ceil((p / 100) * timings.length) - 1)]!;
const p50 = pct(50);
const p99 = pct(99);

calls.clear();
const views = await Promise.all(subjects.map((s) => gatherer.load(s)));
const complete = views.every((v) => v.records.length === CONNECTORS && v.errors.length === 0);
const perConnector = [...calls.values()];
const oneCallEach = perConnector.length === CONNECTORS && perConnector.every((n) => n === 1);
gatherer.close();

const lines = [
  `case view over ${CONNECTORS} connectors answering in ${LATENCY_MS} ms, ${RUNS} runs: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (target p50 <= 70 ms): ${p50 <= 70 ? 'met' : 'MISSED'}`,
  `${SUBJECTS} subjects loaded in one tick: ${perConnector.reduce((a, b) => a + b, 0)} calls over ${CONNECTORS} connectors (${oneCallEach ? 'exactly one each' : 'NOT one each'}), every view complete: ${complete}`,
];
process.stdout.write(lines.join('\n') + '\n');
process.exitCode = p50 <= 70 && oneCallEach && complete ? 0 : 1;
