/**
 * One gateway process appending to a shared audit trail: `count` entries, `concurrency` transactions
 * in flight at once, each a business write and its audit entry. Prints {"appended": n} when done.
 * Usage: node append-worker.ts <database-url> <schema> <count> <concurrency> <worker-name>
 */
import { auditLog } from '../../../gateway/audit/log.ts';
import { openPostgres } from '../../../gateway/store/postgres.ts';
import { sampleEntry } from './support.ts';

const [url, schema, countText, concurrencyText, workerArg] = process.argv.slice(2);
if (!url || !schema || !workerArg) throw new Error('usage: append-worker.ts <database-url> <schema> <count> <concurrency> <worker-name>');
const worker: string = workerArg;
const count = Number(countText);
const concurrency = Number(concurrencyText);
const db = await openPostgres(url, { schema, maxConnections: concurrency });
const log = auditLog({ gateway: 'RS/GOV/CPTV' });
let next = 0;
async function lane(): Promise<void> {
  while (next < count) {
    const n = next++;
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO audit_test_writes (worker, n) VALUES ($1, $2)', [worker, n]);
      await log.append(tx, { ...sampleEntry(n), details: { worker, n } });
    });
  }
}
await Promise.all(Array.from({ length: concurrency }, lane));
await db.close();
process.stdout.write(`${JSON.stringify({ appended: count })}\n`);
