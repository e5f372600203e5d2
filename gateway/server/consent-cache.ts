import type { Store, StoredConsent } from '../store/index.ts';

/**
 * Her consent records by subject, remembered in this process. Only for the embedded database (this
 * process is its only writer): recordConsent and withdrawConsent drop her entry, so a withdrawal
 * takes effect on the next request.
 */
export function consentCache(store: Store, capacity = 10_000) {
  const cache = new Map<string, Promise<StoredConsent[]>>();
  return {
    consentsFor(subject: string): Promise<StoredConsent[]> {
      let hit = cache.get(subject);
      if (!hit) {
        hit = store.consents.forSubject(subject);
        hit.catch(() => cache.delete(subject));
        cache.set(subject, hit);
        if (cache.size > capacity) cache.delete(cache.keys().next().value as string);
      }
      return hit;
    },
    forget(subject: string) {
      cache.delete(subject);
    },
  };
}
