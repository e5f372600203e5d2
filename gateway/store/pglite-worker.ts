/**
 * Embedded PostgreSQL in its own thread: every statement runs WASM for tens to hundreds of
 * microseconds (a report query for much longer), which must not stop the gateway's event loop.
 * Started by pglite-link.ts; speaks pglite-protocol.ts over the worker's port.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { PgliteWasm } from './pglite-wasm.ts';
import { NO_TRANSACTION, Op, READY_ID, toFault, type Reply, type Request } from './pglite-protocol.ts';
import { preparedQueries, type PreparedQueries } from './pglite-prepared.ts';
import { NrxError } from '../../lib/errors.ts';

export interface PgliteWorkerData extends PgliteWasm {
  /** Where the database lives; in memory when absent. */
  dataDir?: string;
}

const port = parentPort;
if (!port) throw new NrxError('INTERNAL', 'pglite-worker.ts runs as a worker thread, started by pglite-link.ts');

const succeed = (id: number, rows?: unknown[]) => port.postMessage((rows ? [id, rows] : [id]) satisfies Reply);
const fail = (id: number, error: unknown) => port.postMessage([id, undefined, toFault(error)] satisfies Reply);

async function open({ dataDir, ...wasm }: PgliteWorkerData): Promise<PGlite | undefined> {
  try {
    return await PGlite.create({ ...(dataDir ? { dataDir } : {}), ...wasm });
  } catch (error) {
    // Reported as the answer to the open, not as a crash: the caller sees PGlite's own reason.
    fail(READY_ID, error);
    return undefined;
  }
}

interface OpenTransaction {
  tx: Transaction;
  end(rollback: boolean, replyTo: number): void;
}

/** Transactions whose `work` is running in the calling thread, by the id that thread gave them. */
const transactions = new Map<number, OpenTransaction>();

/**
 * PGlite's own transaction: it holds PGlite's transaction lock, so statements outside it queue
 * behind it exactly as they do in a single thread, until the caller says commit or rollback.
 */
function begin(pg: PGlite, id: number, txId: number): void {
  let replyTo = id;
  pg.transaction(async (tx) => {
    const ending = Promise.withResolvers<boolean>();
    transactions.set(txId, {
      tx,
      end(rollback, endId) {
        replyTo = endId;
        ending.resolve(rollback);
      },
    });
    succeed(id);
    if (await ending.promise) await tx.rollback();
  })
    .finally(() => transactions.delete(txId))
    .then(
      () => succeed(replyTo),
      (error) => fail(replyTo, error),
    );
}

/** The open transaction a statement belongs to; undefined for one that runs on its own. */
function transactionOf(txId: number): Transaction | undefined {
  if (txId === NO_TRANSACTION) return undefined;
  const open = transactions.get(txId);
  if (!open) throw new NrxError('TRANSACTION_CLOSED', 'Transaction is closed');
  return open.tx;
}

function reply(id: number, work: Promise<unknown[] | undefined>): void {
  work.then(
    (rows) => {
      try {
        succeed(id, rows);
      } catch (error) {
        // A value structured clone cannot carry: fail this call, not the thread.
        fail(id, error);
      }
    },
    (error) => fail(id, error),
  );
}

function serve(pg: PGlite, prepared: PreparedQueries, [op, id, txId, sql, params]: Request): void {
  try {
    switch (op) {
      case Op.query:
        return reply(id, prepared.query(sql!, params, transactionOf(txId)).then((result) => result.rows));
      case Op.exec: {
        const tx = transactionOf(txId);
        // A script may change tables under the prepared statements' plans.
        return reply(id, (tx ?? pg).exec(sql!).then(() => prepared.forget(tx)).then(() => undefined));
      }
      case Op.copy: {
        // COPY ... FROM '/dev/blob' reads PGlite's blob: the rows as one text, parsed by COPY's own reader.
        const blob = new Blob([String(params?.[0] ?? '')]);
        return reply(id, (transactionOf(txId) ?? pg).query(sql!, [], { blob }).then(() => undefined));
      }
      case Op.begin:
        return begin(pg, id, txId);
      case Op.commit:
      case Op.rollback: {
        const open = transactions.get(txId);
        if (!open) return fail(id, new NrxError('TRANSACTION_CLOSED', 'Transaction is closed'));
        return open.end(op === Op.rollback, id);
      }
      case Op.close:
        return reply(id, pg.close().then(() => undefined));
    }
  } catch (error) {
    fail(id, error);
  }
}

const pg = await open(workerData as PgliteWorkerData);
if (pg) {
  const prepared = preparedQueries(pg);
  port.on('message', (request: Request) => serve(pg, prepared, request));
  succeed(READY_ID);
}
