/**
 * Wake-ups between the processes that share a database: LISTEN/NOTIFY on a PostgreSQL server, and
 * an in-process signal on the embedded database (one process owns it, so nobody else can write).
 *
 * A notification is a hint that something changed, never the change itself: a handler reads the
 * database. A handler called with `undefined` is told that notifications may have been missed (the
 * server connection was lost and is back), so it must look at everything it waits for.
 *
 * A gateway opens one notifier for its store and hands it to every part that listens: on a server
 * that is one listening connection serving every channel, however many parts listen.
 */
import { EventEmitter } from 'node:events';
import type { Db, ListenConnection } from './db.ts';
import { NrxError } from '../../lib/errors.ts';

/** The payload as notified ('' when none), or undefined when notifications may have been missed. */
export type NotificationHandler = (payload: string | undefined) => void;

export interface Notifier {
  /** Calls `handler` on each notification on `channel`; resolves once listening. Returns how to stop. */
  listen(channel: string, handler: NotificationHandler): Promise<() => Promise<void>>;
  /**
   * Notifies every listener of `channel`, in every process sharing the database. Call it after the
   * change it announces has committed: a listener that wakes earlier finds nothing new.
   */
  notify(channel: string, payload?: string): Promise<void>;
  /**
   * Calls `handler` each time the listening connection is lost, before it is back (when every
   * channel's handler is called with `undefined`): until then notifications are missed. Returns how to stop.
   */
  onLost(handler: (error: Error) => void): () => void;
  close(): Promise<void>;
}

export interface NotifierOptions {
  /** A lost server connection is reopened after this long, doubling up to 5 s (default 250 ms). */
  reconnectMs?: number;
  /** Told when the listening connection is lost or cannot be reopened (the log); `onLost` is for those who act on it. */
  onError?: (error: Error) => void;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;
/** PostgreSQL's limit is 8000 bytes including the channel; below it with room to spare. */
const MAX_PAYLOAD_BYTES = 7000;

function checkChannel(channel: string, payload?: string): void {
  if (!CHANNEL.test(channel)) throw new NrxError('NOTIFY_CHANNEL_INVALID', `notification channel ${JSON.stringify(channel.slice(0, 70))} must be a lower-case identifier`);
  if (payload !== undefined && Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) throw new NrxError('NOTIFY_CHANNEL_INVALID', `a notification payload is at most ${MAX_PAYLOAD_BYTES} bytes`);
}

/** The notifier for a store: over the server's LISTEN/NOTIFY, or in this process for the embedded database. */
export function createNotifier(db: Db, options: NotifierOptions = {}): Notifier {
  return db.openListener ? serverNotifier(db, db.openListener.bind(db), options) : localNotifier();
}

function localNotifier(): Notifier {
  const events = new EventEmitter();
  events.setMaxListeners(0);
  return {
    async listen(channel, handler) {
      checkChannel(channel);
      const listener = (payload: string | undefined) => handler(payload);
      events.on(channel, listener);
      return async () => void events.off(channel, listener);
    },
    async notify(channel, payload) {
      checkChannel(channel, payload);
      // Delivered on a later turn, as a server's notification would be, never inside the caller.
      setImmediate(() => events.emit(channel, payload ?? ''));
    },
    // Nothing to lose: the signal never leaves this process.
    onLost: () => () => {},
    async close() {
      events.removeAllListeners();
    },
  };
}

function serverNotifier(db: Db, open: () => Promise<ListenConnection>, options: NotifierOptions): Notifier {
  const handlers = new Map<string, Set<NotificationHandler>>();
  const lossHandlers = new Set<(error: Error) => void>();
  const firstDelayMs = options.reconnectMs ?? 250;
  let connection: Promise<ListenConnection> | undefined;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;

  const dispatch = (channel: string, payload: string | undefined) => {
    for (const handler of handlers.get(channel) ?? []) handler(payload);
  };

  /** Opens the connection and listens on every channel with a handler; on loss, opens it again. */
  function connect(): Promise<ListenConnection> {
    const attempt = (async () => {
      const conn = await open();
      conn.onNotification((channel, payload) => dispatch(channel, payload ?? ''));
      conn.onEnd((error) => {
        if (closed) return;
        const lost = error ?? new NrxError('DATABASE_UNAVAILABLE', 'the LISTEN connection ended');
        options.onError?.(lost);
        for (const handler of lossHandlers) handler(lost);
        connection = undefined;
        scheduleReconnect(firstDelayMs);
      });
      for (const channel of handlers.keys()) await conn.query(`LISTEN ${channel}`);
      return conn;
    })();
    attempt.catch(() => {});
    return attempt;
  }

  function scheduleReconnect(delayMs: number) {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (closed) return;
      const attempt = connect();
      connection = attempt;
      attempt.then(
        () => {
          // Back: whatever was notified while away was missed, so every listener looks again.
          for (const channel of handlers.keys()) dispatch(channel, undefined);
        },
        (error: Error) => {
          if (connection === attempt) connection = undefined;
          options.onError?.(error);
          scheduleReconnect(Math.min(delayMs * 2, 5000));
        },
      );
    }, delayMs);
    retryTimer.unref();
  }

  async function current(): Promise<ListenConnection> {
    connection ??= connect();
    try {
      return await connection;
    } catch (error) {
      connection = undefined;
      throw error;
    }
  }

  return {
    async listen(channel, handler) {
      checkChannel(channel);
      let set = handlers.get(channel);
      const first = !set;
      if (!set) handlers.set(channel, (set = new Set()));
      set.add(handler);
      const conn = await current();
      if (first) await conn.query(`LISTEN ${channel}`);
      return async () => {
        set.delete(handler);
        if (set.size > 0 || handlers.get(channel) !== set) return;
        handlers.delete(channel);
        const open = connection && (await connection.catch(() => undefined));
        await open?.query(`UNLISTEN ${channel}`).catch(() => {});
      };
    },
    async notify(channel, payload) {
      checkChannel(channel, payload);
      await db.query('SELECT pg_notify($1, $2)', [channel, payload ?? '']);
    },
    onLost(handler) {
      lossHandlers.add(handler);
      return () => void lossHandlers.delete(handler);
    },
    async close() {
      closed = true;
      lossHandlers.clear();
      clearTimeout(retryTimer);
      handlers.clear();
      const open = connection && (await connection.catch(() => undefined));
      connection = undefined;
      await open?.close();
    },
  };
}
