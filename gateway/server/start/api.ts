/**
 * What the gateway answers on /graphql: the referral workflow's operations, the statistics, the
 * federation and data-protection officer's operations, composed into one GraphQL schema.
 */
import type { GraphQLSchema } from 'graphql';
import type { JWK } from 'jose';
import type { AuditAppender } from '../../audit/appender.ts';
import type { TrustList } from '../../auth/types.ts';
import type { TrustListReloader } from '../../auth/trust-list-reloader.ts';
import type { OpenedConnectors } from '../../config/connectors.ts';
import type { GatewayConfig } from '../../config/types.ts';
import { peerCases } from '../../federation/peer-cases.ts';
import type { FederationService } from '../../federation/service.ts';
import type { Federation } from '../../federation/setup.ts';
import { renderSubjectAccessInput, type SubjectAccessInput } from '../../reports/subject-access.ts';
import { statisticsService, type StatisticsService } from '../../statistics/index.ts';
import type { Db } from '../../store/db.ts';
import type { Store } from '../../store/index.ts';
import type { Spec } from '../../../lib/spec/types.ts';
import type { Validator } from '../../../lib/validator/index.ts';
import { buildGatewaySchema } from '../../../schema/graphql/gateway-schema.ts';
import type { GatewayOperations } from '../../../schema/graphql/operations.ts';
import { createFieldGuard } from '../../../schema/graphql/plugins/field-guard.ts';
import type { ConsentCache } from '../consent-cache.ts';
import type { DirectorySetup } from '../directory-setup.ts';
import type { HttpEdge } from '../edge.ts';
import { federationOperations } from '../federation-operations.ts';
import { createOperations } from '../operations.ts';
import type { Witnesses } from '../witness-route.ts';
import { configuredAgreements, type EnforcedPolicy } from './policy.ts';

export interface GatewayApi {
  operations: GatewayOperations;
  statistics: StatisticsService;
  schema: GraphQLSchema;
}

export function buildGatewayApi(input: {
  config: GatewayConfig;
  spec: Spec;
  store: Store;
  trustList: TrustList;
  validator: Validator;
  enforced: EnforcedPolicy | undefined;
  consents: ConsentCache;
  agencies: OpenedConnectors | undefined;
  federation: Federation | undefined;
  peers: FederationService | undefined;
  directory: DirectorySetup;
  publicJwk: JWK;
  audit: AuditAppender | undefined;
  auditReads: Db;
  edge: HttpEdge;
  reloader: Pick<TrustListReloader, 'reload'>;
  witnesses: Witnesses | undefined;
}): GatewayApi {
  const { config, spec, store, trustList, enforced, consents, agencies, federation, peers, audit, edge } = input;
  const operations = createOperations({
    spec, store, trustList, validator: input.validator, ...(enforced ? { policy: enforced.policy, bulk: enforced.bulk } : {}),
    consentsFor: consents.consentsFor, onConsentChange: consents.forget, ...(agencies ? { agencies } : {}),
    ...(peers ? { federation: { outbound: peers.outbound, queued: peers.queued } } : {}),
    ...(federation ? { peerCases: peerCases({ identity: federation.identity, peers: () => federation.peers, client: federation.client, shareInFlight: config.federation.shareCaseQueriesInFlight }) } : {}),
    directory: input.directory.directory,
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
    directory: input.directory.schema,
    ...(config.profile ? { profile: config.profile } : {}),
    ...(enforced ? { guardSpecField: createFieldGuard(enforced.policy).guardField } : {}),
    ...(audit ? { dpo: { db: input.auditReads, log: audit, gatewayId: config.gatewayId, keys: [input.publicJwk], memberName: (id: string) => trustList.members.get(id)?.name,
      renderReport: (report: SubjectAccessInput) => (edge.pool ? edge.pool.renderReport(report) : Promise.resolve(renderSubjectAccessInput(report))),
      agreements: () => configuredAgreements(config, spec) } } : {}),
    federationOps: {
      gatewayId: config.gatewayId,
      reloadTrustList: (by) => input.reloader.reload('admin', by),
      exchangeCheckpoints: () => input.witnesses?.exchange?.() ?? Promise.resolve([]),
    },
  });
  return { operations, statistics, schema };
}
