/**
 * `npm start`: a whole demo federation on this machine. Three gateways, for Serbia, Austria and
 * Moldova, on consecutive loopback ports, each with its own embedded database, its own members and
 * their keys, all in one trust list signed by the demo operator (under .nrx/demo); fictional
 * referrals, and ready tokens for every member.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { issueToken } from '../auth/token.ts';
import type { ReloadOutcome, ReloadTrigger } from '../auth/trust-list-reloader.ts';
import type { GatewayConfig } from '../config/types.ts';
import { startGateway, type RunningGateway } from '../server/gateway.ts';
import { loadSpec } from '../../lib/spec/load.ts';
import { repoRoot } from '../../lib/spec/paths.ts';
import { demoGatewayConfig, ensureDemoFiles, type DemoFiles } from './files.ts';
import { DEMO_GATEWAYS, type DemoGateway } from './members.ts';
import { seedDemo } from './seed.ts';
import { demoServices } from './services.ts';
import { DEMO_CASE_QUERY, demoConnectors } from './connectors.ts';

export interface DemoOptions {
  /** Where keys, trust list and databases live; default .nrx/demo in the working directory. */
  dir?: string;
  host?: string;
  /** The Serbian gateway's port; Austria's and Moldova's are the next two. */
  port?: number;
  logLevel?: string;
  out?: NodeJS.WritableStream;
}

export const TOKEN_TTL_SECONDS = 900;

const EXAMPLE_QUERY = `# The referrals this member sent, with the feedback each one got.
{
  referralsSent(first: 5) {
    edges {
      node {
        id
        recipient
        status
        document { purpose urgency requestedServices }
        statusHistory { status author at }
      }
    }
  }
  referralsReceived(first: 5) { edges { node { id sender status } } }
}
`;

/** Scenario 8 of the domain: the Austrian NGO refers a Serbian woman home (spec/examples). */
const CROSS_BORDER_EXAMPLE = join(repoRoot, 'spec', 'examples', '08-austria-ngo-returns-serbian-woman.json');

export interface DemoGatewayRun {
  plan: DemoGateway;
  gateway: RunningGateway;
}

export interface RunningDemo {
  gateways: DemoGatewayRun[];
  /** Reloads the trust list in every gateway (SIGHUP). */
  reloadTrustList(trigger: ReloadTrigger): Promise<ReloadOutcome[]>;
  close(): Promise<void>;
}

/** Where a demo gateway keeps its database: Serbia's where the one-gateway demo kept it. */
const dataDirOf = (files: DemoFiles, plan: DemoGateway) => (plan.name === 'rs' ? files.dataDir : join(files.dir, `data-${plan.name}`));

/** The services of the members a demo gateway hosts, in the file its configuration publishes (directory.servicesFile). */
function writeServicesFile(files: DemoFiles, plan: DemoGateway): string {
  const hosted = new Set(plan.members.map((m) => m.id));
  const file = join(files.dir, `services-${plan.name}.json`);
  writeFileSync(file, JSON.stringify(demoServices().filter((s) => hosted.has(s.organization)), null, 2));
  return file;
}

/**
 * The configuration of one demo gateway, the one place it is built: its members hosted with their
 * keys, its own database, the demo's agreements, loopback peers allowed, GraphiQL on (`overrides`:
 * what a benchmark varies).
 */
