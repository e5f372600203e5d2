/**
 * Opens the gateway's service directory at start: the table and its index, the operator's services
 * file and the connectors' services, and what the GraphQL schema needs of it (who may refer, the
 * federated search). Problems with single entries are logged and the entry left out; the gateway
 * serves the rest.
 */
import type { Logger } from 'pino';
import type { Authenticator, TrustList } from '../auth/types.ts';
import type { GatewayConfig } from '../config/types.ts';
import type { OpenedConnectors } from '../config/connectors.ts';
import { openDirectory, type Directory, type LoadProblem } from '../directory/directory.ts';
import { loadConnectorServices, loadServicesFile } from '../directory/sources.ts';
import type { Referrer } from '../directory/types.ts';
import type { FederatedSearch } from '../directory/federated-types.ts';
import type { Store } from '../store/index.ts';
import type { Validator } from '../../lib/validator/index.ts';
import type { Service } from '../../schema/generated/nrx.d.ts';
import type { DirectorySchemaOptions } from '../../schema/graphql/directory.ts';
import { specValidationError } from './documents.ts';
import type { Federation } from '../federation/setup.ts';
import type { Notifier } from '../store/notify.ts';
import { createPeerClient } from '../federation/peer-client.ts';
import { federatedSearch } from '../directory/federated.ts';
import { createHsdsApi } from '../directory/hsds-api.ts';
import { organizationInfo } from '../directory/hsds.ts';
import type { Spec } from '../../lib/spec/types.ts';
import type { DirectoryRoutes } from './directory-route.ts';

export interface DirectorySetup {
  directory: Directory;
  schema: DirectorySchemaOptions;
  /** What the HTTP routes need besides the authenticator (made later, with the schema). */
  gatewayId: string;
  hsds: DirectoryRoutes['hsds'];
  close(): Promise<void>;
}

/** The spec's check of a service document, refusing with SPEC_VALIDATION and the validator's issues. */
export const serviceValidator = (validator: Validator) => (document: unknown): Service => {
  const result = validator.validateValue(document, { kind: 'service' });
  if (!result.valid) throw specValidationError('service', result.issues);
  return document as Service;
};

export function referrerOf(trustList: TrustList, memberId: string): Referrer | undefined {
  const member = trustList.members.get(memberId);
  return member && { id: member.id, country: member.country, memberClass: member.memberClass, agencyType: member.agencyType };
}

function logProblems(logger: Logger, source: string, problems: readonly LoadProblem[]) {
  for (const p of problems) logger.warn({ component: 'directory', code: p.code }, `directory: entry ${p.index}${p.id ? ` (${p.id})` : ''} of ${source} left out: ${p.message}`);
}

export async function setUpDirectory(input: {
  config: GatewayConfig;
  store: Store;
  trustList: TrustList;
  validator: Validator;
  logger: Logger;
  spec: Spec;
  /** The store's notifier: other processes' directory writes (replicas on the same server, `nrx directory import`) reach the index through it. */
  notifier: Notifier;
  agencies?: OpenedConnectors;
  federation?: Federation;
}): Promise<DirectorySetup> {
  const { config, store, trustList, logger } = input;
  const validate = serviceValidator(input.validator);
  const directory = await openDirectory({ db: store.db, validate, notifier: input.notifier });
  const file = config.directory?.servicesFile;
  if (file) logProblems(logger, file, await loadServicesFile(directory, file, (organization) => trustList.members.has(organization)));
  if (input.agencies) {
    for (const load of await loadConnectorServices(directory, input.agencies.connectors, input.agencies.memberOf)) {
      if (load.error) logger.warn({ component: 'directory' }, `directory: connector ${load.connector} could not list its services; its earlier entries stay: ${load.error}`);
      logProblems(logger, `connector ${load.connector}`, load.problems);
    }
  }
  const federated = input.federation && peerSearch(config, input.federation, (document) => input.validator.validateValue(document, { kind: 'service' }).valid);
  const categories = input.spec.codelists.get('service-category')?.codes.map((c) => ({ code: c.code, title: c.label, description: c.definition })) ?? [];
  return {
    directory,
    gatewayId: config.gatewayId,
    close: () => directory.close(),
    schema: { directory, gatewayId: config.gatewayId, referrer: (id) => referrerOf(trustList, id), ...(federated ? { federated } : {}) },
    hsds: createHsdsApi({
      directory,
      categories,
      publicUrl: config.publicUrl,
      organization: (id) => {
        const member = trustList.members.get(id);
        return organizationInfo(member && { ...referrerOf(trustList, id)!, name: member.name }, id);
      },
    }),
  };
}

/** The federated search over every peer gateway, with the directory's own, shorter, wait per peer. */
function peerSearch(config: GatewayConfig, federation: Federation, isValidService: (document: unknown) => boolean): FederatedSearch {
  const client = createPeerClient({
    identity: federation.identity,
    allowDevelopmentTransport: config.federation.allowDevelopmentTransport,
    timeoutMs: config.directory?.peerTimeoutMs ?? config.federation.timeoutMs,
    maxResponseBytes: config.federation.maxResponseBytes,
  });
  return federatedSearch({ peers: federation.peers.all, client, isValidService });
}

export const directoryRoutesOf = (setup: DirectorySetup, authenticator: Authenticator): DirectoryRoutes => ({ directory: setup.directory, gatewayId: setup.gatewayId, authenticator, hsds: setup.hsds });
