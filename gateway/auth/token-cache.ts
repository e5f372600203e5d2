/**
 * A bounded least-recently-used map of verified tokens. Map keeps insertion order, so re-inserting
 * on every hit puts the most recent entry last and the eviction candidate first.
 */
export class TokenCache<V extends { expiresAtMs: number }> {
  readonly #entries = new Map<string, V>();
  readonly #capacity: number;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError('cache capacity must be a whole number >= 0');
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The entry, if present and not expired at `nowMs`; an expired entry is dropped. */
  get(token: string, nowMs: number): V | undefined {
    const entry = this.#entries.get(token);
    if (!entry) return undefined;
    this.#entries.delete(token);
    if (entry.expiresAtMs <= nowMs) return undefined;
    this.#entries.set(token, entry);
    return entry;
  }

  clear(): void {
    this.#entries.clear();
  }

  set(token: string, entry: V): void {
    if (this.#capacity === 0) return;
    this.#entries.delete(token);
    this.#entries.set(token, entry);
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }
}
