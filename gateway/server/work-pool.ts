/**
 * CPU-heavy work off the event loop: worker threads (tinypool) that validate large documents and
 * render subject access reports, so
 * that /health and every other client keep their latency while one request is expensive. Each
 * task has a time budget; a task over it has its thread stopped (the only way to stop running
 * JavaScript) and a new one takes its place. Tasks beyond the queue's size are refused at once.
 */
import Tinypool from 'tinypool';
import { NrxError } from '../../lib/errors.ts';
import type { ValidateOptions, ValidationResult } from '../../lib/validator/index.ts';
import type { GatewayConfig } from '../config/types.ts';
import type { SubjectAccessInput } from '../reports/subject-access.ts';
import type { PoolTask, PoolWorkerData } from './pool-worker.ts';

export type WorkPoolConfig = NonNullable<GatewayConfig['workers']>;

export const DEFAULT_WORKERS: WorkPoolConfig = { threads: 1, taskTimeoutMs: 10_000, maxQueue: 32, offloadBytes: 64 * 1024 };

export interface WorkPool {
  /** Validates a document's bytes in a worker thread. Fails with WORK_TIME_BUDGET or WORK_QUEUE_FULL. */
  validateBytes(bytes: Uint8Array, options: ValidateOptions): Promise<ValidationResult>;
  /** Renders a subject access report in a worker thread; the same failures. */
  renderReport(input: SubjectAccessInput): Promise<string>;
  readonly config: WorkPoolConfig;
  close(): Promise<void>;
}

export function createWorkPool(config: WorkPoolConfig, data: PoolWorkerData): WorkPool {
  const pool = new Tinypool({
    filename: new URL('./pool-worker.ts', import.meta.url).href,
    minThreads: config.threads,
    maxThreads: config.threads,
    workerData: data,
    // A worker that stays loaded keeps its compiled schemas.
    idleTimeout: Infinity,
  });
  // A thread loads the spec and compiles every schema before its first task: the budget starts
  // once that is done, so that it measures the task and not the thread's start.
  const started = () => pool.run({ op: 'ping' } satisfies PoolTask).then(() => undefined, () => undefined);
  let ready = started();
  // At most one task per thread is handed to the pool, so that a task's budget starts when it
  // runs; the others wait here, up to maxQueue of them.
  let running = 0;
  const waiting: Array<() => void> = [];
  const slot = async () => {
    if (running < config.threads) {
      running++;
      return;
    }
    if (waiting.length >= config.maxQueue) throw new NrxError('WORK_QUEUE_FULL', 'the gateway is busy with other large documents; try again shortly');
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  const run = async <T>(task: PoolTask): Promise<T> => {
    await slot();
    try {
      await ready;
      const signal = AbortSignal.timeout(config.taskTimeoutMs);
      try {
        return (await pool.run(task, { signal })) as T;
      } catch (error) {
        if (!signal.aborted) throw error;
        // The stopped thread is replaced; its successor starts before the next budget does.
        ready = started();
        throw new NrxError('WORK_TIME_BUDGET', `the work took longer than its budget of ${config.taskTimeoutMs} ms and was stopped`, { cause: error });
      }
    } finally {
      release();
    }
  };
  return {
    config,
    validateBytes(bytes, options) {
      // A copy the worker owns outright: the request's buffer may be a slice of a larger pool.
      const own = new Uint8Array(bytes);
      return run<ValidationResult>({ op: 'validate', bytes: own, options });
    },
    renderReport: (input) => run<string>({ op: 'report', input }),
    close: () => pool.destroy(),
  };
}
