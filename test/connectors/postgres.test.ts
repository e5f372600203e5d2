import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { createConnector } from '../../connectors/index.ts';
import type { MappedConnector } from '../../connectors/mapped-connector.ts';
import { caseDbConfig, createCaseDb, createCaseDbOnServer, subjects } from './fixtures/case-db.ts';
import { caseDbContract } from './case-db-suite.ts';

const serverUrl = process.env.NRX_TEST_DATABASE_URL;
const schema = `nrx_conn_${randomBytes(4).toString('hex')}`;

describe(serverUrl ? 'PostgreSQL connector (server)' : 'PostgreSQL connector (embedded PGlite)', () => {
  let connector: MappedConnector;
  let admin: pg.Client | undefined;
  let embedded: PGlite | undefined;

  beforeAll(async () => {
    if (serverUrl) {
      admin = await createCaseDbOnServer(serverUrl, schema);
      connector = await createConnector(caseDbConfig('postgres', { urlEnv: 'NRX_TEST_DATABASE_URL', schema }));
    } else {
      embedded = new PGlite();
      await embedded.exec(`CREATE SCHEMA ${schema}; SET search_path TO ${schema};`);
      await createCaseDb((sql, params) => embedded!.query(sql, params), 'pg');
      connector = await createConnector(caseDbConfig('postgres', { embedded: 'memory://', schema }), { pglite: embedded });
    }
  });

  afterAll(async () => {
    await connector?.close();
    if (admin) {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
    await embedded?.close();
  });

  caseDbContract(() => connector);

  it('keeps the tables intact after the injection attempts', async () => {
    const { records } = await connector.getCase(subjects.mila);
    expect(records).toHaveLength(1);
  });
});

describe('PostgreSQL connector failures', () => {
  it('names the connector when the database cannot be reached', async () => {
    const down = await createConnector(caseDbConfig('postgres', { url: 'postgres://nrx@127.0.0.1:1/none', connectTimeoutMs: 2000 }, 'astra-down'));
    try {
      const health = await down.health();
      expect(health.ok).toBe(false);
      expect(health.message).toContain("connector 'astra-down'");
      await expect(down.getCase(subjects.ana)).rejects.toMatchObject({ connector: 'astra-down', code: 'UNREACHABLE' });
    } finally {
      await down.close();
    }
  });

  it('reports a missing environment variable for the URL by name', async () => {
    await expect(createConnector(caseDbConfig('postgres', { urlEnv: 'NRX_NO_SUCH_VARIABLE' }, 'astra-env'))).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('NRX_NO_SUCH_VARIABLE is not set'),
    });
  });

  it.runIf(serverUrl)('reports refused credentials as AUTH_FAILED', async () => {
    const url = new URL(serverUrl!);
    url.username = 'nrx_no_such_role';
    url.password = '';
    process.env.NRX_TEST_WRONG_PASSWORD = 'wrong';
    const wrong = await createConnector(caseDbConfig('postgres', { url: url.href, passwordEnv: 'NRX_TEST_WRONG_PASSWORD' }, 'astra-creds'));
    try {
      await expect(wrong.getCase(subjects.ana)).rejects.toMatchObject({ connector: 'astra-creds', code: 'AUTH_FAILED' });
    } finally {
      await wrong.close();
    }
  });
});
