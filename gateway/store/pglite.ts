import { mkdirSync } from 'node:fs';
import type { Db, Queryable } from './db.ts';
import { startPgliteWorker, type PgliteLink } from './pglite-link.ts';
import { errorFromFault, NO_TRANSACTION, Op } from './pglite-protocol.ts';

/**
 * Embedded PostgreSQL, persisted under `dir`, or in memory when `dir` is omitted. It runs in a
 * worker thread (pglite-worker.ts): its WASM would otherwise hold this thread's event loop for
 * every statement, and an officer's long report would stop every other request.
 */
export async function openPglite(dir?: string): Promise<Db> {
  if (dir) mkdirSync(dir, { recursive: true });
  return pgliteOver(await startPgliteWorker(dir ? { dataDir: dir } : {}));
}

/**
 * Statements in the worker: inside transaction `transaction`, or on their own. Errors are thrown
 * here, after the await, so their stack carries the caller's async frames.
 */
function queryable(link: PgliteLink, transaction: number): Queryable {
  return {
    async query<Row>(sql: string, params?: unknown[]) {
      const [, rows, fault] = await link.call(Op.query, transaction, sql, params);
      if (fault) throw errorFromFault(fault, { sql, params });
      return { rows: rows as Row[] };
    },
    async exec(sql: string) {
      const [, , fault] = await link.call(Op.exec, transaction, sql);
      if (fault) throw errorFromFault(fault, { sql, params: undefined });
    },
    async copyFrom(sql: string, data: string) {
      const [, , fault] = await link.call(Op.copy, transaction, sql, [data]);
      if (fault) throw errorFromFault(fault, { sql, params: undefined });
    },
  };
}

/** The `Db` over a started worker (separate from `openPglite` so tests can reach the worker). */
export function pgliteOver(link: PgliteLink): Db {
  let nextTransaction = NO_TRANSACTION + 1;

  /** Begin, commit or rollback of one transaction; PGlite's failure to do so is thrown. */
  async function control(op: typeof Op.begin | typeof Op.commit | typeof Op.rollback, transaction: number): Promise<void> {
    const [, , fault] = await link.call(op, transaction);
    if (fault) throw errorFromFault(fault);
  }

  return {
    kind: 'pglite',
    ...queryable(link, NO_TRANSACTION),
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const transaction = nextTransaction++;
      // Answered once PGlite has taken its transaction lock: other statements now wait for this one.
      await control(Op.begin, transaction);
      let result: T;
      try {
        result = await work(queryable(link, transaction));
      } catch (error) {
        // The caller's error is what matters; a failed rollback (the worker died) must not hide it.
        await control(Op.rollback, transaction).catch(() => {});
        throw error;
      }
      await control(Op.commit, transaction);
      return result;
    },
    close: () => link.close(),
  };
}
