/**
 * The store's notifier (one listening connection on a server, shared by every listener) and her
 * consents cached in this process, dropped in every replica when one records a change
 * (consent-cache.ts). While the connection is down the cache is bypassed.
 */
import type { Logger } from 'pino';
import type { Store } from '../../store/index.ts';
import { createNotifier, type Notifier } from '../../store/notify.ts';
import { consentCache, type ConsentCache } from '../consent-cache.ts';
import type { Teardown } from './teardown.ts';

export interface Notifications {
  notifier: Notifier;
  consents: ConsentCache;
}

export async function openNotifications(input: { store: Store; logger: Logger; teardown: Teardown }): Promise<Notifications> {
  const { logger, teardown } = input;
  const notifier = createNotifier(input.store.db, {
    onError: (error) => logger.warn({ err: error, component: 'store', event: 'notify.lost' }, 'store: the LISTEN connection is lost; consents are read from the database, and the outbox and directory looked at again, once it is back'),
  });
  teardown.add(() => notifier.close());
  const consents = await consentCache(input.store, notifier);
  teardown.add(() => consents.close());
  notifier.onLost(() => consents.notificationsLost());
  return { notifier, consents };
}
