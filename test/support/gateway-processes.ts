/**
 * Several gateways as separate `node bin/nrx.js serve` processes on loopback, each with its own
 * store, configuration and keys, all from one signed trust list that lists each member's gateway
 * URL. A gateway can be stopped (SIGTERM), killed (SIGKILL) and restarted on the same port and
 * store, and given replicas (more processes on the same database).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JWK } from 'jose';
import pg from 'pg';
import { generateSigningKey, toPublicJwk } from '../../gateway/auth/keys.ts';
import { issueToken } from '../../gateway/auth/token.ts';
import { signTrustList } from '../../gateway/auth/trust-list.ts';
import { DEMO_AGREEMENT_SOURCES } from '../../gateway/demo/files.ts';
import { loadSpec } from '../../lib/spec/load.ts';
import { repoRoot } from '../../lib/spec/paths.ts';
import { freePort } from './ports.ts';

export interface FleetMember {
  id: string;
  agencyType: string;
  name?: string;
  /** Listed as suspended: its messages must be refused. */
  suspended?: boolean;
}

export interface GatewayPlan {
  /** A short name for the test to refer to it by (rs, at, md). */
  name: string;
  /** Its own member id (config gatewayId); must be one of `members`. */
  gatewayId: string;
  /** The members it hosts (its own gatewayId included). */
  members: FleetMember[];
  /** A PostgreSQL server URL for its store; the embedded database under its data directory otherwise. */
  databaseUrl?: string;
  /** Any further configuration settings, merged over the generated ones. */
  config?: Record<string, unknown>;
  /** The console's demo sign-in for its members (their keys are made here, so a plan cannot name the files). */
  consoleSignIn?: boolean;
}

export interface FleetOptions {
  /** Data-sharing agreements (objects) every gateway enforces, besides the spec's examples. */
  agreements?: object[];
  /** Extra members in the trust list that no gateway of the fleet hosts. */
  otherMembers?: FleetMember[];
  /** Kept after stop() for inspection when set. */
  keepDir?: boolean;
}

export interface TokenOptions {
  purpose?: string;
  role?: string;
  user?: string;
}

