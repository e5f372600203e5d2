import type { Db } from '../store/db.ts';
import { assertAuditInput, type AuditEntryInput } from './entry.ts';
import type { AppendedEntry, AuditLog } from './log.ts';
import type { AuditJournal } from './journal.ts';

export interface AuditBatcher {
  /**
   * Appends a request's entries and resolves once they are committed; rejects when they could not
   * be (the caller then withholds its response). Entries of requests that arrive while a batch is
   * being written go together in the next transaction: one lock of the head for many requests.
   */
  append(inputs: readonly AuditEntryInput[]): Promise<AppendedEntry[]>;
  /**
   * Counts a request that is inside the GraphQL pipeline and may append soon; call the returned
   * function (once is enough, more is harmless) when it has appended or will not. A batch about to
   * be written waits a few turns of the event loop for such requests, so that it carries them all.
   */
  enter(): () => void;
}

/** How many turns of the event loop a batch waits, at most, for requests still under way. */
const MAX_WAIT_TURNS = 8;

interface Waiting {
  inputs: readonly AuditEntryInput[];
  resolve(appended: AppendedEntry[]): void;
  reject(error: unknown): void;
}

/**
 * A request's entries, checked and handed to `enqueue` to wait for their batch. Refused here, one
 * request at a time, so that one bad entry cannot fail the others in its batch.
 */
function queued(inputs: readonly AuditEntryInput[], enqueue: (waiting: Waiting) => void): Promise<AppendedEntry[]> {
  if (!inputs.length) return Promise.resolve([]);
  try {
    for (const input of inputs) assertAuditInput(input);
  } catch (error) {
    return Promise.reject(error);
  }
  return new Promise((resolve, reject) => enqueue({ inputs, resolve, reject }));
}

/** Hands each request of a batch its own entries once the batch is appended, or the batch's error. */
function answer(batch: readonly Waiting[], appending: Promise<AppendedEntry[]>): Promise<void> {
  return appending.then(
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
  );
}

/**
 * Batches sent and not yet answered, at most: two on the embedded database, whose worker runs
 * statements in the order sent (a batch forms while the one before it commits, and no response
 * waits for a batch it is not in); one on a server, whose pool could run them out of order.
 */
const inFlightLimit = (db: Db) => (db.kind === 'pglite' ? 2 : 1);

/** Group commit for entries that stand on their own (reads): not part of any other write. */
export function auditBatcher(db: Db, log: AuditLog, maxEntries = 1000): AuditBatcher {
  const limit = inFlightLimit(db);
  let queue: Waiting[] = [];
  let writing = false;
  let inFlight = 0;
  let sent = 0;
  let slotFreed: (() => void) | undefined;

  function send(batch: Waiting[]): void {
    sent++;
    answer(batch, log.appendStandalone(db, batch.flatMap((w) => w.inputs), { checked: true, pipelined: limit > 1 })).finally(() => {
      sent--;
      slotFreed?.();
    });
  }

  async function drain(): Promise<void> {
    writing = true;
    // Let requests already under way reach the queue first, so that a batch carries many of them:
    // a bounded number of turns, never a timer, so a slow request holds no batch up for long.
    for (;;) {
      for (let turn = 0; turn === 0 || (inFlight > 0 && turn < MAX_WAIT_TURNS); turn++) await new Promise<void>((resolve) => setImmediate(resolve));
      // While every slot is taken, the queue goes on filling: the next batch is all of it.
      while (sent >= limit) await new Promise<void>((resolve) => (slotFreed = resolve));
      slotFreed = undefined;
      if (!queue.length) break;
      let count = 0;
      let take = 0;
      while (take < queue.length && (take === 0 || count + queue[take]!.inputs.length <= maxEntries)) count += queue[take++]!.inputs.length;
      send(queue.slice(0, take));
      queue = queue.slice(take);
    }
    writing = false;
  }

  return {
    enter() {
      inFlight++;
      let left = false;
      return () => {
        if (left) return;
        left = true;
        inFlight--;
      };
    },
    append: (inputs) =>
      queued(inputs, (waiting) => {
        queue.push(waiting);
        if (!writing) void drain();
      }),
  };
}

/**
 * Group commit on the local journal (journal.ts), whose commit is one synchronous write: the
 * entries of the requests that finish within one turn of the event loop go in one write, and no
 * request waits for another turn.
 */
export function journalBatcher(journal: AuditJournal): AuditBatcher {
  let queue: Waiting[] = [];
  const commitTurn = () => {
    const batch = queue;
    queue = [];
    void answer(batch, journal.append(batch.length === 1 ? batch[0]!.inputs : batch.flatMap((w) => w.inputs)));
  };
  return {
    enter: () => () => {},
    append: (inputs) =>
      queued(inputs, (waiting) => {
        if (!queue.length) setImmediate(commitTurn);
        queue.push(waiting);
      }),
  };
}
