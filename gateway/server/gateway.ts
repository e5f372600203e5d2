/**
 * Starts one gateway from its configuration; startGateway below is the start-up sequence, one step
 * a line: HTTP first (so /health answers at once), then the database and its migrations with the
 * audit trail, the store's notifier, the policy, the connectors, the federation, the directory and
 * the GraphQL schema; /ready turns true once the routes are published. Each step lives in start/
 * and adds how to close what it opened to one teardown, which a failed start and close() both run,
 * latest first.
 */
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { createAuthenticator } from '../auth/authenticator.ts';
import { readPrivateJwkFile, toPublicJwk } from '../auth/keys.ts';
import type { ReloadOutcome, ReloadTrigger } from '../auth/trust-list-reloader.ts';
import type { TrustList } from '../auth/types.ts';
import type { RetentionSchedule } from '../audit/retention.ts';
import type { GatewayConfig } from '../config/types.ts';
import { openFederation, type Federation } from '../federation/setup.ts';
import type { FederationService } from '../federation/service.ts';
import { createLogger } from '../log.ts';
import type { Store } from '../store/index.ts';
import type { GatewayOperations } from '../../schema/graphql/operations.ts';
import { setUpDirectory } from './directory-setup.ts';
import { buildGatewayApi } from './start/api.ts';
import { openAgencies } from './start/connectors.ts';
import { openNotifications } from './start/notifications.ts';
import { setUpPeers } from './start/federation.ts';
import { startHttpServer } from './start/http-server.ts';
import { setUpPolicy } from './start/policy.ts';
import { scheduleAuditRetention } from './start/retention.ts';
import { servedRoutes, startCheckpointWitnesses, type ServedRoutes } from './start/serving.ts';
import { loadGatewaySpec } from './start/spec.ts';
import { openGatewayStore } from './start/store.ts';
import { createTeardown } from './start/teardown.ts';
import { holdTrustListFloor, loadLiveTrustList, startReloading } from './start/trust-list.ts';

export { PortInUseError } from './start/http-server.ts';

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

export async function startGateway(config: GatewayConfig, options: StartGatewayOptions = {}): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger({ level: config.log.level, ...(options.logDestination ? { destination: options.logDestination } : {}) });
  const spec = loadGatewaySpec(config);
  const publicJwk = toPublicJwk(readPrivateJwkFile(config.signingKeyFile));
  const trustList = await loadLiveTrustList(config);
  const federation = await openFederation(config, trustList);
  const teardown = createTeardown();
  let routes: ServedRoutes | undefined;
  try {
    const http = await startHttpServer({ config, spec, publicJwk, trustList, logger, routes: () => routes, teardown });
    const { store, audit, signer, auditReads } = await openGatewayStore({ config, logger, withAudit: options.audit !== false, databaseSchema: options.databaseSchema, teardown });
    const acceptedLists = await holdTrustListFloor({ config, trustList, db: store.db });
    const { notifier, consents } = await openNotifications({ store, logger, teardown });
    // One for every caller: people on /graphql and the routes, peer gateways on /peer/.
    const authenticator = createAuthenticator({ trustList, audience: config.audience, maxLifetimeSeconds: config.limits.maxTokenLifetimeSeconds });
    const enforced = setUpPolicy({ config, spec: spec.spec, trustList, consentsFor: consents.consentsFor });
    const agencies = await openAgencies({ config, spec: spec.spec, trustList, teardown });
    const reloader = startReloading({ config, trustList, audit, accepted: acceptedLists, federation, logger, teardown });
    const peers = setUpPeers({
      config, ...(federation ? { federation } : {}), spec: spec.spec, validator: spec.validator, store, ...(audit ? { audit } : {}), trustList,
      authenticator, ...(enforced ? { views: enforced.policy.views } : {}), notifier, consentsFor: consents.consentsFor, logger, teardown,
    });
    const directory = await setUpDirectory({ config, spec: spec.spec, store, notifier, trustList, validator: spec.validator, logger, ...(agencies ? { agencies } : {}), ...(federation ? { federation } : {}) });
    teardown.add(() => directory.close());
    const witnesses = startCheckpointWitnesses({ config, db: store.db, audit, trustList, federation, authenticator, logger, teardown });
    const api = buildGatewayApi({
      config, spec: spec.spec, store, trustList, validator: spec.validator, enforced, consents, agencies, federation, peers, directory,
      publicJwk, audit, auditReads, edge: http.edge, reloader, witnesses,
    });
    const retention = scheduleAuditRetention({ config, auditReads, audit, signer, publicJwk, logger, teardown });
    routes = servedRoutes({
      config, schema: api.schema, authenticator, edge: http.edge, defaultQuery: options.defaultQuery, logger,
      audit, auditReads, peers, witnesses, agencies, enforced, directory, statistics: api.statistics,
    });
    // Closed first on shutdown: no request reaches a part that is being closed.
    teardown.add(http.close);
    await peers?.start();
    logger.info({ event: 'gateway.ready', component: 'gateway' }, `gateway ${config.gatewayId} ready at ${http.url} (${store.db.kind})`);

    let closing: Promise<void> | undefined;
    return {
      server: http.server,
      url: http.url,
      port: http.port,
      store,
      trustList,
      ...(federation ? { federation } : {}),
      ...(peers ? { peers } : {}),
      operations: api.operations,
      logger,
      ...(retention ? { retention } : {}),
      reloadTrustList: (trigger) => reloader.reload(trigger),
      ...(audit ? { auditSettled: () => audit.settled() } : {}),
      close: () => (closing ??= teardown.run()),
    };
  } catch (error) {
    await teardown.run().catch(() => {});
    throw error;
  }
}
