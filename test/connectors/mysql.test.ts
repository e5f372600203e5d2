import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { createConnector } from '../../connectors/index.ts';
import type { MappedConnector } from '../../connectors/mapped-connector.ts';
import { caseDbConfig, createCaseDb, subjects } from './fixtures/case-db.ts';
import { caseDbContract } from './case-db-suite.ts';

const serverUrl = process.env.NRX_TEST_MYSQL_URL;
const database = `nrx_conn_${randomBytes(4).toString('hex')}`;

if (!serverUrl) {
  console.warn('MySQL/MariaDB connector tests DID NOT RUN: set NRX_TEST_MYSQL_URL (e.g. mysql://root@127.0.0.1:3306/test) to run them.');
}

describe.skipIf(!serverUrl)('MySQL/MariaDB connector (NOT RUN without NRX_TEST_MYSQL_URL)', () => {
  let connector: MappedConnector;
  let admin: mysql.Connection;

  beforeAll(async () => {
    admin = await mysql.createConnection(serverUrl!);
    await admin.query(`CREATE DATABASE ${database} CHARACTER SET utf8mb4`);
    await admin.query(`USE ${database}`);
    await createCaseDb((sql, params) => admin.execute(sql, params as never[]), 'mysql');
    const url = new URL(serverUrl!);
    url.pathname = `/${database}`;
    connector = await createConnector(caseDbConfig('mysql', { url: url.href }));
  });

  afterAll(async () => {
    await connector?.close();
    if (admin) {
      await admin.query(`DROP DATABASE IF EXISTS ${database}`);
      await admin.end();
    }
  });

  caseDbContract(() => connector);

  it('keeps the tables intact after the injection attempts', async () => {
    const [rows] = await admin.query(`SELECT COUNT(*) AS n FROM ${database}.cases`);
    expect((rows as { n: number }[])[0]!.n).toBe(6);
  });

  it('reports refused credentials as AUTH_FAILED, naming the connector', async () => {
    const url = new URL(serverUrl!);
    url.username = 'nrx_no_such_user';
    url.password = '';
    url.pathname = `/${database}`;
    process.env.NRX_TEST_MYSQL_WRONG_PASSWORD = 'wrong';
    const wrong = await createConnector(caseDbConfig('mysql', { url: url.href, passwordEnv: 'NRX_TEST_MYSQL_WRONG_PASSWORD' }, 'astra-mysql-creds'));
    try {
      await expect(wrong.getCase(subjects.ana)).rejects.toMatchObject({ connector: 'astra-mysql-creds', code: 'AUTH_FAILED' });
    } finally {
      await wrong.close();
    }
  });

  it('reports an unreachable server as UNREACHABLE', async () => {
    const down = await createConnector(caseDbConfig('mysql', { url: 'mysql://root@127.0.0.1:1/none', connectTimeoutMs: 2000 }, 'astra-mysql-down'));
    try {
      await expect(down.getCase(subjects.ana)).rejects.toMatchObject({ connector: 'astra-mysql-down', code: 'UNREACHABLE' });
    } finally {
      await down.close();
    }
  });
});
