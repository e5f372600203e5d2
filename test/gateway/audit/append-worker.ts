/**
 * One gateway process appending to a shared audit trail on a PostgreSQL server: `count` records
 * (reads' entries, through the batch queue) and `count` writes (a business write and its entry in
 * one transaction), `concurrency` of each in flight at once. Prints {"recorded": n, "written": n}.
 * Usage: node append-worker.ts <database-url> <schema> <count> <concurrency> <worker-name>
 */
import { tableAppender } from '../../../gateway/audit/table-appender.ts';
import { openPostgres } from '../../../gateway/store/postgres.ts';
import { sampleEntry } from './support.ts';

const [url, schema, countText, concurrencyText, workerArg] = process.argv.slice(2);
if (!url || !schema || !workerArg) throw new Error('usage: append-worker.ts <database-url> <schema> <count> <concurrency> <worker-name>');
const worker: string = workerArg;
const count = Number(countText);
const concurrency = Number(concurrencyText);
const db = await openPostgres(url, { schema, maxConnections: concurrency + 1 });
const appender = tableAppender({ db, gateway: 'RS/GOV/CPTV' });
let nextRecord = 0;
let nextWrite = 0;
async function reads(): Promise<void> {
  while (nextRecord < count) {
    const n = nextRecord++;
    await appender.record([{ ...sampleEntry(n), details: { worker, n, kind: 'read' } }]);
  }
}
async function writes(): Promise<void> {
  while (nextWrite < count) {
    const n = nextWrite++;
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO audit_test_writes (worker, n) VALUES ($1, $2)', [worker, n]);
      await appender.append(tx, { ...sampleEntry(n), details: { worker, n, kind: 'write' } });
    });
  }
}
await Promise.all([...Array.from({ length: concurrency }, reads), ...Array.from({ length: concurrency }, writes)]);
await appender.close();
await db.close();
process.stdout.write(`${JSON.stringify({ recorded: count, written: count })}\n`);
