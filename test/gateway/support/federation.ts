/** A throw-away federation for gateway tests: demo members, keys and trust list in a temp dir. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { issueToken } from '../../../gateway/auth/token.ts';
import type { GatewayConfig } from '../../../gateway/config/types.ts';
import { demoGatewayConfig, ensureDemoFiles, type DemoFiles } from '../../../gateway/demo/files.ts';
import { startGateway, type RunningGateway, type StartGatewayOptions } from '../../../gateway/server/gateway.ts';

export interface TestGateway {
  gateway: RunningGateway;
  files: DemoFiles;
  config: GatewayConfig;
  /** Every log line written so far. */
  logs: string[];
  token(member: string, purpose?: string): Promise<string>;
  graphql(token: string | undefined, query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

export const randomSchema = (prefix: string) => `${prefix}_${Math.random().toString(36).slice(2, 10)}`;

export async function startTestGateway(overrides: Partial<GatewayConfig> = {}, options: StartGatewayOptions = {}): Promise<TestGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'nrx-gw-'));
  const files = await ensureDemoFiles(dir);
  const databaseUrl = process.env.NRX_TEST_DATABASE_URL;
  const config = demoGatewayConfig(files, {
    // debug: every request line is written, so the log tests see all of them.
    log: { level: 'debug' },
    ...(databaseUrl ? { databaseUrl } : {}),
    ...overrides,
  });
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const schema = databaseUrl ? randomSchema('nrx_test_http') : undefined;
  const gateway = await startGateway(config, { logDestination: destination, ...(schema ? { databaseSchema: schema } : {}), ...options });
  return {
    gateway,
    files,
    config,
    logs,
    token: (member, purpose = 'referral') =>
      issueToken({ privateJwk: files.memberKeys.get(member)!, issuer: member, subject: 'tester', audience: config.audience, purpose, role: 'case-worker', ttlSeconds: 600 }),
    async graphql(token, query, variables) {
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
      });
      return { status: response.status, body: await response.json() };
    },
    async stop() {
      if (schema) await gateway.store.db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await gateway.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function referralDocument(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'referral',
    specVersion: '1.0.0',
    id: crypto.randomUUID(),
    sender: 'RS/GOV/POLICE',
    recipient: 'RS/NGO/ATINA',
    purpose: 'assistance',
    created: '2025-05-01T10:00:00Z',
    subject: 'test-subject-0001',
    sections: { person: { subject: 'test-subject-0001', sex: 'female', languages: ['ro'] } },
    ...overrides,
  };
}
