/**
 * Every configuration under examples/ is started as an operator would start it: the gateway
 * examples with `nrx serve`'s loader and the gateway itself (keys and trust list made here,
 * given through NRX_* variables, as the examples' comments say), the connector examples with
 * `nrx connector test --show` against a live system of their kind. The case databases need the
 * servers: NRX_TEST_DATABASE_URL and NRX_TEST_MYSQL_URL (see README, Tests and servers).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { ensureDemoFiles, type DemoFiles } from '../../gateway/demo/files.ts';
import { loadConfig } from '../../gateway/config/load.ts';
import { startGateway } from '../../gateway/server/gateway.ts';
import { issueToken } from '../../gateway/auth/token.ts';
import { repoRoot } from '../../lib/spec/paths.ts';
import { nrx } from '../cli/run.ts';

const examples = join(repoRoot, 'examples');
const dir = mkdtempSync(join(tmpdir(), 'nrx-examples-'));
let files: DemoFiles;
beforeAll(async () => {
  files = await ensureDemoFiles(join(dir, 'federation'));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const gatewayExamples = readdirSync(join(examples, 'gateway')).filter((f) => f.endsWith('.yaml'));

describe('examples/gateway: each configuration starts a gateway that answers', () => {
  it('there is one per kind of deployment', () => {
    expect(gatewayExamples.sort()).toEqual(['coordinating-body-postgres.yaml', 'embedded-ngo.yaml', 'shelter-subsystem.yaml']);
  });

  it.each(gatewayExamples)('%s', async (name) => {
    const onServer = name.includes('postgres');
    const serverUrl = process.env.NRX_TEST_DATABASE_URL;
    const env: NodeJS.ProcessEnv = {
      NRX_TRUST_LIST_FILE: files.trustListFile,
      NRX_OPERATOR_KEY_FILE: files.operatorPublicKeyFile,
      NRX_SIGNING_KEY_FILE: files.gatewayKeyFile,
      NRX_DATA_DIR: join(dir, `data-${name}`),
      NRX_HOST: '127.0.0.1',
      NRX_PORT: '0',
      NRX_AGREEMENTS_DIR: files.agreementsDir,
      NRX_PSEUDONYM_KEY_FILE: join(dir, `pseudonym-${name}.key`),
      NRX_LOG_LEVEL: 'warn',
    };
    writeFileSync(env.NRX_PSEUDONYM_KEY_FILE!, randomBytes(32).toString('hex'));
    let schema: string | undefined;
    if (onServer) {
      // Without a server the same file runs on the embedded database (NRX_DATABASE_URL unset).
      if (serverUrl) {
        schema = `nrx_example_${randomBytes(4).toString('hex')}`;
        const url = new URL(serverUrl);
        url.searchParams.set('options', `-c search_path=${schema}`);
        const admin = new pg.Client({ connectionString: serverUrl });
        await admin.connect();
        await admin.query(`CREATE SCHEMA ${schema}`);
        await admin.end();
        env.NRX_DATABASE_URL = url.href;
      }
    }
    const config = loadConfig({ file: join(examples, 'gateway', name), env });
    const gateway = await startGateway(config);
    try {
      expect((await fetch(`${gateway.url}/ready`)).status).toBe(200);
      if (onServer && serverUrl) expect(gateway.store.db.kind).not.toBe('pglite');
      const token = await issueToken({ privateJwk: files.memberKeys.get('RS/GOV/POLICE')!, issuer: 'RS/GOV/POLICE', subject: 'example-test', audience: config.audience, purpose: 'identification', role: 'case-worker' });
      const response = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ spec { version } }' }) });
      expect(response.status).toBe(200);
      expect((await response.json()).data.spec.version).toMatch(/^1\./);
    } finally {
      await gateway.close();
      if (schema) {
        const admin = new pg.Client({ connectionString: serverUrl });
        await admin.connect();
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
        await admin.end();
      }
    }
  }, 60_000);

  it('a bad setting in an example fails with its path and what is expected', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, readFileSync(join(examples, 'gateway', 'embedded-ngo.yaml'), 'utf8').replace('port: 4000', 'port: lots'));
    expect(() => loadConfig({ file: bad, env: { NRX_TRUST_LIST_FILE: files.trustListFile } })).toThrow(/listen\.port/);
  });
});

/** Runs `nrx connector test --show --json` on a configuration, with the environment it names. */
async function connectorTest(file: string, env: NodeJS.ProcessEnv = {}) {
  const result = await nrx(['connector', 'test', '--show', '--json', file], { env: { ...process.env, ...env } });
  const report = JSON.parse(result.stdout);
  const failed = report.results.filter((r: any) => r.status !== 'pass');
  return { code: result.code, report, failed };
}

