/**
 * One server of the gateway benchmark, started in its own process by run.ts:
 *   gateway  the full gateway (auth, armor, store, logging) answering an authenticated referral query
 *   yoga     plain graphql-yoga with the same schema, serving the same object from memory, no auth;
 *            `yoga lean` with yoga's request-body limit off, as the gateway configures it
 *   raw      bare node:http sending the gateway's response bytes
 *   enforced the shelter reading a referral it received, field-level consent enforcement on
 *   open     the same with enforcement off
 *   audited  the consent-enforced query with the audit trail on
 * Prints one JSON line `{ url, token, body, expected }` when listening. BENCH_AUDIT_OFF=1 starts
 * the `gateway` server without the audit trail, to tell its cost apart when profiling.
 */
import { createServer } from 'node:http';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createYoga } from 'graphql-yoga';
import { issueToken } from '../../gateway/auth/token.ts';
import { demoGatewayConfig, ensureDemoFiles } from '../../gateway/demo/files.ts';
import { builtInReferrals, seedDemo } from '../../gateway/demo/seed.ts';
import { createLogger } from '../../gateway/log.ts';
import { startGateway } from '../../gateway/server/gateway.ts';
import { requestFor } from '../../gateway/request/context.ts';
import { loadSpec } from '../../lib/spec/load.ts';
import { buildGatewaySchema } from '../../schema/graphql/gateway-schema.ts';
import type { GatewayOperations } from '../../schema/graphql/operations.ts';
import type { StoredReferral } from '../../gateway/store/types.ts';

const mode = process.argv[2];
const spec = loadSpec();
const referralDoc = builtInReferrals(spec.version)[0]!;
export const QUERY = `query One($id: ID!) { referral(id: $id) { id status sender recipient purpose document { id purpose urgency created requestedServices note sections { person { subject sex minor citizenships languages interpreterNeeded } } } } }`;
const body = JSON.stringify({ query: QUERY, variables: { id: referralDoc.id }, operationName: 'One' });
/** The coordinating body's referral to the shelter (the demo's second built-in referral), read by the shelter. */
const recipientBody = JSON.stringify({ query: QUERY, variables: { id: builtInReferrals(spec.version)[1]!.id }, operationName: 'One' });

/** The shelter reading the coordinating body's referral: the consent-enforced query, or the same with enforcement off. */
async function recipientServer(enforce: boolean, audit = false) {
  const files = await ensureDemoFiles(mkdtempSync(join(tmpdir(), 'nrx-bench-')));
  // BENCH_DATABASE_URL runs the recipient servers on a PostgreSQL server (a schema of their own) instead of the embedded store.
  const serverUrl = process.env.BENCH_DATABASE_URL;
  const schema = serverUrl ? `nrx_bench_${process.pid}` : undefined;
  const config = demoGatewayConfig(files, {
    ...(serverUrl ? { databaseUrl: serverUrl } : {}),
    policy: { enforce, agreementsDir: files.agreementsDir },
  });
  const logger = createLogger({ level: process.env.BENCH_LOG_LEVEL ?? 'info', destination: createWriteStream('/dev/null') });
  // Enforcement and the audit trail are switched separately, so that each one's cost is its own ratio.
  const gateway = await startGateway(config, { logger, audit, ...(schema ? { databaseSchema: schema } : {}) });
  if (schema) {
    process.once('SIGTERM', () => {
      void gateway.store.db.exec(`DROP SCHEMA ${schema} CASCADE`).finally(() => process.exit(0));
    });
  }
  await seedDemo(gateway.operations, gateway.trustList, spec.version);
  const member = gateway.trustList.members.get('RS/NGO/ATINA')!;
  const token = await issueToken({ privateJwk: files.memberKeys.get(member.id)!, issuer: member.id, subject: 'bench', audience: config.audience, purpose: 'assistance', role: 'case-worker', ttlSeconds: 900 });
  return { url: `${gateway.url}/graphql`, token, body: recipientBody };
}

async function gatewayServer() {
  const files = await ensureDemoFiles(mkdtempSync(join(tmpdir(), 'nrx-bench-')));
  const config = demoGatewayConfig(files);
  // Request logging stays on, as in production; the lines go nowhere.
  const logger = createLogger({ level: process.env.BENCH_LOG_LEVEL ?? 'info', destination: createWriteStream('/dev/null') });
  const gateway = await startGateway(config, { logger, ...(process.env.BENCH_AUDIT_OFF ? { audit: false } : {}) });
  const member = gateway.trustList.members.get(String(referralDoc.sender))!;
  await gateway.operations.submitReferral(requestFor({ member, user: 'bench', purpose: 'referral', role: 'case-worker', expiresAt: new Date(Date.now() + 60_000) }), referralDoc);
  const token = await issueToken({ privateJwk: files.memberKeys.get(member.id)!, issuer: member.id, subject: 'bench', audience: config.audience, purpose: 'referral', role: 'case-worker', ttlSeconds: 900 });
  return { url: `${gateway.url}/graphql`, token };
}

async function plainYoga(lean: boolean) {
  const stored: StoredReferral = {
    seq: 1, id: String(referralDoc.id), sender: String(referralDoc.sender), recipient: String(referralDoc.recipient), purpose: String(referralDoc.purpose),
    subject: String(referralDoc.subject), status: 'sent', created: String(referralDoc.created), updated: new Date().toISOString(), document: referralDoc as StoredReferral['document'],
  };
  const operations = { referral: async () => stored } as unknown as GatewayOperations;
  const { schema } = buildGatewaySchema({ spec, operations, maxListSize: 100 });
  // `lean`: yoga's own request-body limit off, as the gateway runs it (its HTTP layer counts the body instead).
  const yoga = createYoga({ schema, logging: false, landingPage: false, graphiql: false, context: { principal: {} }, ...(lean ? { maxRequestBodySize: false as const } : {}) });
  const server = createServer(yoga);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as any).port}/graphql` };
}

async function raw(bytes: string) {
  const payload = Buffer.from(bytes);
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/graphql-response+json; charset=utf-8', 'content-length': String(payload.length) });
      res.end(payload);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as any).port}/graphql` };
}

const started = mode === 'enforced' ? await recipientServer(true) : mode === 'audited' ? await recipientServer(true, true) : mode === 'open' ? await recipientServer(false) : mode === 'gateway' ? await gatewayServer() : mode === 'yoga' ? await plainYoga(process.argv[3] === 'lean') : mode === 'raw' ? await raw(process.argv[3] ?? '{}') : undefined;
if (!started) {
  process.stderr.write('usage: servers.ts gateway|yoga [lean]|raw <response>|enforced|open|audited\n');
  process.exit(2);
}
process.stdout.write(JSON.stringify({ body, ...started }) + '\n');
