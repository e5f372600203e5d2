/**
 * Starts one gateway from its configuration: HTTP first (so /health answers at once), then the
 * trust list, the database and its migrations, the GraphQL schema; /ready turns true after that.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createAuthenticator } from '../auth/authenticator.ts';
import { readPrivateJwkFile, toPublicJwk } from '../auth/keys.ts';
import { loadTrustListFile } from '../auth/trust-list.ts';
import type { TrustList } from '../auth/types.ts';
import type { GatewayConfig } from '../config/types.ts';
import { createLogger } from '../log.ts';
import { openStore, type Store } from '../store/index.ts';
import { NrxError } from '../../lib/errors.ts';
import { loadSpec } from '../../lib/spec/load.ts';
import { createValidator } from '../../lib/validator/index.ts';
import { buildGatewaySchema } from '../../schema/graphql/gateway-schema.ts';
import type { GatewayOperations } from '../../schema/graphql/operations.ts';
import { createFieldGuard } from '../../schema/graphql/plugins/field-guard.ts';
import { createHttpHandler } from './http.ts';
import { clientAddress } from './rate-limit.ts';
import { auditExportRoute, type AuditExportRoute } from './audit-export-route.ts';
import { createHttpEdge } from './edge.ts';
import { consoleRoute } from './console-route.ts';
import { consoleSession } from './console-session.ts';
import { renderSubjectAccessInput, type SubjectAccessInput } from '../reports/subject-access.ts';
import { consentCache } from './consent-cache.ts';
import { createOperations } from './operations.ts';
import { openConnectors, type OpenedConnectors } from '../config/connectors.ts';
import { gatewayPolicy } from '../policy/setup.ts';
import type { ViewBuilder } from '../policy/views.ts';
import { disclosureRecorder } from '../audit/disclosure-records.ts';
import { createGatewayYoga, type ServerContext } from './yoga.ts';
import { checkpointSigner } from '../audit/index.ts';
import { openAuditAppender } from '../audit/open-appender.ts';
import type { AuditAppender } from '../audit/appender.ts';
import { join } from 'node:path';
import { auditPlugin } from './audit-plugin.ts';
import { scheduleRetention, type RetentionSchedule } from '../audit/retention.ts';
import { agreementFilesIn } from '../policy/setup.ts';
import { readAgreements } from '../policy/agreements.ts';
import type { YogaServerInstance } from 'graphql-yoga';

export interface StartGatewayOptions {
  logger?: Logger;
  /** Where log lines go when no logger is given (default stdout). */
  logDestination?: NodeJS.WritableStream;
  /** Schema on the PostgreSQL server (tests isolate themselves with one). */
  databaseSchema?: string;
  /** Query pre-filled in GraphiQL. */
  defaultQuery?: string;
  /** false runs without the audit trail (only the benchmark compares the two). */
  audit?: boolean;
}

export interface RunningGateway {
  server: Server;
  /** The URL the gateway listens on (with the real port when port 0 was asked for). */
  url: string;
  port: number;
  store: Store;
  trustList: TrustList;
  operations: GatewayOperations;
  logger: Logger;
  /** The audit trail's retention, when a period is configured (`audit.retentionDays`). */
  retention?: RetentionSchedule;
  /** Resolves once the audit table holds every entry committed so far (on the embedded database, through its journal). */
  auditSettled?: () => Promise<void>;
  close(): Promise<void>;
}

export class PortInUseError extends NrxError<'PORT_IN_USE'> {
  constructor(host: string, port: number) {
    super('PORT_IN_USE', `port ${port} on ${host} is already in use; stop what runs there or choose another port (NRX_PORT or listen.port)`);
  }
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(host, port) : error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

export async function startGateway(config: GatewayConfig, options: StartGatewayOptions = {}): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger({ level: config.log.level, ...(options.logDestination ? { destination: options.logDestination } : {}) });
  const spec = loadSpec();
  const validator = createValidator({ spec, maxBytes: config.limits.maxBodyBytes });
  const publicJwk = toPublicJwk(readPrivateJwkFile(config.signingKeyFile));
  const trustList = await loadTrustListFile(config.trustList.file, config.trustList.operatorKeyFile);

