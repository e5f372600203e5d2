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
import { startTrustListReload } from '../trust-list-reload.ts';
import type { Teardown } from './teardown.ts';

export async function loadLiveTrustList(config: GatewayConfig): Promise<LiveTrustList> {
  return liveTrustList(await loadTrustListFile(config.trustList.file, config.trustList.operatorKeyFile));
}

export function startReloading(input: {
  config: GatewayConfig;
  trustList: LiveTrustList;
  audit: AuditAppender | undefined;
  federation: Federation | undefined;
  logger: Logger;
  teardown: Teardown;
}) {
  const { config, trustList, federation } = input;
  const reloader = startTrustListReload({
    config, live: trustList, ...(input.audit ? { audit: input.audit } : {}), logger: input.logger,
    // The peers are read from the list: a reload may move, add or suspend a peer gateway.
    onReplaced: () => federation && (federation.peers = peerDirectory({ trustList, localMembers: federation.identity.hostedMembers, allowDevelopmentTransport: config.federation.allowDevelopmentTransport })),
  });
  input.teardown.add(() => reloader.stop());
  return reloader;
}
