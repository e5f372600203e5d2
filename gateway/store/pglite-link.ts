/**
 * The gateway's side of the worker that runs embedded PostgreSQL: posts requests, matches replies
 * by id, and turns the worker's death into an error for every call instead of a hang.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { errorFromFault, Op, READY_ID, type Reply, type Request } from './pglite-protocol.ts';
import { pgliteWasm } from './pglite-wasm.ts';
import type { PgliteWorkerData } from './pglite-worker.ts';
import { NrxError } from '../../lib/errors.ts';

const WORKER_URL = new URL('./pglite-worker.ts', import.meta.url);

export interface PgliteLink {
  /** Resolves with the worker's reply, a fault included; rejects only when the worker is gone. */
  call(op: Op, transaction: number, sql?: string, params?: unknown[]): Promise<Reply>;
  /** Closes the database and ends the worker; the same promise on every call. */
  close(): Promise<void>;
  /** The thread itself, for tests that need to see it die. */
  readonly worker: Worker;
}

export interface PgliteLinkOptions {
  dataDir?: string;
  resourceLimits?: ResourceLimits;
}

const gone = (why: string, cause?: unknown) => new NrxError('DATABASE_UNAVAILABLE', `the embedded database (PGlite worker thread) ${why}`, cause === undefined ? {} : { cause });

/**
 * A small Buffer is usually a view into Node's shared 64 KB pool, and structured clone copies a
 * view's whole ArrayBuffer: copy such views (in a parameter or an array parameter) to their own.
 */
function compactBinary(params: unknown[]): unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < params.length; i++) {
    const value = params[i];
    const compacted = Array.isArray(value) ? compactBinaryArray(value) : compactView(value);
    if (compacted !== value) (copy ??= params.slice())[i] = compacted;
  }
  return copy ?? params;
}

function compactBinaryArray(values: unknown[]): unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < values.length; i++) {
    const compacted = compactView(values[i]);
    if (compacted !== values[i]) (copy ??= values.slice())[i] = compacted;
  }
  return copy ?? values;
}

const compactView = (value: unknown) => (value instanceof Uint8Array && value.byteLength !== value.buffer.byteLength ? new Uint8Array(value) : value);

/**
 * The worker inherits this process's Node options (type stripping on older Node, loaders, heap
 * size), except how to read `--eval` input, which a worker started from a file refuses.
 */
function workerExecArgv(): string[] {
  const args: string[] = [];
  for (let i = 0; i < process.execArgv.length; i++) {
    const arg = process.execArgv[i]!;
    if (arg === '--input-type') i++;
    else if (!arg.startsWith('--input-type=')) args.push(arg);
  }
  return args;
}

/** Starts the worker and waits until the database is open (or rejects with why it could not be). */
export async function startPgliteWorker(options: PgliteLinkOptions = {}): Promise<PgliteLink> {
  const workerData: PgliteWorkerData = { ...(await pgliteWasm()), ...(options.dataDir ? { dataDir: options.dataDir } : {}) };
  const worker = new Worker(WORKER_URL, { workerData, execArgv: workerExecArgv(), ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}) });
  const pending = new Map<number, PromiseWithResolvers<Reply>>();
  let nextId = READY_ID + 1;
  /** Set once the worker can take no more calls: closed, crashed or exited. */
  let stopped: Error | undefined;
  let closing: Promise<void> | undefined;

  // While a call is pending the worker keeps the process alive; when idle it must not, so that
  // tests and CLI commands exit without closing the store.
  const track = (id: number) => {
    const resolvers = Promise.withResolvers<Reply>();
    pending.set(id, resolvers);
    if (pending.size === 1) worker.ref();
    return resolvers.promise;
  };
  const settle = (id: number) => {
    const resolvers = pending.get(id);
    pending.delete(id);
    if (pending.size === 0) worker.unref();
    return resolvers;
  };
  const stop = (error: Error) => {
    stopped ??= error;
    for (const id of [...pending.keys()]) settle(id)!.reject(stopped);
  };

  worker.on('message', (reply: Reply) => settle(reply[0])?.resolve(reply));
  worker.on('error', (error) => stop(gone(`crashed: ${error.message}`, error)));
  worker.on('messageerror', (error) => {
    stop(gone(`sent a reply this thread could not read: ${error.message}`, error));
    void worker.terminate();
  });
  worker.on('exit', (code) => stop(closing ? gone('is closed') : gone(`stopped unexpectedly (exit code ${code})`)));

  const ready = await track(READY_ID);
  if (ready[2]) {
    await worker.terminate();
    throw errorFromFault(ready[2]);
  }

  function call(op: Op, transaction: number, sql?: string, params?: unknown[]): Promise<Reply> {
    if (stopped) return Promise.reject(stopped);
    const id = nextId++;
    const request: Request = params ? [op, id, transaction, sql, compactBinary(params)] : sql === undefined ? [op, id, transaction] : [op, id, transaction, sql];
    try {
      worker.postMessage(request);
    } catch (error) {
      // A parameter structured clone cannot carry (a function, a proxy): this call fails alone.
      return Promise.reject(error);
    }
    return track(id);
  }

  async function close(): Promise<void> {
    try {
      const reply = stopped ? undefined : await call(Op.close, 0);
      if (reply?.[2]) throw errorFromFault(reply[2]);
    } finally {
      stop(gone('is closed'));
      await worker.terminate();
    }
  }

  return {
    call,
    close: () => (closing ??= close()),
    worker,
  };
}
