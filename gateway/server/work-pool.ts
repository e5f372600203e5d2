/**
 * CPU-heavy work off the event loop: worker threads (tinypool) that validate large documents, so
 * that /health and every other client keep their latency while one request is expensive. Each
 * task has a time budget; a task over it has its thread stopped (the only way to stop running
 * JavaScript) and a new one takes its place. Tasks beyond the queue's size are refused at once.
 */
import Tinypool from 'tinypool';
import { NrxError } from '../../lib/errors.ts';
import type { ValidateOptions, ValidationResult } from '../../lib/validator/index.ts';
import type { GatewayConfig } from '../config/types.ts';
import type { PoolTask, PoolWorkerData } from './pool-worker.ts';

export type WorkPoolConfig = NonNullable<GatewayConfig['workers']>;

export const DEFAULT_WORKERS: WorkPoolConfig = { threads: 1, taskTimeoutMs: 10_000, maxQueue: 32, offloadBytes: 64 * 1024 };

export interface WorkPool {
  /** Validates a document's bytes in a worker thread. Fails with WORK_TIME_BUDGET or WORK_QUEUE_FULL. */
  validateBytes(bytes: Uint8Array, options: ValidateOptions): Promise<ValidationResult>;
  readonly config: WorkPoolConfig;
  close(): Promise<void>;
}

export function createWorkPool(config: WorkPoolConfig, data: PoolWorkerData): WorkPool {
  const pool = new Tinypool({
    filename: new URL('./pool-worker.ts', import.meta.url).href,
    minThreads: config.threads,
    maxThreads: config.threads,
    maxQueue: config.maxQueue,
    workerData: data,
    // A worker that stays loaded keeps its compiled schemas.
    idleTimeout: Infinity,
  });
  const run = async <T>(task: PoolTask): Promise<T> => {
    if (pool.queueSize >= config.maxQueue) throw new NrxError('WORK_QUEUE_FULL', 'the gateway is busy with other large documents; try again shortly');
    const signal = AbortSignal.timeout(config.taskTimeoutMs);
    try {
      return (await pool.run(task, { signal })) as T;
    } catch (error) {
      if (signal.aborted) throw new NrxError('WORK_TIME_BUDGET', `the work took longer than its budget of ${config.taskTimeoutMs} ms and was stopped`, { cause: error });
      if (/queue is at limit/i.test((error as Error).message)) throw new NrxError('WORK_QUEUE_FULL', 'the gateway is busy with other large documents; try again shortly', { cause: error });
      throw error;
    }
  };
  return {
    config,
    validateBytes(bytes, options) {
      // A copy the worker owns outright: the request's buffer may be a slice of a larger pool.
      const own = new Uint8Array(bytes);
      return run<ValidationResult>({ op: 'validate', bytes: own, options });
    },
    close: () => pool.destroy(),
  };
}