export function demoFederationConfig(files: DemoFiles, plan: DemoGateway, listen: { host: string; port: number }, logLevel: string, overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  return demoGatewayConfig(files, {
    gatewayId: plan.gatewayId,
    listen,
    publicUrl: `http://${listen.host}:${listen.port}`,
    dataDir: dataDirOf(files, plan),
    // The member's own key signs the gateway's audit checkpoints, so that its peers can check them.
    signingKeyFile: files.memberKeyFiles.get(plan.gatewayId)!,
    ...(plan.profile ? { profile: plan.profile } : {}),
    graphiql: true,
    policy: { enforce: true, agreementsDir: files.agreementsDir },
    connectors: plan.name === 'rs' ? demoConnectors() : [],
    // The rest of the federation settings (timeouts, answer sizes) are the defaults.
    federation: { hostedMembers: plan.members.map((m) => ({ id: m.id, keyFile: files.memberKeyFiles.get(m.id)! })), allowDevelopmentTransport: true } as GatewayConfig['federation'],
    federationOps: { trustListReload: { intervalSeconds: 300 }, witnesses: { intervalSeconds: 60 } },
    directory: { servicesFile: writeServicesFile(files, plan), peerTimeoutMs: 3000 },
    // The console signs in the members this gateway hosts, with one click per member and role.
    console: { enabled: true, idleMinutes: 10, tokenSeconds: 900, demoSignIn: { members: plan.members.map((m) => ({ member: m.id, keyFile: files.memberKeyFiles.get(m.id)! })), roles: ['case-worker', 'supervisor', 'dpo'] } },
    log: { level: logLevel as GatewayConfig['log']['level'] },
    ...overrides,
  });
}

async function memberTokens(files: DemoFiles, plan: DemoGateway, audience: string): Promise<string[]> {
  const lines: string[] = [];
  for (const member of plan.members) {
    const token = await issueToken({
      privateJwk: files.memberKeys.get(member.id)!,
      issuer: member.id,
      subject: 'demo-case-worker',
      audience,
      purpose: member.purpose,
      role: 'case-worker',
      ttlSeconds: TOKEN_TTL_SECONDS,
    });
    lines.push(`    # ${member.id}: ${member.agencyType}, purpose ${member.purpose}`, `    ${member.id}  ${token}`);
  }
  return lines;
}

const shown = (path: string) => relative(process.cwd(), path) || path;

/** The request that sends scenario 8's referral, written next to the keys for the banner's curl; with the consent it rests on. */
function writeCrossBorderRequest(dir: string): { file: string; id: string; consentId: string } {
  const document = JSON.parse(readFileSync(CROSS_BORDER_EXAMPLE, 'utf8')) as { id: string; consentRefs: string[] };
  const requests = join(dir, 'requests');
  mkdirSync(requests, { recursive: true });
  const file = join(requests, 'send-scenario-8.json');
  writeFileSync(file, JSON.stringify({ query: 'mutation($d: ReferralInput!) { submitReferral(document: $d) { id recipient status } }', variables: { d: document } }, null, 2) + '\n');
  return { file, id: document.id, consentId: document.consentRefs[0]! };
}

