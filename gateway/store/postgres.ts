import pg from 'pg';
import type { Db, ListenConnection, Queryable } from './db.ts';
import { NrxError } from '../../lib/errors.ts';

export interface PostgresOptions {
  /** Schema to work in (set as search_path on every connection); created when missing. */
  schema?: string;
  maxConnections?: number;
}

/** A PostgreSQL server reached through a connection pool. */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Db> {
  const { schema } = options;
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new NrxError('CONFIG_INVALID', `invalid schema name '${schema}'`);
  if (schema) {
    const setup = new pg.Client({ connectionString: url });
    await setup.connect();
    try {
      await setup.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await setup.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const wrap = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<Row>(sql: string, params?: unknown[]) {
      const result = await client.query(sql, params);
      return { rows: result.rows as Row[] };
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  });
  return {
    kind: 'postgres',
    ...wrap(pool),
    async transaction(work) {
      const client = await pool.connect();
      // A connection lost mid-transaction (the server restarted) fails the statement under way; the
      // client's own 'error' event must not also end the process, and the pool drops the client.
      let broken: Error | undefined;
      const lost = (error: Error) => void (broken = error);
      client.on('error', lost);
      try {
        await client.query('BEGIN');
        const result = await work(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.off('error', lost);
        client.release(broken);
      }
    },
    close: () => pool.end(),
    openListener: () => listenConnection(url),
  };
}

async function listenConnection(url: string): Promise<ListenConnection> {
  const client = new pg.Client({ connectionString: url });
  let ended = false;
  const endHandlers: ((error?: Error) => void)[] = [];
  const end = (error?: Error) => {
    if (ended) return;
    ended = true;
    for (const handler of endHandlers) handler(error);
  };
  // A lost connection (the server restarted) is reported once, never thrown at the process.
  client.on('error', (error) => end(error));
  client.on('end', () => end());
  await client.connect();
  return {
    async query(sql) {
      await client.query(sql);
    },
    onNotification: (handler) => client.on('notification', (message) => handler(message.channel, message.payload)),
    onEnd: (handler) => void endHandlers.push(handler),
    async close() {
      ended = true;
      await client.end().catch(() => {});
    },
  };
}
