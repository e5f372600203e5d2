/**
 * Audit trail throughput: append (one entry per transaction, as the gateway writes them) and
 * `verify` over a long log. Usage:
 *   node bench/audit/run.ts [--entries 200000] [--appends 3000] [--database-url postgres://...]
 * Without --database-url it runs on the embedded database (in memory).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { checkpointSigner, tableAppender, verifyAuditLog } from '../../gateway/audit/index.ts';
import type { AuditAppender } from '../../gateway/audit/appender.ts';
import { openJournalAppender } from '../../gateway/audit/journal-appender.ts';
import { canonicalJson } from '../../gateway/audit/canonical.ts';
import { fieldSetsOf, storeFieldSets, storedEntry } from '../../gateway/audit/field-sets.ts';
import { chainHash } from '../../gateway/audit/hash.ts';
import type { AuditEntryInput } from '../../gateway/audit/entry.ts';
import { generateSigningKey } from '../../gateway/auth/keys.ts';
import type { Db } from '../../gateway/store/db.ts';
import { migrate } from '../../gateway/store/migrate.ts';
import { openPglite } from '../../gateway/store/pglite.ts';
import { openPostgres } from '../../gateway/store/postgres.ts';

const { values } = parseArgs({
  options: { entries: { type: 'string', default: '200000' }, appends: { type: 'string', default: '3000' }, 'database-url': { type: 'string' } },
});
const entries = Number(values.entries);
const appends = Number(values.appends);
const url = values['database-url'];
const schema = `nrx_bench_audit_${Math.random().toString(36).slice(2, 8)}`;

const entry = (n: number): AuditEntryInput => ({
  type: 'disclosure-decision',
  requester: 'RS/NGO/ASTRA',
  user: `cw-${n % 17}`,
  purpose: 'assistance',
  subject: `subj-${String(n % 5000).padStart(6, '0')}`,
  fields: [
    { path: 'person.dateOfBirth', decision: 'transformed', basis: 'consent:c-42' },
    { path: 'person.name', decision: 'withheld', basis: 'policy:cross-border' },
    { path: 'referral.needs', decision: 'released', basis: 'dsa:rs-2025-07' },
  ],
  operationHash: 'a'.repeat(64),
  payloadHash: 'b'.repeat(64),
  details: { referral: `ref-${n}` },
});

const db: Db = url ? await openPostgres(url, { schema, maxConnections: 8 }) : await openPglite();
const where = url ? `PostgreSQL server (${(await db.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v})` : 'embedded PGlite (in memory)';
await migrate(db);
const keys = await generateSigningKey();
const settings = { gateway: 'RS/GOV/CPTV', signer: await checkpointSigner(keys.privateJwk), checkpointEvery: 1000 };
const log = tableAppender({ db, ...settings });

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en');
const results: string[] = [`audit bench on ${where}, node ${process.version}`];

// Append, one entry per transaction, sequential then 8 transactions in flight.
let t0 = performance.now();
for (let i = 0; i < appends; i++) await db.transaction((tx) => log.append(tx, entry(i)));
results.push(`append, 1 writer:    ${appends} entries in ${Math.round(performance.now() - t0)} ms = ${rate(appends, performance.now() - t0)} entries/s`);
t0 = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: 8 }, async () => {
    while (next < appends) {
      const n = next++;
      await db.transaction((tx) => log.append(tx, entry(n)));
    }
  }),
);
results.push(`append, 8 in flight: ${appends} entries in ${Math.round(performance.now() - t0)} ms = ${rate(appends, performance.now() - t0)} entries/s`);

/**
 * Reads' entries through an appender's batch queue: `concurrency` requests at a time, each
 * recording one entry and waiting for it, as the gateway's requests do; then until the table holds them.
 */
