import pg from 'pg';
import mysql from 'mysql2/promise';
import type { PGlite } from '@electric-sql/pglite';
import { fromEnv, type SqlSourceConfig } from '../config.ts';
import { ConnectorError } from '../errors.ts';

/** The little a SQL source needs from a database client. */
export interface SqlDriver {
  dialect: 'pg' | 'mysql';
  query(text: string, params: unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

const DATE_OID = 1082;

/** Dates stay text (YYYY-MM-DD): a DATE column has no time zone, and a Date object would give it one. */
function pgTypes() {
  return { getTypeParser: (oid: number, format?: any) => (oid === DATE_OID ? (v: string) => v : pg.types.getTypeParser(oid, format)) };
}

function connectionUrl(connector: string, connection: SqlSourceConfig['connection']): { url: string; password?: string } {
  const url = connection.urlEnv ? fromEnv(connector, connection.urlEnv) : connection.url;
  if (!url) throw new ConnectorError({ connector, code: 'CONFIG_INVALID', message: 'source.connection needs urlEnv, url or embedded' });
  return { url, ...(connection.passwordEnv ? { password: fromEnv(connector, connection.passwordEnv) } : {}) };
}

export function postgresDriver(connector: string, connection: SqlSourceConfig['connection']): SqlDriver {
  const { url, password } = connectionUrl(connector, connection);
  const pool = new pg.Pool({
    connectionString: url,
    ...(password !== undefined ? { password } : {}),
    max: connection.poolSize ?? 4,
    connectionTimeoutMillis: connection.connectTimeoutMs ?? 5000,
    types: pgTypes(),
    ...(connection.schema ? { options: `-c search_path=${connection.schema}` } : {}),
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  return {
    dialect: 'pg',
    async query(text, params) {
      return (await pool.query(text, params)).rows;
    },
    close: () => pool.end(),
  };
}

/** An in-process PostgreSQL; `db` lets a caller (a test, the demo) share an instance it already has. */
export async function pgliteDriver(connection: SqlSourceConfig['connection'], db?: PGlite): Promise<SqlDriver> {
  const own = !db;
  if (!db) {
    const { PGlite } = await import('@electric-sql/pglite');
    db = new PGlite(connection.embedded === 'memory://' ? undefined : connection.embedded);
  }
  const instance = db;
  const parsers = { [DATE_OID]: (v: string) => v };
  const schema = connection.schema;
  return {
    dialect: 'pg',
    async query(text, params) {
      if (!schema) return (await instance.query<Record<string, unknown>>(text, params, { parsers })).rows;
      // One connection shared with others: set the schema inside the same transaction as the query.
      return instance.transaction(async (tx) => {
        await tx.query(`SET LOCAL search_path TO "${schema}"`);
        return (await tx.query<Record<string, unknown>>(text, params, { parsers })).rows;
      });
    },
    close: async () => {
      if (own) await instance.close();
    },
  };
}

export function mysqlDriver(connector: string, connection: SqlSourceConfig['connection']): SqlDriver {
  const { url, password } = connectionUrl(connector, connection);
  const pool = mysql.createPool({
    uri: url.replace(/^mariadb:/, 'mysql:'),
    ...(password !== undefined ? { password } : {}),
    connectionLimit: connection.poolSize ?? 4,
    connectTimeout: connection.connectTimeoutMs ?? 5000,
    dateStrings: ['DATE'],
  });
  return {
    dialect: 'mysql',
    async query(text, params) {
      const [rows] = await pool.execute(text, params as any[]);
      return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
    },
    close: () => pool.end(),
  };
}

/**
 * A driver failure as a connector error with a code the caller can act on. The server's own
 * message is kept (it names no record values: every value is a bound parameter).
 */
export function sqlError(connector: string, error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const e = error as { code?: string; errno?: number; message?: string; errors?: unknown[] };
  const code = e.code ?? '';
  const message = e.message || (e.errors?.length ? String((e.errors[0] as Error).message) : String(error));
  const network = ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', 'PROTOCOL_CONNECTION_LOST'];
  if (network.includes(code) || /timeout expired|Connection terminated/i.test(message)) {
    return new ConnectorError({ connector, code: 'UNREACHABLE', message: `the database cannot be reached (${code || message})` }, { cause: error });
  }
  if (code === '28P01' || code === '28000' || code === 'ER_ACCESS_DENIED_ERROR' || e.errno === 1045) {
    return new ConnectorError({ connector, code: 'AUTH_FAILED', message: `the database refused the credentials: ${message}` }, { cause: error });
  }
  if (code === '3D000' || code === 'ER_BAD_DB_ERROR') {
    return new ConnectorError({ connector, code: 'UNREACHABLE', message: `the database does not exist: ${message}` }, { cause: error });
  }
  return new ConnectorError({ connector, code: 'SOURCE_ERROR', message: `the database rejected a query: ${message}` }, { cause: error });
}
