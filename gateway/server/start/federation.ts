/** Referrals and status updates for members of peer gateways: the outbox, its delivery worker, the peer route. */
import type { Logger } from 'pino';
import type { TransactionalAppender } from '../../audit/appender.ts';
import type { TrustList } from '../../auth/types.ts';
import type { GatewayConfig } from '../../config/types.ts';
import { createFederationService, type FederationService } from '../../federation/service.ts';
import type { Federation } from '../../federation/setup.ts';
import type { ViewBuilder } from '../../policy/views.ts';
import type { Store, StoredConsent } from '../../store/index.ts';
import type { Notifier } from '../../store/notify.ts';
import type { Spec } from '../../../lib/spec/types.ts';
import type { Validator } from '../../../lib/validator/index.ts';
import type { Teardown } from './teardown.ts';

/** Absent when the gateway hosts no members. Its delivery worker starts once the gateway is ready (`start`). */
export function setUpPeers(input: {
  config: GatewayConfig;
  federation?: Federation;
  spec: Spec;
  validator: Validator;
  store: Store;
  audit?: TransactionalAppender;
  trustList: TrustList;
  views?: ViewBuilder;
  notifier: Notifier;
  consentsFor(subject: string): Promise<readonly StoredConsent[]>;
  logger: Logger;
  teardown: Teardown;
}): FederationService | undefined {
  const { federation, teardown, ...options } = input;
  if (!federation) return undefined;
  const peers = createFederationService({ ...options, federation });
  teardown.add(() => peers.close());
  return peers;
}
