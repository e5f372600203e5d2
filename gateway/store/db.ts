/**
 * The database the gateway talks to: PostgreSQL, either embedded (PGlite, the default, nothing to
 * install) or a server. Both take the same SQL; the repositories only see this interface.
 */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `COPY table (columns) FROM '/dev/blob'` over `data`, rows in COPY's text format: the
   * cheapest way to add many rows. Only the embedded database has it.
   */
  copyFrom?(sql: string, data: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * A connection of its own that stays open for LISTEN (a server only: the embedded database has one
   * process, which notify.ts wakes without the database).
   */
  openListener?(): Promise<ListenConnection>;
}

/** A dedicated server connection receiving NOTIFY messages; `onEnd` fires once when it is lost. */
export interface ListenConnection {
  query(sql: string): Promise<void>;
  onNotification(handler: (channel: string, payload: string | undefined) => void): void;
  onEnd(handler: (error?: Error) => void): void;
  close(): Promise<void>;
}
