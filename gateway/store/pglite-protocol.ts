/**
 * The messages between the gateway's thread and the worker that runs embedded PostgreSQL
 * (pglite-worker.ts). Positional arrays with numeric ids: the audit trail sends one statement per
 * group-commit batch, so every message is kept as small as structured clone allows.
 */

export const Op = { query: 0, exec: 1, begin: 2, commit: 3, rollback: 4, close: 5, copy: 6 } as const;
export type Op = (typeof Op)[keyof typeof Op];

/** Transaction id 0: the statement runs on its own, queued behind any open transaction. */
export const NO_TRANSACTION = 0;

/** Request id 0 is the worker's "ready" (or "could not open") message; calls count from 1. */
export const READY_ID = 0;

/** For `copy`, params is `[data]`: the rows in COPY's text format. */
export type Request = [op: Op, id: number, transaction: number, sql?: string, params?: unknown[]];

/** `[id]` or `[id, rows]` when the call succeeded, `[id, undefined, fault]` when it failed. */
export type Reply = [id: number, rows?: unknown[], fault?: Fault];

/**
 * An error as it crosses the thread boundary: its message and name and PostgreSQL's fields
 * (code, detail, constraint, …), which is what callers look at (`code === '23505'`).
 */
export interface Fault {
  message: string;
  name: string;
  [field: string]: string | number | boolean;
}

/** PGlite attaches these to its errors; the calling thread has them already, so they stay behind. */
const LEFT_BEHIND = new Set(['stack', 'message', 'name', 'query', 'params', 'queryOptions']);

export function toFault(error: unknown): Fault {
  if (!(error instanceof Error)) return { message: String(error), name: 'Error' };
  const fault: Fault = { message: error.message, name: error.name };
  for (const [key, value] of Object.entries(error)) {
    if (LEFT_BEHIND.has(key)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') fault[key] = value;
  }
  return fault;
}

const constructors: Record<string, ErrorConstructor> = { TypeError, RangeError, SyntaxError };

/**
 * The worker's error re-created in this thread, with the fields PGlite gives its errors (including
 * the statement and its parameters, as PGlite attaches them). Its stack is taken here, so it shows
 * the caller's (async) frames rather than the worker's own.
 */
export function errorFromFault(fault: Fault, statement?: { sql: string; params: unknown[] | undefined }): Error {
  const error = new (constructors[fault.name] ?? Error)(fault.message);
  Object.assign(error, fault);
  if (statement && 'severity' in fault) Object.assign(error, { query: statement.sql, params: statement.params });
  // Starts at the caller: this function's own frame says nothing about where the statement came from.
  Error.captureStackTrace(error, errorFromFault);
  return error;
}
