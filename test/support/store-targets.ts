/**
 * The stores a store test runs against: the embedded database always, and the PostgreSQL server
 * too when NRX_TEST_DATABASE_URL names a database of your own (in a schema of its own, dropped
 * after the file's tests). Call it at the top level of a test file.
 */
import { afterAll } from 'vitest';
import { openStore, type Store } from '../../gateway/store/index.ts';
import { openPostgres } from '../../gateway/store/postgres.ts';

export function storeTargets(schemaPrefix: string): Array<[string, () => Promise<Store>]> {
  const serverUrl = process.env.NRX_TEST_DATABASE_URL;
  const schema = `${schemaPrefix}_${Math.random().toString(36).slice(2, 10)}`;
  const targets: Array<[string, () => Promise<Store>]> = [['embedded PGlite', () => openStore()]];
  if (!serverUrl) return targets;
  targets.push(['PostgreSQL server', () => openStore({ databaseUrl: serverUrl, schema })]);
  afterAll(async () => {
    const db = await openPostgres(serverUrl);
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.close();
  });
  return targets;
}
