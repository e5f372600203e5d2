/**
 * The federation side of a running gateway, put together once: what it sends (outbound.ts, the
 * delivery worker), what it accepts (inbound.ts), woken across its replicas by the store's notifier.
 */
import type { Logger } from 'pino';
import type { Authenticator, TrustList } from '../auth/types.ts';
import type { TransactionalAppender } from '../audit/appender.ts';
import type { GatewayConfig } from '../config/types.ts';
import type { ViewBuilder } from '../policy/views.ts';
import type { Store, StoredConsent } from '../store/index.ts';
import type { Notifier } from '../store/notify.ts';
import type { Spec } from '../../lib/spec/types.ts';
import type { Validator } from '../../lib/validator/index.ts';
import { createDeliveryWorker, type DeliveryWorker } from './delivery.ts';
import { createDocumentChecker } from './document-check.ts';
import { createInbound, type Inbound } from './inbound.ts';
import { createOutbound, type Outbound } from './outbound.ts';
import type { Federation } from './setup.ts';

export interface FederationServiceOptions {
  config: Pick<GatewayConfig, 'federation'>;
  federation: Federation;
  spec: Spec;
  validator: Validator;
  store: Store;
  audit?: TransactionalAppender;
  trustList: TrustList;
  /** The gateway's one authenticator, which checks a peer gateway's token like any other. */
  authenticator: Authenticator;
  views?: ViewBuilder;
  consentsFor(subject: string): Promise<readonly StoredConsent[]>;
  /** The store's notifier, shared with the gateway's other listeners (it closes it). */
  notifier: Notifier;
  logger?: Logger;
}

export interface FederationService {
  outbound: Outbound;
  inbound: Inbound;
  delivery: DeliveryWorker;
  notifier: Notifier;
  /** After a message was queued and committed: this process looks at once, the other replicas on notification. */
  queued(): void;
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createFederationService(options: FederationServiceOptions): FederationService {
  const { config, federation, spec, store, audit, trustList, authenticator, views, notifier, logger } = options;
  const outbound = createOutbound({ trustList, identity: federation.identity, peers: () => federation.peers, ...(views ? { views } : {}), consentsFor: options.consentsFor, specVersion: spec.version });
  const delivery = createDeliveryWorker({
    store, ...(audit ? { audit } : {}), notifier, outbound, client: federation.client, peers: () => federation.peers, trustList, settings: config.federation.delivery, ...(logger ? { logger } : {}),
  });
  const inbound = createInbound({
    store, ...(audit ? { audit } : {}), trustList, identity: federation.identity, authenticator, ...(views ? { views } : {}),
    checker: createDocumentChecker(spec, options.validator), specVersion: spec.version, ...(logger ? { logger } : {}),
  });
  return {
    outbound,
    inbound,
    delivery,
    notifier,
    queued() {
      delivery.wake();
      delivery.announce().catch((error: unknown) => logger?.warn({ err: error, component: 'federation' }, 'federation: other replicas could not be notified; they find the message at their next look'));
    },
    start: () => delivery.start(),
    close: () => delivery.stop(),
  };
}