export interface GatewayProcess {
  readonly name: string;
  readonly gatewayId: string;
  readonly members: readonly string[];
  readonly url: string;
  readonly port: number;
  readonly configFile: string;
  readonly dataDir: string;
  readonly logFile: string;
  /** The child process now running, if any. */
  readonly child: ChildProcess | undefined;
  /** A token for one of this gateway's members, for this gateway. */
  token(memberId: string, options?: TokenOptions): Promise<string>;
  /** POSTs a GraphQL request; resolves with the HTTP status and the parsed body. */
  graphql(token: string, query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: any }>;
  /** Starts the process (again) and waits until /ready answers. */
  start(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL and wait for the exit: nothing is flushed or closed. */
  kill(): Promise<void>;
  restart(): Promise<void>;
  /** Another process of the same gateway on the same database (a PostgreSQL server only), on its own port. */
  replica(): Promise<GatewayProcess>;
  /** What the process wrote to stdout and stderr so far. */
  logs(): string;
  /** `nrx audit verify` over its store (stop it first when it uses the embedded database). */
  verifyAudit(): Promise<{ status: number | null; stdout: string; stderr: string }>;
}

export interface Fleet {
  readonly dir: string;
  readonly gateways: ReadonlyMap<string, GatewayProcess>;
  get(name: string): GatewayProcess;
  readonly trustListFile: string;
  readonly operatorPublicKeyFile: string;
  /** Every member's private key, by member id. */
  readonly memberKeys: ReadonlyMap<string, JWK>;
  /** Runs `nrx` with arguments (as a separate process); resolves with its exit status and output. */
  nrx(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }>;
  /** Stops every process (SIGTERM) and removes the directory. */
  stop(): Promise<void>;
}

const NRX = join(repoRoot, 'bin', 'nrx.js');
const FEDERATION = 'NRX-TEST';
const OPERATOR: FleetMember = { id: 'RS/GOV/NRX-OPERATOR', agencyType: 'national-coordinator' };

/** Runs `nrx` as a separate process; resolves with its exit status and output. */
export function runNrx(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [NRX, ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const keyFileName = (id: string) => `${id.replace(/\//g, '_')}.private.jwk.json`;

function memberEntry(member: FleetMember, publicJwk: JWK, specVersion: string, gateway?: string) {
  return {
    kind: 'member',
    specVersion,
    id: member.id,
    name: member.name ?? `${member.id} (test)`,
    country: member.id.slice(0, 2),
    memberClass: member.id.split('/')[1]!,
    agencyType: member.agencyType,
    description: 'A fictional member of a test federation.',
    ...(gateway ? { endpoints: { gateway } } : {}),
    jwks: { keys: [publicJwk] },
    status: member.suspended ? 'suspended' : 'active',
  };
}

/** A separate schema on the server for one gateway, through the URL (every connection, LISTEN's included). */
export async function databaseWithSchema(url: string, schema: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } finally {
    await client.end();
  }
  const withSchema = new URL(url);
  withSchema.searchParams.set('options', `-c search_path=${schema}`);
  return withSchema.toString();
}

/** How long a gateway process may take to start; NRX_TEST_GATEWAY_START_MS raises it on a heavily loaded machine. */
const START_TIMEOUT_MS = Number(process.env.NRX_TEST_GATEWAY_START_MS ?? 180_000);

async function waitReady(url: string, child: ChildProcess, logs: () => string, timeoutMs = START_TIMEOUT_MS): Promise<void> {
  const until = Date.now() + timeoutMs;
  let exited: number | null | undefined;
  const onExit = (code: number | null) => (exited = code);
  child.once('exit', onExit);
  try {
    while (Date.now() < until) {
      if (exited !== undefined) throw new Error(`the gateway at ${url} exited (${exited}) before it was ready:\n${logs().slice(-3000)}`);
      const ready = await fetch(`${url}/ready`).then((r) => r.status === 200, () => false);
      if (ready) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`the gateway at ${url} was not ready within ${timeoutMs} ms:\n${logs().slice(-3000)}`);
  } finally {
    child.off('exit', onExit);
  }
}

function exitOf(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts the fleet: keys, one signed trust list, a configuration and a process per gateway. */
export async function startFleet(plans: GatewayPlan[], options: FleetOptions = {}): Promise<Fleet> {
  const dir = mkdtempSync(join(tmpdir(), 'nrx-fleet-'));
  const keysDir = join(dir, 'keys');
  mkdirSync(keysDir);
  const spec = loadSpec();
  const memberKeys = new Map<string, JWK>();
  const keyFiles = new Map<string, string>();
  const allMembers = [OPERATOR, ...plans.flatMap((p) => p.members), ...(options.otherMembers ?? [])];
  for (const member of allMembers) {
    const { privateJwk } = await generateSigningKey({ kid: `test-${member.id.replace(/\//g, '-').toLowerCase()}-${randomUUID().slice(0, 8)}` });
    const file = join(keysDir, keyFileName(member.id));
    writeFileSync(file, JSON.stringify(privateJwk), { mode: 0o600 });
    memberKeys.set(member.id, privateJwk);
    keyFiles.set(member.id, file);
  }
  const ports = new Map<string, number>();
  for (const plan of plans) ports.set(plan.name, await freePort());
  const urlOf = (name: string) => `http://127.0.0.1:${ports.get(name)}`;

  const issued = new Date();
  const document = {
    kind: 'trust-list',
    specVersion: spec.version,
    id: randomUUID(),
    federation: FEDERATION,
    sequence: Math.floor(issued.getTime() / 1000),
    issued: issued.toISOString(),
    nextUpdate: new Date(issued.getTime() + 24 * 3600 * 1000).toISOString(),
    operator: OPERATOR.id,
    members: [
      memberEntry(OPERATOR, toPublicJwk(memberKeys.get(OPERATOR.id)!), spec.version),
      ...plans.flatMap((p) => p.members.map((m) => memberEntry(m, toPublicJwk(memberKeys.get(m.id)!), spec.version, urlOf(p.name)))),
      ...(options.otherMembers ?? []).map((m) => memberEntry(m, toPublicJwk(memberKeys.get(m.id)!), spec.version)),
    ],
  };
  const trustListFile = join(dir, 'trust-list.jws');
  writeFileSync(trustListFile, (await signTrustList(document, memberKeys.get(OPERATOR.id)!)) + '\n');
  const operatorPublicKeyFile = join(keysDir, 'operator.public.jwk.json');
  writeFileSync(operatorPublicKeyFile, JSON.stringify(toPublicJwk(memberKeys.get(OPERATOR.id)!)));

  const agreementsDir = join(dir, 'agreements');
  mkdirSync(agreementsDir);
  for (const source of DEMO_AGREEMENT_SOURCES) if (existsSync(source)) cpSync(source, agreementsDir, { recursive: true });
  for (const agreement of options.agreements ?? []) writeFileSync(join(agreementsDir, `${(agreement as { id: string }).id}.json`), JSON.stringify(agreement));

  const gateways = new Map<string, GatewayProcess>();
  const everyProcess: GatewayProcess[] = [];

  function gatewayProcess(plan: GatewayPlan, port: number, label: string): GatewayProcess {
    const url = `http://127.0.0.1:${port}`;
    const gatewayDir = join(dir, label);
    const dataDir = join(gatewayDir, 'data');
    mkdirSync(dataDir, { recursive: true });
    const configFile = join(gatewayDir, 'config.json');
    const logFile = join(gatewayDir, 'gateway.log');
    const config = {
      gatewayId: plan.gatewayId,
      listen: { host: '127.0.0.1', port },
      publicUrl: urlOf(plan.name),
      dataDir,
      ...(plan.databaseUrl ? { databaseUrl: plan.databaseUrl } : {}),
      trustList: { file: trustListFile, operatorKeyFile: operatorPublicKeyFile },
      // The gateway's own member key also signs its audit checkpoints: peers find it in the trust list.
      signingKeyFile: keyFiles.get(plan.gatewayId)!,
      log: { level: 'info' },
      policy: { agreementsDir, pseudonymKeyFile: join(dir, `${plan.name}.pseudonym.key`) },
      ...(plan.consoleSignIn ? { console: { enabled: true, demoSignIn: { members: plan.members.map((m) => ({ member: m.id, keyFile: keyFiles.get(m.id)! })), roles: ['case-worker', 'supervisor', 'dpo'] } } } : {}),
      ...plan.config,
      federation: { hostedMembers: plan.members.map((m) => ({ id: m.id, keyFile: keyFiles.get(m.id)! })), allowDevelopmentTransport: true, ...(plan.config?.federation as object | undefined) },
    };
    if (!existsSync(config.policy.pseudonymKeyFile)) writeFileSync(config.policy.pseudonymKeyFile, randomUUID() + randomUUID(), { mode: 0o600 });
    writeFileSync(configFile, JSON.stringify(config, null, 2));
    let child: ChildProcess | undefined;
    const logs = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');

    const self: GatewayProcess = {
      name: plan.name,
      gatewayId: plan.gatewayId,
      members: plan.members.map((m) => m.id),
      url,
      port,
      configFile,
      dataDir,
      logFile,
      get child() {
        return child;
      },
      token(memberId, opts = {}) {
        const key = memberKeys.get(memberId);
        if (!key) throw new Error(`no key for ${memberId}`);
        return issueToken({ privateJwk: key, issuer: memberId, subject: opts.user ?? 'test-officer', audience: plan.gatewayId, purpose: opts.purpose ?? 'referral', role: opts.role ?? 'case-worker', ttlSeconds: 600 });
      },
      async graphql(token, query, variables) {
        const response = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
        });
        return { status: response.status, body: await response.json() };
      },
      async start() {
        if (child && child.exitCode === null && child.signalCode === null) throw new Error(`${label} is already running`);
        const out = openSync(logFile, 'a');
        try {
          child = spawn(process.execPath, [NRX, 'serve', '--config', configFile], { cwd: repoRoot, stdio: ['ignore', out, out], env: { ...process.env, NRX_CONFIG: '' } });
        } finally {
          closeSync(out);
        }
        await waitReady(url, child, logs);
      },
      async stop() {
        const running = child;
        if (!running || running.exitCode !== null || running.signalCode !== null) return;
        running.kill('SIGTERM');
        await exitOf(running);
      },
      async kill() {
        const running = child;
        if (!running || running.exitCode !== null || running.signalCode !== null) return;
        running.kill('SIGKILL');
        await exitOf(running);
      },
      async restart() {
        await self.stop();
        await self.start();
      },
      async replica() {
        if (!plan.databaseUrl) throw new Error('replicas share a PostgreSQL server: give the plan a databaseUrl');
        const copy = gatewayProcess(plan, await freePort(), `${label}-replica-${everyProcess.length}`);
        everyProcess.push(copy);
        await copy.start();
        return copy;
      },
      logs,
      verifyAudit() {
        const publicKey = join(gatewayDir, 'gateway.public.jwk.json');
        writeFileSync(publicKey, JSON.stringify(toPublicJwk(memberKeys.get(plan.gatewayId)!)));
        const where = plan.databaseUrl ? ['--database-url', plan.databaseUrl] : ['--data-dir', dataDir];
        return runNrx(['audit', 'verify', ...where, '--key', publicKey, '--no-progress']);
      },
    };
    return self;
  }

  for (const plan of plans) {
    if (!plan.members.some((m) => m.id === plan.gatewayId)) throw new Error(`${plan.name}: gatewayId ${plan.gatewayId} must be one of its members`);
    const process_ = gatewayProcess(plan, ports.get(plan.name)!, plan.name);
    gateways.set(plan.name, process_);
    everyProcess.push(process_);
  }
  try {
    await Promise.all([...gateways.values()].map((g) => g.start()));
  } catch (error) {
    await Promise.all(everyProcess.map((g) => g.kill()));
    throw error;
  }

  return {
    dir,
    gateways,
    get(name) {
      const gateway = gateways.get(name);
      if (!gateway) throw new Error(`no gateway named ${name}`);
      return gateway;
    },
    trustListFile,
    operatorPublicKeyFile,
    memberKeys,
    nrx: runNrx,
    async stop() {
      await Promise.all(everyProcess.map((g) => g.stop()));
      if (!options.keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
