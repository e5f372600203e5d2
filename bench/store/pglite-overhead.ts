/**
 * What moving PGlite into a worker costs and saves per statement: round-trip latency and CPU
 * spent on the calling thread, for `SELECT 1` and for the audit trail's kind of statement (one
 * batched INSERT of 5 rows of ~1.7 KB), one at a time and with 8 in flight. Not a test; run
 * `node bench/store/pglite-overhead.ts`. "in-thread" is PGlite opened in this thread, as
 * the store did before the worker. Rounds alternate the two, as other work on the machine drifts.
 */
import { createHash } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import type { Queryable } from '../../gateway/store/db.ts';
import { openPglite } from '../../gateway/store/pglite.ts';

const ROUNDS = 5;
const SELECTS = 1500;
const INSERTS = 400;
const IN_FLIGHT = 8;
const BATCH = 5;
const BODY = 'x'.repeat(1700);

interface Figures {
  latencyUs: number;
  threadCpuUs: number;
}

/** `latencyUs` is wall time per statement: a round trip when one at a time, 1/throughput when several. */
async function measure(iterations: number, statement: (i: number) => Promise<unknown>, inFlight = 1): Promise<Figures> {
  for (let i = 0; i < 100; i++) await statement(-1 - i); // warm up (negative: no clash with the measured inserts)
  const cpu = process.threadCpuUsage();
  const started = performance.now();
  let next = 0;
  const caller = async () => {
    while (next < iterations) await statement(next++);
  };
  await Promise.all(Array.from({ length: inFlight }, caller));
  const elapsed = performance.now() - started;
  const used = process.threadCpuUsage(cpu);
  return { latencyUs: (elapsed * 1000) / iterations, threadCpuUs: (used.user + used.system) / iterations };
}

let round = 0;
async function run(db: Queryable) {
  round++;
  await db.query('CREATE TABLE IF NOT EXISTS log (seq bigint PRIMARY KEY, hash bytea NOT NULL, body text NOT NULL)');
  await db.query('TRUNCATE log');
  const hash = createHash('sha256').update('x').digest();
  const select = await measure(SELECTS, () => db.query('SELECT 1'));
  const batch = (i: number) => {
    const seqs = Array.from({ length: BATCH }, (_, k) => (i * BATCH + k) * 10 + round);
    return db.query('INSERT INTO log SELECT * FROM unnest($1::bigint[], $2::bytea[], $3::text[])', [seqs, seqs.map(() => hash), seqs.map(() => BODY)]);
  };
  const insert = await measure(INSERTS, batch);
  await db.query('TRUNCATE log');
  const concurrent = await measure(INSERTS, batch, IN_FLIGHT);
  return { select, insert, concurrent };
}

async function inThread(): Promise<Queryable & { close(): Promise<void> }> {
  const pg = await PGlite.create();
  return {
    query: async (sql, params) => ({ rows: (await pg.query<never>(sql, params as unknown[])).rows }),
    exec: async (sql) => void (await pg.exec(sql)),
    close: () => pg.close(),
  };
}

const modes = { 'in-thread': inThread, worker: () => openPglite() } as const;
const results: Record<string, Array<Awaited<ReturnType<typeof run>>>> = { 'in-thread': [], worker: [] };
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, open] of Object.entries(modes)) {
    const db = await open();
    results[name]!.push(await run(db));
    await db.close();
  }
}

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
console.log(`median of ${ROUNDS} rounds, µs per statement: wall (one at a time: the round trip) / CPU of the calling thread`);
console.log(`mode        SELECT 1      INSERT 5×1.7KB   INSERT, ${IN_FLIGHT} in flight`);
for (const [name, runs] of Object.entries(results)) {
  const f = (pick: (x: (typeof runs)[number]) => Figures) =>
    `${median(runs.map((x) => pick(x).latencyUs)).toFixed(0).padStart(5)} /${median(runs.map((x) => pick(x).threadCpuUs)).toFixed(0).padStart(4)}`;
  console.log(`${name.padEnd(10)} ${f((x) => x.select)}    ${f((x) => x.insert)}      ${f((x) => x.concurrent)}`);
}
