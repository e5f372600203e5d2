/**
 * The one batching path of the audit trail: requests' entries wait in a queue, which is written as
 * one batch when it holds `maxEntries` or when its oldest entry has waited `maxAgeMs` (as
 * transparency-log servers such as Trillian's Tessera batch their sequencing). One batch is written
 * at a time, in order; while it is, the queue goes on filling, so a busy trail writes large batches.
 */
import type { AppendedEntry } from './chain.ts';
import { assertAuditInput, type AuditEntryInput } from './entry.ts';

export interface BatchLimits {
  /** A batch carries at most this many entries (a request's entries are never split). */
  maxEntries: number;
  /** A batch is written at the latest this long after its oldest entry arrived; 0: at the end of that turn of the event loop. */
  maxAgeMs: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxEntries: 1000, maxAgeMs: 0 };

/** Writes one batch: resolves with its entries chained and committed, or rejects with none of them kept. */
export type WriteBatch = (inputs: readonly AuditEntryInput[]) => Promise<AppendedEntry[]> | AppendedEntry[];

export interface BatchQueue {
  /**
   * Queues one request's entries; resolves with them once their batch is committed, rejects when it
   * could not be. Entries the guard refuses are refused here, alone, so that they fail no batch.
   */
  add(inputs: readonly AuditEntryInput[]): Promise<AppendedEntry[]>;
  /** Resolves once every entry queued so far has been written (or refused). */
  drain(): Promise<void>;
}

interface Waiting {
  inputs: readonly AuditEntryInput[];
  /** When it arrived (performance.now()). */
  at: number;
  resolve(appended: AppendedEntry[]): void;
  reject(error: unknown): void;
}

export function batchQueue(write: WriteBatch, limits: BatchLimits = DEFAULT_BATCH_LIMITS): BatchQueue {
  let queue: Waiting[] = [];
  let queued = 0;
  let writing: Promise<void> | undefined;
  let timer: NodeJS.Immediate | NodeJS.Timeout | undefined;

  function schedule(): void {
    if (writing || !queue.length) return;
    if (queued >= limits.maxEntries) return flush();
    if (timer) return;
    if (limits.maxAgeMs === 0) {
      timer = setImmediate(flush);
      return;
    }
    const wait = limits.maxAgeMs - (performance.now() - queue[0]!.at);
    if (wait <= 0) return flush();
    timer = setTimeout(flush, wait);
  }

  function flush(): void {
    if (timer) {
      if (limits.maxAgeMs === 0) clearImmediate(timer as NodeJS.Immediate);
      else clearTimeout(timer as NodeJS.Timeout);
      timer = undefined;
    }
    if (writing || !queue.length) return;
    let count = 0;
    let take = 0;
    while (take < queue.length && (take === 0 || count + queue[take]!.inputs.length <= limits.maxEntries)) count += queue[take++]!.inputs.length;
    const batch = take === queue.length ? queue : queue.slice(0, take);
    queue = take === queue.length ? [] : queue.slice(take);
    queued -= count;
    let written: Promise<AppendedEntry[]>;
    try {
      written = Promise.resolve(write(batch.length === 1 ? batch[0]!.inputs : batch.flatMap((w) => w.inputs)));
    } catch (error) {
      written = Promise.reject(error);
    }
    writing = written.then(
      (appended) => {
        let at = 0;
        for (const waiting of batch) {
          waiting.resolve(appended.slice(at, at + waiting.inputs.length));
          at += waiting.inputs.length;
        }
      },
      (error: unknown) => {
        for (const waiting of batch) waiting.reject(error);
      },
    ).finally(() => {
      writing = undefined;
      schedule();
    });
  }

  return {
    add(inputs) {
      if (!inputs.length) return Promise.resolve([]);
      try {
        for (const input of inputs) assertAuditInput(input);
      } catch (error) {
        return Promise.reject(error);
      }
      return new Promise((resolve, reject) => {
        queue.push({ inputs, at: limits.maxAgeMs > 0 ? performance.now() : 0, resolve, reject });
        queued += inputs.length;
        schedule();
      });
    },
    async drain() {
      while (writing || queue.length) {
        if (!writing) flush();
        await writing;
      }
    },
  };
}
