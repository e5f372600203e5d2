/** A gateway with agency systems plugged in: demo members and agreements, real tokens, port 0. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { issueToken } from '../../../gateway/auth/token.ts';
import type { GatewayConfig } from '../../../gateway/config/types.ts';
import { demoGatewayConfig, ensureDemoFiles, type DemoFiles } from '../../../gateway/demo/files.ts';
import { startGateway, type RunningGateway } from '../../../gateway/server/gateway.ts';

export interface ConnectedGateway {
  gateway: RunningGateway;
  files: DemoFiles;
  token(member: string, purpose: string): Promise<string>;
  graphql(token: string, query: string, variables?: Record<string, unknown>): Promise<any>;
  stop(): Promise<void>;
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

export async function startConnectedGateway(connectors: unknown[], fanout: Partial<GatewayConfig['fanout']> = {}): Promise<ConnectedGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'nrx-gw-conn-'));
  const files = await ensureDemoFiles(dir);
  const databaseUrl = process.env.NRX_TEST_DATABASE_URL;
  const schema = databaseUrl ? `nrx_test_gwconn_${Math.random().toString(36).slice(2, 10)}` : undefined;
  const config = demoGatewayConfig(files, {
    log: { level: 'silent' },
    policy: { enforce: true, agreementsDir: files.agreementsDir },
    connectors: connectors as GatewayConfig['connectors'],
    fanout: fanout as GatewayConfig['fanout'],
    ...(databaseUrl ? { databaseUrl } : {}),
  });
  let gateway: RunningGateway;
  try {
    gateway = await startGateway(config, { logDestination: new Writable({ write: (_c, _e, done) => done() }), ...(schema ? { databaseSchema: schema } : {}) });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    // A gateway that fails start-up (a bad connector) may already have made its schema on the server.
    if (schema && databaseUrl) await dropSchema(databaseUrl, schema);
    throw error;
  }
  return {
    gateway,
    files,
    token: (member, purpose) =>
      issueToken({ privateJwk: files.memberKeys.get(member)!, issuer: member, subject: 'case-worker-7', audience: config.audience, purpose, role: 'case-worker', ttlSeconds: 600 }),
    async graphql(token, query, variables) {
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
      });
      return response.json();
    },
    async stop() {
      if (schema) await gateway.store.db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await gateway.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
