import type { Store, StoredConsent } from '../store/index.ts';
import type { Notifier } from '../store/notify.ts';

/** The channel on which a replica announces that a subject's consents changed (payload: her reference). */
export const CONSENT_CHANNEL = 'nrx_consent_changed';

export interface ConsentCache {
  consentsFor(subject: string): Promise<StoredConsent[]>;
  /** Her consents changed here: forget them, and tell every other process on the database to forget them. */
  forget(subject: string): Promise<void>;
  /** The listening connection was lost: notifications may be missed, so nothing is served from memory until it is back. */
  notificationsLost(): void;
  close(): Promise<void>;
}

/**
 * Her consent records by subject, remembered in this process. Every process sharing the database
 * listens on CONSENT_CHANNEL (LISTEN/NOTIFY on a PostgreSQL server, in-process on the embedded one):
 * recordConsent and withdrawConsent drop her entry here and notify after their commit, so each
 * replica drops it too and reads her consents afresh on its next request. While the listening
 * connection is down the cache is bypassed, and it starts empty when the connection is back.
 */
export async function consentCache(store: Store, notifier: Notifier, capacity = 10_000): Promise<ConsentCache> {
  const cache = new Map<string, Promise<StoredConsent[]>>();
  let listening = true;
  const stopListening = await notifier.listen(CONSENT_CHANNEL, (subject) => {
    if (subject === undefined) {
      cache.clear();
      listening = true;
    } else cache.delete(subject);
  });
  return {
    consentsFor(subject) {
      if (!listening) return store.consents.forSubject(subject);
      let hit = cache.get(subject);
      if (!hit) {
        hit = store.consents.forSubject(subject);
        hit.catch(() => cache.delete(subject));
        cache.set(subject, hit);
        if (cache.size > capacity) cache.delete(cache.keys().next().value as string);
      }
      return hit;
    },
    async forget(subject) {
      cache.delete(subject);
      await notifier.notify(CONSENT_CHANNEL, subject);
    },
    notificationsLost() {
      listening = false;
      cache.clear();
    },
    close: stopListening,
  };
}
