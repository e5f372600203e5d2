/**
 * The service directory of one gateway: the store's table and the in-memory index kept in step with
 * it. Every way in (a member through the API, the configuration's file, a connector, an HSDS import)
 * goes through the same checks: the location rule, the spec, and who may publish what.
 */
import type { Db } from '../store/db.ts';
import type { Notifier } from '../store/notify.ts';
import type { Service } from '../../schema/generated/nrx.d.ts';
import { directoryRepository } from './repository.ts';
import { createServiceIndex, type ServiceIndex } from './service-index.ts';
import { refuseDisclosedLocation } from './location.ts';
import { DirectoryError, type PublishedService, type SearchPage, type ServiceQuery, type ServiceSource } from './types.ts';

export interface DirectoryOptions {
  db: Db;
  /** The spec's check of a service document: returns it typed, or throws the validator's error. */
  validate: (document: unknown) => Service;
  now?: () => Date;
  /**
   * Keeps the index in step with writes made by other processes on the same database (replicas of
   * the gateway, `nrx directory import`): each write is announced on DIRECTORY_CHANNEL, and an
   * announcement re-reads the entry it names, or everything.
   */
  notifier?: Notifier;
}

/** The channel directory writes are announced on; the payload is a service id, or empty for "re-read everything". */
export const DIRECTORY_CHANNEL = 'nrx_directory';

/** One entry a bulk load (file, connector, import) could not take, and why; the others are taken. */
export interface LoadProblem {
  index: number;
  id?: string;
  code: string;
  message: string;
}

export interface Directory {
  /** Publishes or replaces a service of `publisher`'s organisation (any organisation when publisher is null: the operator's own sources). */
  publish(publisher: string | null, document: unknown, source: ServiceSource): Promise<PublishedService>;
  /** Removes a service of `member`'s organisation. */
  withdraw(member: string, id: string): Promise<PublishedService>;
  /** Runs the checks a publication runs (location rule, spec), without storing anything. */
  check(document: unknown): Service;
  get(id: string): PublishedService | undefined;
  search(query: ServiceQuery, offset: number, limit: number): SearchPage;
  all(): PublishedService[];
  /**
   * Replaces every entry of `source` with `documents` (the configuration's file or a connector at
   * start); entries that fail a check are reported and left out.
   */
  replaceSource(source: ServiceSource, documents: unknown[], owner?: (organization: string) => boolean): Promise<LoadProblem[]>;
  readonly index: ServiceIndex;
  /** Stops following other processes' writes. */
  close(): Promise<void>;
}

export async function openDirectory(options: DirectoryOptions): Promise<Directory> {
  const { db, validate } = options;
  const now = options.now ?? (() => new Date());
  const repo = directoryRepository(db);
  const index = createServiceIndex();
  const reloadAll = async () => {
    const rows = await repo.all();
    const kept = new Set(rows.map((s) => s.id));
    for (const service of [...index.values()]) if (!kept.has(service.id)) index.remove(service.id);
    for (const service of rows) index.put(service);
  };
  const reload = async (id: string) => {
    const service = await repo.get(id);
    if (service) index.put(service);
    else index.remove(id);
  };
  await reloadAll();
  const notifier = options.notifier;
  const stopListening = await notifier?.listen(DIRECTORY_CHANNEL, (payload) => {
    void (payload ? reload(payload) : reloadAll()).catch(() => {});
  });
  const announce = (id?: string) => notifier?.notify(DIRECTORY_CHANNEL, id ?? '').catch(() => {});

  /** The checks every entry passes, in the order that gives the most specific refusal. */
  const check = (document: unknown, mayOwn: (organization: string) => boolean): Service => {
    if (document !== null && typeof document === 'object' && !Array.isArray(document)) {
      const d = document as Record<string, unknown>;
      if (typeof d.organization === 'string' && !mayOwn(d.organization)) {
        throw new DirectoryError('SERVICE_NOT_OWNED', `service ${String(d.id)} belongs to ${d.organization}; it cannot be published from here by another member`);
      }
      refuseDisclosedLocation(d);
    }
    return validate(document);
  };
  const stored = (document: Service, source: ServiceSource): PublishedService => ({
    id: document.id,
    organization: document.organization,
    source,
    updated: now().toISOString(),
    document,
  });

  return {
    index,
    async publish(publisher, input, source) {
      const document = check(input, (organization) => publisher === null || organization === publisher);
      const existing = index.get(document.id);
      if (existing && publisher !== null && existing.organization !== publisher) {
        throw new DirectoryError('SERVICE_NOT_OWNED', `the service id ${document.id} is taken by ${existing.organization}`);
      }
      const service = await repo.put(stored(document, source));
      index.put(service);
      await announce(service.id);
      return service;
    },
    async withdraw(member, id) {
      const existing = index.get(id) ?? (await repo.get(id)) ?? undefined;
      if (!existing) throw new DirectoryError('NOT_FOUND', `no service ${id} in this directory`);
      if (existing.organization !== member) throw new DirectoryError('SERVICE_NOT_OWNED', `service ${id} belongs to ${existing.organization}; only it may withdraw it`);
      await repo.remove(id);
      index.remove(id);
      await announce(id);
      return existing;
    },
    get: (id) => index.get(id),
    check: (document) => check(document, () => true),
    search: (query, offset, limit) => index.search(query, offset, limit, now().getTime()),
    all: () => [...index.values()],
    async replaceSource(source, documents, owner = () => true) {
      const problems: LoadProblem[] = [];
      const accepted: PublishedService[] = [];
      documents.forEach((document, i) => {
        try {
          accepted.push(stored(check(document, owner), source));
        } catch (error) {
          const id = (document as { id?: unknown } | null)?.id;
          const e = error as { code?: string; extensions?: { code?: string } };
          problems.push({ index: i, ...(typeof id === 'string' ? { id } : {}), code: e.code ?? e.extensions?.code ?? 'INTERNAL', message: (error as Error).message });
        }
      });
      const removed = await db.transaction(async (tx) => {
        const r = directoryRepository(tx);
        const ids = await r.removeSource(source);
        for (const service of accepted) await r.put(service);
        return ids;
      });
      for (const id of removed) index.remove(id);
      for (const service of accepted) index.put(service);
      await announce();
      return problems;
    },
    async close() {
      await stopListening?.();
    },
  };
}
