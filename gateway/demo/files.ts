/**
 * The demo's keys, trust list and configuration under one directory. Keys are made once and
 * reused (so tokens and the database survive restarts); the trust list is re-signed at every start
 * because it carries its own issue date and expiry.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import type { JWK } from 'jose';
import { generateSigningKey, toPublicJwk } from '../auth/keys.ts';
import { signTrustList } from '../auth/trust-list.ts';
import { loadSpec } from '../../lib/spec/load.ts';
import { repoRoot } from '../../lib/spec/paths.ts';
import { DEMO_FEDERATION, DEMO_GATEWAY_ID, DEMO_MEMBERS, DEMO_OPERATOR, type DemoMember } from './members.ts';
import { loadConfig } from '../config/load.ts';
import type { GatewayConfig } from '../config/types.ts';

export interface DemoFiles {
  dir: string;
  dataDir: string;
  trustListFile: string;
  operatorPublicKeyFile: string;
  gatewayKeyFile: string;
  /** Private key file per demo member id. */
  memberKeyFiles: Map<string, string>;
  memberKeys: Map<string, JWK>;
  /** The data-sharing agreements the demo gateway enforces: the spec's examples and the demo's own. */
  agreementsDir: string;
}

/** Where the agreements come from: the spec's example agreements, then the demo's own. */
export const DEMO_AGREEMENT_SOURCES = [join(repoRoot, 'spec', 'examples', 'agreements'), fileURLToPath(new URL('./agreements/', import.meta.url))];

/** Copies the agreements afresh at every start, so that a changed example takes effect. */
function writeAgreements(dir: string): string {
  const out = join(dir, 'agreements');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const source of DEMO_AGREEMENT_SOURCES) {
    if (!existsSync(source)) continue;
    for (const name of readdirSync(source)) if (name.endsWith('.json')) copyFileSync(join(source, name), join(out, name));
  }
  return out;
}

const keyFileName = (memberId: string) => `${memberId.replace(/\//g, '_')}.private.jwk.json`;

/** Reads the key in `file`, or makes one and writes it there (private: owner-only). */
async function ensureKey(file: string, kid: string): Promise<JWK> {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as JWK;
  const { privateJwk } = await generateSigningKey({ kid });
  writeFileSync(file, JSON.stringify(privateJwk, null, 2) + '\n', { mode: 0o600 });
  return privateJwk;
}

function memberEntry(member: DemoMember, publicJwk: JWK, specVersion: string) {
  return {
    kind: 'member',
    specVersion,
    id: member.id,
    name: member.name,
    country: member.id.slice(0, 2),
    memberClass: member.memberClass,
    agencyType: member.agencyType,
    description: member.description,
    jwks: { keys: [publicJwk] },
    status: 'active',
  };
}

/** Keys and a signed trust list for `members` (the demo federation unless others are given, e.g. a test scenario's). */
export async function ensureDemoFiles(dir: string, members: readonly DemoMember[] = DEMO_MEMBERS): Promise<DemoFiles> {
  const keysDir = join(dir, 'keys');
  mkdirSync(keysDir, { recursive: true });
  const spec = loadSpec();
  const operatorKey = await ensureKey(join(keysDir, keyFileName(DEMO_OPERATOR.id)), 'demo-operator');
  const operatorPublicKeyFile = join(keysDir, 'operator.public.jwk.json');
  writeFileSync(operatorPublicKeyFile, JSON.stringify(toPublicJwk(operatorKey), null, 2) + '\n');
  const gatewayKeyFile = join(keysDir, 'gateway.private.jwk.json');
  await ensureKey(gatewayKeyFile, 'demo-gateway');

  const memberKeyFiles = new Map<string, string>();
  const memberKeys = new Map<string, JWK>();
  for (const member of members) {
    const file = join(keysDir, keyFileName(member.id));
    memberKeys.set(member.id, await ensureKey(file, `demo-${member.id.replace(/\//g, '-').toLowerCase()}`));
    memberKeyFiles.set(member.id, file);
  }

  const issued = new Date();
  const document = {
    kind: 'trust-list',
    specVersion: spec.version,
    id: randomUUID(),
    federation: DEMO_FEDERATION,
    sequence: Math.floor(issued.getTime() / 1000),
    issued: issued.toISOString(),
    nextUpdate: new Date(issued.getTime() + 30 * 24 * 3600 * 1000).toISOString(),
    operator: DEMO_OPERATOR.id,
    members: [
      memberEntry(DEMO_OPERATOR, toPublicJwk(operatorKey), spec.version),
      ...members.map((m) => memberEntry(m, toPublicJwk(memberKeys.get(m.id)!), spec.version)),
    ],
  };
  const trustListFile = join(dir, 'trust-list.jws');
  writeFileSync(trustListFile, (await signTrustList(document, operatorKey)) + '\n');
  return { dir, dataDir: join(dir, 'data'), trustListFile, operatorPublicKeyFile, gatewayKeyFile, memberKeyFiles, memberKeys, agreementsDir: writeAgreements(dir) };
}

/**
 * A gateway configuration over the demo files: the demo federation's gateway id, trust list and
 * keys on a free loopback port. Benchmarks and tests start their gateways from this and override
 * what they vary (the demo's agreements are in `files.agreementsDir`).
 */
export function demoGatewayConfig(files: DemoFiles, overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  return loadConfig({
    env: {},
    overrides: {
      gatewayId: DEMO_GATEWAY_ID,
      listen: { host: '127.0.0.1', port: 0 },
      dataDir: files.dataDir,
      trustList: { file: files.trustListFile, operatorKeyFile: files.operatorPublicKeyFile },
      signingKeyFile: files.gatewayKeyFile,
      console: { enabled: true, idleMinutes: 10, tokenSeconds: 900, demoSignIn: { members: [...files.memberKeyFiles].map(([member, keyFile]) => ({ member, keyFile })), roles: ['case-worker', 'supervisor', 'dpo'] } },
      ...overrides,
    },
  });
}
