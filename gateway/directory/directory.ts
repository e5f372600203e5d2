/**
 * The service directory of one gateway: the store's table and the in-memory index kept in step with
 * it. Every way in (a member through the API, the configuration's file, a connector, an HSDS import)
 * goes through the same checks: the location rule, the spec, and who may publish what.
 */
import type { Db } from '../store/db.ts';
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
}

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
  get(id: string): PublishedService | undefined;
  search(query: ServiceQuery, offset: number, limit: number): SearchPage;
  all(): PublishedService[];
  /**
   * Replaces every entry of `source` with `documents` (the configuration's file or a connector at
   * start); entries that fail a check are reported and left out.
   */
  replaceSource(source: ServiceSource, documents: unknown[], owner?: (organization: string) => boolean): Promise<LoadProblem[]>;
  readonly index: ServiceIndex;
}

export async function openDirectory(options: DirectoryOptions): Promise<Directory> {
  const { db, validate } = options;
  const now = options.now ?? (() => new Date());
  const repo = directoryRepository(db);
  const index = createServiceIndex();
  for (const service of await repo.all()) index.put(service);

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
      return service;
    },
    async withdraw(member, id) {
      const existing = index.get(id) ?? (await repo.get(id)) ?? undefined;
      if (!existing) throw new DirectoryError('NOT_FOUND', `no service ${id} in this directory`);
      if (existing.organization !== member) throw new DirectoryError('SERVICE_NOT_OWNED', `service ${id} belongs to ${existing.organization}; only it may withdraw it`);
      await repo.remove(id);
      index.remove(id);
      return existing;
    },
    get: (id) => index.get(id),
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
          problems.push({ index: i, ...(typeof id === 'string' ? { id } : {}), code: (error as { code?: string }).code ?? 'INTERNAL', message: (error as Error).message });
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
      return problems;
    },
  };
}