async function records(appender: AuditAppender, n: number, concurrency: number, what: string): Promise<void> {
  let next = 0;
  const t = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) await appender.record([entry(next++)]);
  }));
  const committedMs = performance.now() - t;
  await appender.settled();
  const inTableMs = performance.now() - t;
  results.push(`${what}: ${n} entries, ${concurrency} requests at a time, committed in ${Math.round(committedMs)} ms = ${rate(n, committedMs)} entries/s; all in the table at ${rate(n, inTableMs)} entries/s`);
}
await records(log, appends * 5, 16, 'records, group commit into the table');
// The embedded database's journal: reads' entries committed by a write to the journal, the table
// filled behind them in large COPYs.
if (!url) {
  const dir = mkdtempSync(join(tmpdir(), 'nrx-bench-journal-'));
  const journal = await openJournalAppender({ db, ...settings, dir });
  await records(journal, appends * 5, 1, 'records, journal');
  await records(journal, appends * 5, 16, 'records, journal');
  await journal.close();
  rmSync(dir, { recursive: true, force: true });
}

// Fill the rest of the log in bulk (same rows as append writes, built here to save time): the
// entries name their stored field decision list, as the log writes them.
await storeFieldSets(db, fieldSetsOf([entry(0)]));
const head = await db.query<{ seq: unknown; hash: Uint8Array }>('SELECT seq, hash FROM audit_head');
let seq = Number(head.rows[0]!.seq);
let running: Buffer = Buffer.from(head.rows[0]!.hash);
const fillStart = performance.now();
while (seq < entries) {
  const seqs: number[] = [], prevs: Buffer[] = [], hashes: Buffer[] = [], bodies: string[] = [];
  const types: string[] = [], requesters: (string | null)[] = [], subjects: (string | null)[] = [], purposes: (string | null)[] = [], ats: string[] = [], fieldSets: (Buffer | null)[] = [];
  for (let i = 0; i < 5000 && seq < entries; i++) {
    seq++;
    const full = storedEntry(entry(seq), seq, new Date().toISOString());
    const body = canonicalJson(full);
    const hash = chainHash(running, body);
    seqs.push(seq), prevs.push(running), hashes.push(hash), bodies.push(body);
    types.push(full.type), requesters.push(full.requester ?? null), subjects.push(full.subject ?? null), purposes.push(full.purpose ?? null), ats.push(full.at), fieldSets.push(full.fieldSet ? Buffer.from(full.fieldSet, 'hex') : null);
    running = hash;
  }
  await db.query(
    'INSERT INTO audit_log (seq, prev_hash, hash, body, body_seq, type, requester, subject, purpose, at, field_set) SELECT * FROM unnest($1::bigint[], $2::bytea[], $3::bytea[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::bytea[])',
    [seqs, prevs, hashes, bodies, seqs, types, requesters, subjects, purposes, ats, fieldSets],
  );
}
await db.query('UPDATE audit_head SET seq = $1, hash = $2', [seq, running]);
await log.checkpoint();
const fillMs = performance.now() - fillStart;

// Three runs: the first includes the JIT's warm-up, and the machine may be shared.
for (const batchSize of [10_000]) {
  for (let round = 0; round < 3; round++) {
    t0 = performance.now();
    const report = await verifyAuditLog(db, { keys: [keys.publicJwk], batchSize });
    const ms = performance.now() - t0;
    if (!report.ok) throw new Error(`verify failed: ${JSON.stringify(report.problem)}`);
    results.push(`verify (run ${round + 1}): ${report.entries} entries, ${report.checkpoints} checkpoints in ${Math.round(ms)} ms = ${rate(report.entries, ms)} entries/s (batch ${batchSize}; fill took ${Math.round(fillMs)} ms)`);
  }
}
const { rss, heapUsed } = process.memoryUsage();
results.push(`memory after verify: rss ${Math.round(rss / 2 ** 20)} MiB, heap ${Math.round(heapUsed / 2 ** 20)} MiB`);

await db.close();
if (url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}
process.stdout.write(`${results.join('\n')}\n`);
