import { join } from 'node:path';
import type { Db, Queryable } from './db.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import { consentRepository } from './consents.ts';
import { referralRepository } from './referrals.ts';
import { statusUpdateRepository } from './status-updates.ts';

export type { Db, Queryable } from './db.ts';
export type * from './types.ts';
export { DuplicateError } from './rows.ts';

export interface StoreOptions {
  /** PostgreSQL server URL; the embedded database under `dataDir` is used when absent. */
  databaseUrl?: string;
  /** Where the embedded database lives; in memory when neither this nor `databaseUrl` is given. */
  dataDir?: string;
  /** Schema on the server (search_path), for isolation. */
  schema?: string;
}

export interface Repositories {
  referrals: ReturnType<typeof referralRepository>;
  statusUpdates: ReturnType<typeof statusUpdateRepository>;
  consents: ReturnType<typeof consentRepository>;
}

export function repositories(db: Queryable): Repositories {
  return { referrals: referralRepository(db), statusUpdates: statusUpdateRepository(db), consents: consentRepository(db) };
}

export interface Store extends Repositories {
  db: Db;
  /** The repositories bound to one transaction. */
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Opens the database, applies pending migrations, and returns the repositories. */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const db = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.schema ? { schema: options.schema } : {})
    : await openPglite(options.dataDir ? join(options.dataDir, 'db') : undefined);
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  return {
    db,
    ...repositories(db),
    transaction: (work) => db.transaction((tx) => work(repositories(tx))),
    close: () => db.close(),
  };
}