describe('examples/connectors: each configuration passes the contract suite against a live system', () => {
  it('the HTCDS spreadsheet, its subject-reference column mapped, the record shown masked', async () => {
    const { code, report, failed } = await connectorTest(join(examples, 'connectors', 'htcds-spreadsheet.yaml'));
    expect(failed).toEqual([]);
    expect(code).toBe(0);
    const lookup = report.results.find((r: any) => r.name === 'getCase ex-irina-0001');
    expect(lookup.records).toHaveLength(1);
    expect(lookup.records[0].sections.person).toMatchObject({ subject: '<string>', sex: '<string>' });
    expect(JSON.stringify(report)).not.toContain('Irina');
  });

  it('a REST system', async () => {
    const server: Server = createServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      res.setHeader('content-type', 'application/json');
      if (url.pathname === '/api/health') return void res.end('{"ok":true}');
      if (req.headers.authorization !== 'Bearer example-token') return void res.writeHead(401).end('{}');
      const refs = url.searchParams.getAll('ref');
      const items = [{ client: { pseudonym: 'ex-vera-0001', gender: 'F', langs: ['uk', 'ru'] } }].filter((c) => refs.includes(c.client.pseudonym));
      res.end(JSON.stringify({ items }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const file = join(dir, 'rest-system.yaml');
      const port = (server.address() as AddressInfo).port;
      writeFileSync(file, readFileSync(join(examples, 'connectors', 'rest-system.yaml'), 'utf8').replace('http://127.0.0.1:8080', `http://127.0.0.1:${port}`));
      const { code, report, failed } = await connectorTest(file, { NRX_HELPLINE_TOKEN: 'example-token' });
      expect(failed).toEqual([]);
      expect(code).toBe(0);
      expect(report.results.find((r: any) => r.name === 'getCase ex-vera-0001').records[0].sections.person).toEqual({ subject: '<string>', sex: '<string>', languages: ['<string>', '<string>'], interpreterNeeded: '<boolean>' });
    } finally {
      server.close();
    }
  });

  const sql = readFileSync(join(examples, 'connectors', 'case-db.sql'), 'utf8').split(';').map((s) => s.replace(/--.*$/gm, '').trim()).filter(Boolean);
  const pgUrl = process.env.NRX_TEST_DATABASE_URL;
  const mysqlUrl = process.env.NRX_TEST_MYSQL_URL;
  if (!pgUrl) console.warn('examples/connectors/postgres-case-db.yaml DID NOT RUN: set NRX_TEST_DATABASE_URL to run it.');
  if (!mysqlUrl) console.warn('examples/connectors/mysql-case-db.yaml DID NOT RUN: set NRX_TEST_MYSQL_URL to run it.');

  it.skipIf(!pgUrl)('a PostgreSQL case database (NOT RUN without NRX_TEST_DATABASE_URL)', async () => {
    const schema = `nrx_example_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA ${schema}`);
      await admin.query(`SET search_path TO ${schema}`);
      for (const statement of sql) await admin.query(statement);
      const url = new URL(pgUrl!);
      url.searchParams.set('options', `-c search_path=${schema}`);
      const { code, failed, report } = await connectorTest(join(examples, 'connectors', 'postgres-case-db.yaml'), { NRX_CASE_DB_URL: url.href });
      expect(failed).toEqual([]);
      expect(code).toBe(0);
      expect(report.results.find((r: any) => r.name === 'findCases localCaseNumber=CASE-2024-0002').records).toHaveLength(1);
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    }
  }, 60_000);

  it.skipIf(!mysqlUrl)('a MySQL case database (NOT RUN without NRX_TEST_MYSQL_URL)', async () => {
    const database = `nrx_example_${randomBytes(4).toString('hex')}`;
    const admin = await mysql.createConnection(mysqlUrl!);
    try {
      await admin.query(`CREATE DATABASE ${database}`);
      await admin.query(`USE ${database}`);
      for (const statement of sql) await admin.query(statement);
      const url = new URL(mysqlUrl!);
      url.pathname = `/${database}`;
      const { code, failed } = await connectorTest(join(examples, 'connectors', 'mysql-case-db.yaml'), { NRX_CASE_DB_MYSQL_URL: url.href });
      expect(failed).toEqual([]);
      expect(code).toBe(0);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${database}`);
      await admin.end();
    }
  }, 60_000);
});
