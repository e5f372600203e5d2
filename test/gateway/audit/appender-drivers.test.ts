/**
 * The audit appender contract (appender-contract.ts) run against each driver: the journal on the
 * embedded database, and group commit into the table on the embedded database and, when
 * NRX_TEST_DATABASE_URL names one, on a PostgreSQL server (with two child processes appending at
 * once). Without the variable the server run is left out; set it to run it (see README).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournalAppender } from '../../../gateway/audit/journal-appender.ts';
import { tableAppender } from '../../../gateway/audit/table-appender.ts';
import type { Db } from '../../../gateway/store/db.ts';
import { migrate } from '../../../gateway/store/migrate.ts';
import { openPglite } from '../../../gateway/store/pglite.ts';
import { appenderContract, type AppenderSettings, type Harness } from './appender-contract.ts';
import { openTestDb, serverUrl } from './support.ts';

const GATEWAY = 'RS/GOV/CPTV';

/** An embedded database on disk, so that a crash can be followed by a start on the same data. */
async function embedded(start: (db: Db, root: string) => Promise<Harness['appender']>, shared: boolean) {
  const root = mkdtempSync(join(tmpdir(), 'nrx-appender-'));
  const dataDir = join(root, 'db');
  const harness = async (db: Db, settings: AppenderSettings): Promise<Harness> => {
    const appender = await start(db, root);
    return {
      db,
      appender,
      async crash() {
        // The process dies: its database closes under it, nothing is flushed or closed.
        await db.close();
        return harness(await openPglite(dataDir), settings);
      },
      ...(shared ? { another: () => tableAppender({ db, gateway: GATEWAY, ...settings }) } : {}),
      async close() {
        await appender.close().catch(() => {});
        await db.close().catch(() => {});
      },
    };
  };
  return { dataDir, harness };
}

appenderContract({
  name: 'the journal on the embedded database',
  writers: 'sole',
  async open(settings = {}) {
    // Entries wait in the journal (the table is filled every 40 entries or once a minute): what
    // the table lacks is what a write's transaction, a reader or a crash must take care of.
    const env = await embedded((db, root) => openJournalAppender({ db, gateway: GATEWAY, ...settings, dir: join(root, 'audit-journal'), limits: { copyEntries: 40, copyAfterMs: 60_000 } }), false);
    const db = await openPglite(env.dataDir);
    await migrate(db);
    return env.harness(db, settings);
  },
});

appenderContract({
  name: 'group commit into the table of the embedded database',
  writers: 'shared',
  async open(settings = {}) {
    const env = await embedded(async (db) => tableAppender({ db, gateway: GATEWAY, ...settings }), true);
    const db = await openPglite(env.dataDir);
    await migrate(db);
    return env.harness(db, settings);
  },
});

if (serverUrl) {
  const url = serverUrl;
  appenderContract({
    name: 'group commit into the table of a PostgreSQL server',
    writers: 'shared',
    async open(settings = {}) {
      const t = await openTestDb('nrx_test_appender');
      await t.db.exec('CREATE TABLE audit_test_writes (worker text NOT NULL, n integer NOT NULL)');
      const harness = (): Harness => {
        const appender = tableAppender({ db: t.db, gateway: GATEWAY, ...settings });
        return {
          db: t.db,
          appender,
          server: { url, schema: t.schema! },
          // The gateway process dies: it takes nothing but its memory along; the server keeps what was committed.
          crash: async () => harness(),
          another: () => tableAppender({ db: t.db, gateway: GATEWAY, ...settings }),
          async close() {
            await appender.close().catch(() => {});
            await t.close();
          },
        };
      };
      return harness();
    },
  });
}
