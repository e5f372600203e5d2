/**
 * What the HTTP server routes to once the gateway is ready: /graphql (yoga with the audit plugin),
 * what other gateways call under /peer/ (the protocol, checkpoint witnesses, her case view), the
 * directory, statistics and audit export routes, each behind the gateway's one authenticator.
 */
import type { YogaServerInstance } from 'graphql-yoga';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { AuditAppender } from '../../audit/appender.ts';
import type { Authenticator, TrustList } from '../../auth/types.ts';
import type { OpenedConnectors } from '../../config/connectors.ts';
import type { GatewayConfig } from '../../config/types.ts';
import { PEER_CASES_PATH } from '../../federation/peer-cases.ts';
import type { FederationService } from '../../federation/service.ts';
import type { Federation } from '../../federation/setup.ts';
import { WITNESS_PATH } from '../../federation/witness-exchange.ts';
import type { StatisticsService } from '../../statistics/index.ts';
import type { Db } from '../../store/db.ts';
import { auditExportRoute, type AuditExportRoute } from '../audit-export-route.ts';
import { auditPlugin } from '../audit-plugin.ts';
import { directoryRoutesOf, type DirectorySetup } from '../directory-setup.ts';
import type { DirectoryRoutes } from '../directory-route.ts';
import type { HttpEdge } from '../edge.ts';
import { peerCaseRoute } from '../peer-case-route.ts';
import { protocolRoutes, type PeerHandler } from '../peer-route.ts';
import { clientAddress } from '../rate-limit.ts';
import type { StatisticsRoute } from '../stats-route.ts';
import { startWitnesses, type Witnesses } from '../witness-route.ts';
import { createGatewayYoga, type ServerContext } from '../yoga.ts';
import type { EnforcedPolicy } from './policy.ts';
import type { Teardown } from './teardown.ts';

export type GatewayYoga = YogaServerInstance<ServerContext, {}>;

/** What the server routes to once the gateway is ready. */
export interface ServedRoutes {
  yoga: GatewayYoga;
  /** What other gateways call under /peer/, by path. */
  peer: ReadonlyMap<string, PeerHandler>;
  directory: DirectoryRoutes;
  statistics: StatisticsRoute;
  auditExport?: AuditExportRoute;
}

/** Peers' checkpoints received, and this log's offered to them (witness-route.ts); only with an audit trail. */
export function startCheckpointWitnesses(input: {
  config: GatewayConfig;
  db: Db;
  audit: AuditAppender | undefined;
  trustList: TrustList;
  federation: Federation | undefined;
  authenticator: Authenticator;
  logger: Logger;
  teardown: Teardown;
}): Witnesses | undefined {
  const { audit, federation, authenticator } = input;
  if (!audit) return undefined;
  const witnesses = startWitnesses({ config: input.config, db: input.db, audit, trustList: input.trustList, ...(federation ? { federation } : {}), authenticator: () => authenticator, logger: input.logger });
  input.teardown.add(() => witnesses.stop());
  return witnesses;
}

export function servedRoutes(input: {
  config: GatewayConfig;
  schema: GraphQLSchema;
  authenticator: Authenticator;
  edge: HttpEdge;
  defaultQuery: string | undefined;
  logger: Logger;
  audit: AuditAppender | undefined;
  auditReads: Db;
  peers: FederationService | undefined;
  witnesses: Witnesses | undefined;
  agencies: OpenedConnectors | undefined;
  enforced: EnforcedPolicy | undefined;
  directory: DirectorySetup;
  statistics: StatisticsService;
}): ServedRoutes {
  const { config, authenticator, audit, peers, witnesses, agencies, enforced } = input;
  const peer = new Map<string, PeerHandler>([
    ...(peers ? protocolRoutes(() => peers.inbound, config.limits.maxBodyBytes) : []),
    ...(witnesses ? [[WITNESS_PATH, witnesses.route] as const] : []),
    [PEER_CASES_PATH, peerCaseRoute({ authenticator: () => authenticator, ...(agencies ? { agencies } : {}), ...(enforced ? { policy: enforced.policy } : {}), ...(audit ? { audit } : {}) })] as const,
  ]);
  const yoga = createGatewayYoga({
    schema: input.schema, authenticator, limits: config.limits, graphiql: config.graphiql, ...(input.defaultQuery ? { defaultQuery: input.defaultQuery } : {}),
    ...(audit ? { plugins: [auditPlugin({ audit, logger: input.logger })] } : {}),
  });
  return {
    yoga,
    peer,
    directory: directoryRoutesOf(input.directory, authenticator),
    statistics: { service: input.statistics, authenticator },
    ...(audit ? { auditExport: auditExportRoute({ authenticator, db: input.auditReads, gatewayId: config.gatewayId, onRefused: (req) => input.edge.limits.authFailed(clientAddress(req)) }) } : {}),
  };
}
