/**
 * The driver that group-commits into the audit table itself: a batch of records is one
 * transaction that locks the head, inserts the batch in one statement and moves the head. The lock
 * is what lets several gateway processes share one PostgreSQL server: each appends after whatever
 * the head says when its turn comes.
 */
import { NrxError } from '../../lib/errors.ts';
import type { AppenderOptions, AuditAppender } from './appender.ts';
import { batchQueue } from './batch-queue.ts';
import type { AppendedEntry } from './chain.ts';
import { assertAuditInput, type AuditEntryInput } from './entry.ts';
import { auditTable } from './table.ts';
import type { Queryable } from '../store/db.ts';

export function tableAppender(options: AppenderOptions): AuditAppender {
  const { db } = options;
  const table = auditTable(options);
  let closed = false;

  async function appendMany(tx: Queryable, inputs: readonly AuditEntryInput[]): Promise<AppendedEntry[]> {
    if (!inputs.length) return [];
    // Checked before taking the lock, so a refused entry never holds up other appenders.
    for (const input of inputs) assertAuditInput(input);
    return table.appendAfter(tx, await table.lockHead(tx), inputs);
  }

  const queue = batchQueue(async (inputs) => {
    // New lists are committed first, in a statement of their own, and remembered: a batch then
    // stores nothing but its entries.
    await table.fieldSets.store(db, table.fieldSets.missing(inputs));
    return db.transaction(async (tx) => table.appendAfter(tx, await table.lockHead(tx), inputs));
  }, options.batch);

  return {
    append: async (tx, input) => (await appendMany(tx, [input]))[0]!,
    appendMany,
    record: (inputs) => (closed ? Promise.reject(new NrxError('AUDIT_CLOSED', 'the audit trail is closed')) : queue.add(inputs)),
    checkpoint: () => db.transaction(async (tx) => table.checkpointHead(tx, await table.lockHead(tx))),
    reads: db,
    // What was acknowledged is in the table already.
    settled: () => Promise.resolve(),
    recovered: 0,
    async close() {
      closed = true;
      await queue.drain();
    },
  };
}
