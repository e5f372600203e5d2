/**
 * The signed trust list, held as one live object so that a reload reaches everything built on it
 * (live-trust-list.ts), and its reloading on schedule, on a signal or by an administrator (audited).
 */
import type { Logger } from 'pino';
import type { AuditAppender } from '../../audit/appender.ts';
import { liveTrustList, type LiveTrustList } from '../../auth/live-trust-list.ts';
import { loadTrustListFile } from '../../auth/trust-list.ts';
import type { GatewayConfig } from '../../config/types.ts';
import { peerDirectory } from '../../federation/peers.ts';
import type { Federation } from '../../federation/setup.ts';
import { holdTrustListFloor as checkFloor, startTrustListReload } from '../trust-list-reload.ts';
import type { Teardown } from './teardown.ts';
import { trustListRepository, type TrustListRepository } from '../../store/trust-lists.ts';
import type { Queryable } from '../../store/index.ts';

export async function loadLiveTrustList(config: GatewayConfig): Promise<LiveTrustList> {
  return liveTrustList(await loadTrustListFile(config.trustList.file, config.trustList.operatorKeyFile));
}

/** A restart must not bring back a list older than one already in force here or on another replica (a rollback). */
export async function holdTrustListFloor(input: { config: GatewayConfig; trustList: LiveTrustList; db: Queryable }): Promise<TrustListRepository> {
  const accepted = trustListRepository(input.db);
  await checkFloor(accepted, input.trustList.current(), input.config.trustList.file);
  return accepted;
}

export function startReloading(input: {
  config: GatewayConfig;
  trustList: LiveTrustList;
  audit: AuditAppender | undefined;
  /** The lists accepted before, by any replica: a reload never goes below the newest. */
  accepted: TrustListRepository;
  federation: Federation | undefined;
  logger: Logger;
  teardown: Teardown;
}) {
  const { config, trustList, federation } = input;
  const reloader = startTrustListReload({
    config, live: trustList, ...(input.audit ? { audit: input.audit } : {}), accepted: input.accepted, logger: input.logger,
    // The peers are read from the list: a reload may move, add or suspend a peer gateway.
    onReplaced: () => federation && (federation.peers = peerDirectory({ trustList, localMembers: federation.identity.hostedMembers, allowDevelopmentTransport: config.federation.allowDevelopmentTransport })),
  });
  input.teardown.add(() => reloader.stop());
  return reloader;
}