  let yoga: YogaServerInstance<ServerContext, {}> | undefined;
  let auditExport: AuditExportRoute | undefined;
  const edge = createHttpEdge(config);
  const handler = createHttpHandler({
    edge,
    gatewayId: config.gatewayId,
    federation: trustList.federation,
    publicUrl: config.publicUrl,
    ...(config.profile ? { profile: config.profile } : {}),
    spec,
    validator,
    publicJwk,
    maxBodyBytes: config.limits.maxBodyBytes,
    logger,
    isReady: () => yoga !== undefined,
    yoga: () => yoga,
    auditExport: () => auditExport,
    ...(config.console?.enabled !== false ? { console: consoleRoute({ session: consoleSession({ config, spec, trustList: () => trustList }) }) } : {}),
  });
  const server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000 }, (req, res) => void handler(req, res));
  server.keepAliveTimeout = 5_000;
  const address = await listen(server, config.listen.host, config.listen.port);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  // The audit trail: writes append in their own transaction, responses through the plugin. On the
  // embedded database through a local journal (replayed here if a crash left one); see audit/appender.ts.
  const signer = options.audit === false ? undefined : await checkpointSigner(readPrivateJwkFile(config.signingKeyFile));
  let audit: AuditAppender | undefined;
  let store: Store;
  try {
    store = await openStore({
      ...(signer ? { audit: async (db) => (audit = await openAuditAppender({
        db, gateway: config.gatewayId, signer, checkpointEvery: config.audit.checkpointEvery, batch: config.audit.batch,
        journalDir: join(config.dataDir, 'audit-journal'), journalFsync: config.audit.journalFsync ?? false, journal: config.audit.journal,
        onError: (error) => logger.error({ err: error, component: 'audit' }, 'audit: committed entries could not be put into the audit table; they stay in the journal and are tried again, and new disclosures are withheld meanwhile'),
      })) } : {}),
      ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir }),
      ...(options.databaseSchema ? { schema: options.databaseSchema } : {}),
    });
  } catch (error) {
    server.close();
    throw error;
  }
  if (audit?.recovered) logger.warn({ component: 'audit', recovered: audit.recovered }, `audit: ${audit.recovered} entries left in the journal by an earlier run were put into the audit table`);
  const auditReads = audit?.reads ?? store.db;
  // Field-level policy; a bad agreement or key fails start-up like a bad database.
  const consents = store.db.kind === 'pglite' ? consentCache(store) : undefined;
  let views: ViewBuilder | undefined;
  try {
    views = gatewayPolicy({ config, spec, trustList, consentsFor: consents?.consentsFor ?? ((subject) => store.consents.forSubject(subject)) });
  } catch (error) {
    server.close();
    await audit?.close().catch(() => {});
    await store.close();
    throw error;
  }
  // The agencies' own systems; a connector that cannot be built fails start-up like a bad agreement.
  let agencies: OpenedConnectors | undefined;
  if (config.connectors?.length) {
    try {
      agencies = await openConnectors(config.connectors, config.fanout, { spec, isMember: (id) => trustList.members.has(id) });
    } catch (error) {
      server.close();
      await audit?.close().catch(() => {});
      await store.close();
      throw error;
    }
  }
  // The policy's two long-lived halves: views of records (gateway/policy) and what the trail records of them (gateway/audit).
  const policy = views && { views, recorder: disclosureRecorder() };
  const operations = createOperations({ spec, store, trustList, validator, ...(policy ? { policy } : {}), ...(consents ? { onConsentChange: consents.forget } : {}), ...(agencies ? { agencies } : {}) });
  const { schema } = buildGatewaySchema({
    spec,
    operations,
    maxListSize: config.limits.maxListSize,
    ...(config.profile ? { profile: config.profile } : {}),
    ...(policy ? { guardSpecField: createFieldGuard(policy).guardField } : {}),
    ...(audit ? { dpo: { db: auditReads, log: audit, gatewayId: config.gatewayId, keys: [publicJwk], memberName: (id: string) => trustList.members.get(id)?.name,
      renderReport: (input: SubjectAccessInput) => (edge.pool ? edge.pool.renderReport(input) : Promise.resolve(renderSubjectAccessInput(input))),
      agreements: () => (config.policy?.agreementsDir ? readAgreements(agreementFilesIn(config.policy.agreementsDir), spec) : []) } } : {}),
  });
  const authenticator = createAuthenticator({ trustList, audience: config.audience, maxLifetimeSeconds: config.limits.maxTokenLifetimeSeconds });
  if (audit) auditExport = auditExportRoute({ authenticator, db: auditReads, gatewayId: config.gatewayId, onRefused: (req) => edge.limits.authFailed(clientAddress(req)) });
  yoga = createGatewayYoga({
    schema, authenticator, limits: config.limits, graphiql: config.graphiql, ...(options.defaultQuery ? { defaultQuery: options.defaultQuery } : {}),
    ...(audit ? { plugins: [auditPlugin({ audit, logger })] } : {}),
  });
  // The configured retention period, applied by the gateway itself.
  const retention = audit && signer && config.audit?.retentionDays
    ? scheduleRetention(auditReads, {
      retentionDays: config.audit.retentionDays, signer, gateway: config.gatewayId, keys: [publicJwk], log: audit,
      onError: (error) => logger.error({ err: error, component: 'audit' }, 'audit: retention pruning failed; it is tried again at the next period'),
    })
    : undefined;
  logger.info({ event: 'gateway.ready', component: 'gateway' }, `gateway ${config.gatewayId} ready at ${url} (${store.db.kind})`);

  let closing: Promise<void> | undefined;
  return {
    server,
    url,
    port: address.port,
    store,
    trustList,
    operations,
    logger,
    ...(retention ? { retention } : {}),
    ...(audit ? { auditSettled: () => audit!.settled() } : {}),
    close() {
      closing ??= (async () => {
        await retention?.stop();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await agencies?.close();
        await edge.close();
        await audit?.close().catch((error: unknown) => logger.error({ err: error, component: 'audit' }, 'audit: the journal could not be emptied into the table; it is replayed at the next start'));
        await store.close();
      })();
      return closing;
    },
  };
}
