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
import { liveTrustList } from '../auth/live-trust-list.ts';
import type { ReloadOutcome, ReloadTrigger } from '../auth/trust-list-reloader.ts';
import { startTrustListReload } from './trust-list-reload.ts';
import { startWitnesses, type Witnesses } from './witness-route.ts';
import { peerCaseRoute } from './peer-case-route.ts';
import { PEER_CASES_PATH, peerCases } from '../federation/peer-cases.ts';
import { WITNESS_PATH } from '../federation/witness-exchange.ts';
import type { TrustList } from '../auth/types.ts';
import type { GatewayConfig } from '../config/types.ts';
import { createLogger } from '../log.ts';
import { openStore, type Store } from '../store/index.ts';
import { NrxError } from '../../lib/errors.ts';
import { loadSpec } from '../../lib/spec/load.ts';
import { loadProfile } from '../../lib/spec/profile.ts';
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
import { consentCache, type ConsentCache } from './consent-cache.ts';
import { createNotifier } from '../store/notify.ts';
import { createOperations } from './operations.ts';
import { openConnectors, type OpenedConnectors } from '../config/connectors.ts';
import { gatewayPolicy } from '../policy/setup.ts';
import type { ViewBuilder } from '../policy/views.ts';
import { createDocumentViews } from '../policy/document-views.ts';
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
import { directoryRoutesOf, setUpDirectory } from './directory-setup.ts';
import type { DirectoryRoutes } from './directory-route.ts';
import { openFederation, type Federation } from '../federation/setup.ts';
import { peerDirectory } from '../federation/peers.ts';
import { createFederationService, type FederationService } from '../federation/service.ts';
import { peerRouter, protocolRoutes, type PeerHandler } from './peer-route.ts';
import { federationOperations } from './federation-operations.ts';
import { statisticsService } from '../statistics/index.ts';
import type { StatisticsRoute } from './stats-route.ts';
import { bulkRequests } from './bulk-requests.ts';
import { grantsPerPersonAccess } from '../policy/per-person.ts';

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
  /** Its hosted members' keys, its peers and the client that calls them; absent when it hosts no members. */
  federation?: Federation;
  /** The outbox, its delivery worker and the peer route, when it hosts members. */
  peers?: FederationService;
  operations: GatewayOperations;
  logger: Logger;
  /** The audit trail's retention, when a period is configured (`audit.retentionDays`). */
  retention?: RetentionSchedule;
  /** Reads the signed trust list again and puts it in force if it is newer and verifies (audited). */
  reloadTrustList(trigger: ReloadTrigger): Promise<ReloadOutcome>;
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
  const base = loadSpec();
  // A gateway configured with a country profile serves it: its GraphQL types, policy field catalogue
  // and validation are the profile's; documents naming another profile are validated against theirs.
  const spec = config.profile ? loadProfile(config.profile, { specDir: base.dir }) : base;
  const validator = createValidator({ spec: base, maxBytes: config.limits.maxBodyBytes, ...(config.profile ? { defaultProfile: config.profile } : {}) });
  const publicJwk = toPublicJwk(readPrivateJwkFile(config.signingKeyFile));
  // Held as one live object, so that a reload reaches everything built on it (live-trust-list.ts).
  const trustList = liveTrustList(await loadTrustListFile(config.trustList.file, config.trustList.operatorKeyFile));
  const federation = await openFederation(config, trustList);

  let yoga: YogaServerInstance<ServerContext, {}> | undefined;
  // Peers' checkpoints received, and this log's offered to them, once the audit trail is up (witness-route.ts).
  let witnesses: Witnesses | undefined;
  // What other gateways call here, once the authenticator is built.
  let peerRoutes: ReadonlyMap<string, PeerHandler> | undefined;
  let peers: FederationService | undefined;
  let directoryRoutes: DirectoryRoutes | undefined;
  let statisticsRoute: StatisticsRoute | undefined;
  let auditExport: AuditExportRoute | undefined;
  const edge = createHttpEdge(config);
  const handler = createHttpHandler({
    edge,
    gatewayId: config.gatewayId,
    federation: trustList.federation,
    publicUrl: config.publicUrl,
    ...(config.profile ? { profile: config.profile } : {}),
    spec: base,
    validator,
    publicJwk,
    maxBodyBytes: config.limits.maxBodyBytes,
    logger,
    isReady: () => yoga !== undefined,
    yoga: () => yoga,
    peer: peerRouter(() => peerRoutes),
    directory: () => directoryRoutes,
    statistics: () => statisticsRoute,
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
  // Wake-ups between the processes on this database; her consents are cached in every replica and
  // dropped in all of them when one records a change (consent-cache.ts).
  // One notifier for the store, shared by every listener (one LISTEN connection on a server).
  let consents: ConsentCache | undefined;
  const notifier = createNotifier(store.db, {
    onError: (error) => logger.warn({ err: error, component: 'store', event: 'notify.lost' }, 'store: the LISTEN connection is lost; consents are read from the database, and the outbox and directory looked at again, once it is back'),
  });
  notifier.onLost(() => consents?.notificationsLost());
  // Field-level policy; a bad agreement or key fails start-up like a bad database.
  let views: ViewBuilder | undefined;
  try {
    consents = await consentCache(store, notifier);
    views = gatewayPolicy({ config, spec, trustList, consentsFor: consents.consentsFor });
  } catch (error) {
    server.close();
    await notifier.close();
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
  const policy = views && { views, recorder: disclosureRecorder(), documents: createDocumentViews(views) };
  const reloader = startTrustListReload({
    config, live: trustList, ...(audit ? { audit } : {}), logger,
    // The peers are read from the list: a reload may move, add or suspend a peer gateway.
    onReplaced: () => federation && (federation.peers = peerDirectory({ trustList, localMembers: federation.identity.hostedMembers, allowDevelopmentTransport: config.federation.allowDevelopmentTransport })),
  });
  // Referrals and status updates for members of peer gateways: the outbox, its delivery worker, the peer route.
  peers = federation && createFederationService({
    config, federation, spec, validator, store, ...(audit ? { audit } : {}), trustList, ...(views ? { views } : {}), notifier, logger,
    consentsFor: consents!.consentsFor,
  });
  const directory = await setUpDirectory({ config, spec, store, notifier, trustList, validator, logger, ...(agencies ? { agencies } : {}), ...(federation ? { federation } : {}) }).catch(async (error) => {
    server.close();
    await agencies?.close();
    await audit?.close().catch(() => {});
    await store.close();
    throw error;
  });
  // Bulk requests are refused where the policy is enforced, by the agreements it enforces.
  const agreements = views && config.policy?.agreementsDir ? readAgreements(agreementFilesIn(config.policy.agreementsDir), spec) : [];
  const bulk = views ? bulkRequests({
    maxSubjects: config.statistics.bulk.maxSubjects,
    perPersonAccess: (p) => grantsPerPersonAccess(agreements, { recipient: p.member, purpose: p.purpose, role: p.role, at: new Date() }),
  }) : undefined;
  const operations = createOperations({
    spec, store, trustList, validator, ...(policy ? { policy } : {}), ...(bulk ? { bulk } : {}), consentsFor: consents!.consentsFor, onConsentChange: consents!.forget, ...(agencies ? { agencies } : {}),
    ...(peers ? { federation: { outbound: peers.outbound, queued: peers.queued } } : {}),
    ...(federation ? { peerCases: peerCases({ identity: federation.identity, peers: () => federation.peers, client: federation.client }) } : {}),
    directory: directory.directory,
  });
  const statistics = statisticsService({
    db: store.db, trustList, gatewayId: config.gatewayId, ...(federation ? { federation } : {}),
    settings: { k: config.statistics.k, rounding: config.statistics.rounding, maxCells: config.statistics.maxCells },
  });
  const { schema } = buildGatewaySchema({
    spec,
    operations,
    ...(peers ? { federation: federationOperations({ store, service: peers, gatewayId: config.gatewayId }) } : {}),
    statistics,
    maxListSize: config.limits.maxListSize,
    directory: directory.schema,
    ...(config.profile ? { profile: config.profile } : {}),
    ...(policy ? { guardSpecField: createFieldGuard(policy).guardField } : {}),
    ...(audit ? { dpo: { db: auditReads, log: audit, gatewayId: config.gatewayId, keys: [publicJwk], memberName: (id: string) => trustList.members.get(id)?.name,
      renderReport: (input: SubjectAccessInput) => (edge.pool ? edge.pool.renderReport(input) : Promise.resolve(renderSubjectAccessInput(input))),
      agreements: () => (config.policy?.agreementsDir ? readAgreements(agreementFilesIn(config.policy.agreementsDir), spec) : []) } } : {}),
    federationOps: {
      gatewayId: config.gatewayId,
      reloadTrustList: (by) => reloader.reload('admin', by),
      exchangeCheckpoints: () => witnesses?.exchange?.() ?? Promise.resolve([]),
    },
  });
  const authenticator = createAuthenticator({ trustList, audience: config.audience, maxLifetimeSeconds: config.limits.maxTokenLifetimeSeconds });
  directoryRoutes = directoryRoutesOf(directory, authenticator);
  statisticsRoute = { service: statistics, authenticator };
  if (audit) witnesses = startWitnesses({ config, db: store.db, audit, trustList, ...(federation ? { federation } : {}), authenticator: () => authenticator, logger });
  peerRoutes = new Map<string, PeerHandler>([
    ...(peers ? protocolRoutes(() => peers?.inbound, config.limits.maxBodyBytes) : []),
    ...(witnesses ? [[WITNESS_PATH, witnesses.route] as const] : []),
    [PEER_CASES_PATH, peerCaseRoute({ authenticator: () => authenticator, ...(agencies ? { agencies } : {}), ...(policy ? { policy } : {}), ...(audit ? { audit } : {}) })] as const,
  ]);
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
  await peers?.start();
  logger.info({ event: 'gateway.ready', component: 'gateway' }, `gateway ${config.gatewayId} ready at ${url} (${store.db.kind})`);

  let closing: Promise<void> | undefined;
  return {
    server,
    url,
    port: address.port,
    store,
    trustList,
    ...(federation ? { federation } : {}),
    ...(peers ? { peers } : {}),
    operations,
    logger,
    ...(retention ? { retention } : {}),
    reloadTrustList: (trigger) => reloader.reload(trigger),
    ...(audit ? { auditSettled: () => audit!.settled() } : {}),
    close() {
      closing ??= (async () => {
        reloader.stop();
        witnesses?.stop();
        await retention?.stop();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await agencies?.close();
        await consents?.close();
        await peers?.close();
        await directory.close();
        await notifier.close();
        await edge.close();
        await audit?.close().catch((error: unknown) => logger.error({ err: error, component: 'audit' }, 'audit: the journal could not be emptied into the table; it is replayed at the next start'));
        await store.close();
      })();
      return closing;
    },
  };
}