export async function runDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const out = options.out ?? process.stdout;
  const dir = resolve(options.dir ?? '.nrx/demo');
  const host = options.host ?? '127.0.0.1';
  const firstPort = options.port ?? (process.env.NRX_PORT ? Number(process.env.NRX_PORT) : 4000);
  const portOf = (index: number) => firstPort + index;
  const urlOf = (index: number) => `http://${host}:${portOf(index)}`;
  const gatewayOf = new Map(DEMO_GATEWAYS.flatMap((plan, i) => plan.members.map((m) => [m.id, urlOf(i)] as const)));
  const files = await ensureDemoFiles(dir, DEMO_GATEWAYS.flatMap((plan) => plan.members), gatewayOf);
  const logLevel = options.logLevel ?? process.env.NRX_LOG_LEVEL ?? 'warn';

  const runs: DemoGatewayRun[] = [];
  const close = async () => {
    await Promise.all(runs.map((r) => r.gateway.close()));
  };
  try {
    for (const [i, plan] of DEMO_GATEWAYS.entries()) {
      const config = demoFederationConfig(files, plan, { host, port: portOf(i) }, logLevel);
      runs.push({ plan, gateway: await startGateway(config, { defaultQuery: EXAMPLE_QUERY }) });
    }
    const version = loadSpec().version;
    const lines = [
      '',
      `NRX demo federation ${runs[0]!.gateway.trustList.federation} (spec ${version}): ${runs.length} gateways, one trust list signed by the demo operator.`,
    ];
    for (const { plan, gateway } of runs) {
      const seeded = await seedDemo(gateway.operations, gateway.trustList, version, (id) => plan.members.some((m) => m.id === id));
      lines.push(
        '',
        `${plan.country}: gateway ${plan.gatewayId}`,
        `  URL:       ${gateway.url}/`,
        `  Console:   ${gateway.url}/console  (sign in with one click as one of its members, in any role)`,
        `  GraphQL:   ${gateway.url}/graphql`,
        `  GraphiQL:  ${gateway.url}/graphql  (open in a browser; put {"Authorization": "Bearer <token>"} in the Headers tab)`,
        `  Database:  embedded, under ${shown(dataDirOf(files, plan))} (${seeded.added} referral(s) seeded now)`,
        `  Tokens for this gateway, valid ${TOKEN_TTL_SECONDS / 60} minutes (member, then token):`,
        ...(await memberTokens(files, plan, plan.gatewayId)),
      );
    }
    const [rs, at] = runs;
    const send = writeCrossBorderRequest(dir);
    const post = (url: string, token: string, body: string) => [`  curl -s ${url}/graphql -H 'content-type: application/json' -H "authorization: Bearer $${token}" \\`, `    -d '${body}'`];
    const keyFile = shown(files.memberKeyFiles.get('RS/GOV/CPTV')!);
    lines.push(
      '',
      'Try it:',
      '  TOKEN=<a token from above>',
      ...post(rs!.gateway.url, 'TOKEN', '{"query":"{ referralsReceived(first: 5) { edges { node { id sender status document { purpose } } } } }"}'),
      '',
      "Her case view as the coordinating body (RS/GOV/CPTV) sees it, with a record from the SOS line's own system:",
      ...post(rs!.gateway.url, 'TOKEN', JSON.stringify({ query: DEMO_CASE_QUERY })),
      '',
      'Across the border (scenario 8: the Austrian NGO refers a Serbian woman home to the Serbian coordinating body):',
      '  AT=<the AT/NGO/LEFOE token>  RS=<the RS/GOV/CPTV token>',
      `  curl -s ${at!.gateway.url}/graphql -H 'content-type: application/json' -H "authorization: Bearer $AT" -d @${shown(send.file)}`,
      "  Its delivery, the Serbian gateway's signed receipt, and its status as the Austrian NGO sees them:",
      ...post(at!.gateway.url, 'AT', JSON.stringify({ query: `{ referral(id: "${send.id}") { status deliveries { state attempts receipt { signedBy receivedAt digest } } statusHistory { status author at } } }` })),
      '  The Serbian coordinating body reads it on its own gateway and accepts it; the status travels back:',
      ...post(rs!.gateway.url, 'RS', JSON.stringify({ query: `mutation { respondToReferral(id: "${send.id}", decision: "accept") { status } }` })),
      '  She withdraws her consent at the Austrian NGO: the Serbian gateway is told, and removes from its copy what rested on it:',
      ...post(at!.gateway.url, 'AT', JSON.stringify({ query: `mutation { withdrawConsent(id: "${send.consentId}") { id } }` })),
      ...post(at!.gateway.url, 'AT', JSON.stringify({ query: `{ referral(id: "${send.id}") { deliveries { kind state receipt { withheldOnReceipt } } } }` })),
      `  Or click: ${at!.gateway.url}/console as AT/NGO/LEFOE; the referral's page shows each delivery and its signed receipt, and`,
      '  "Messages to other gateways" lists them, with Try again for one given up.',
      '',
      "Mint a fresh token (the other members' keys are next to it; --aud is the gateway the token is for):",
      `  node bin/nrx.js token --key ${keyFile} --iss RS/GOV/CPTV --sub demo-case-worker --aud ${runs[0]!.plan.gatewayId} --purpose identification --role case-worker --ttl ${TOKEN_TTL_SECONDS}`,
      '',
      'Stop with Ctrl-C.',
      '',
    );
    out.write(lines.join('\n'));
  } catch (error) {
    await close();
    throw error;
  }
  return {
    gateways: runs,
    reloadTrustList: (trigger) => Promise.all(runs.map((r) => r.gateway.reloadTrustList(trigger))),
    close,
  };
}
