import { join } from 'node:path';
import type { Db, Queryable } from './db.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import { repositories, type Repositories } from './repositories.ts';
import { auditedRepositories, autoTransactionRepositories, type AuditActor } from './audited.ts';
import type { TransactionalAppender } from '../audit/appender.ts';
import type { AuditEntryInput } from '../audit/entry.ts';

export type { Db, Queryable } from './db.ts';
export type * from './types.ts';
import type { StoredReferral } from './types.ts';
export { DuplicateError } from './rows.ts';
export { repositories, type Repositories } from './repositories.ts';
export type { AuditActor } from './audited.ts';
export type { OutboxMessage, OutboxState, OutboxKind, InboxEntry } from './peer-messages.ts';

export interface StoreOptions {
  /** PostgreSQL server URL; the embedded database under `dataDir` is used when absent. */
  databaseUrl?: string;
  /** Where the embedded database lives; in memory when neither this nor `databaseUrl` is given. */
  dataDir?: string;
  /** Schema on the server (search_path), for isolation. */
  schema?: string;
  /** Every write appends its audit entry to the trail this opens on the database, in the write's own transaction. */
  audit?: (db: Db) => Promise<TransactionalAppender>;
}

/** Repositories and transactions whose writes the audit trail attributes to one actor. */
export interface StoreAccess extends Repositories {
  /** The repositories bound to one transaction, and the transaction itself (for an audit entry of its own). */
  transaction<T>(work: (repos: Repositories, tx: Queryable) => Promise<T>): Promise<T>;
}

export interface Store extends StoreAccess {
  db: Db;
  /** The same store, its writes recorded in the audit trail as made by `actor` (who asked). */
  for(actor: AuditActor): StoreAccess;
  /**
   * One transaction of many writes (a batch of peer messages from several members): each write is
   * attributed to the actor named when its repositories were taken, and every audit entry of the
   * transaction, the writes' and those given to `record`, is appended at its end in one statement,
   * so the audit chain's head is held only from there to the commit.
   */
  transactionAs<T>(work: (as: (actor: AuditActor) => Repositories, record: (entry: AuditEntryInput) => void) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Referrals by id, and a subject's referrals by member, remembered in this process. Only for the
 * embedded database: this process is its only writer, so every change passes through here and is
 * dropped from the cache when it is made and again when it commits. A subject's lists are all
 * dropped on any referral write (writes are rare beside her case views, which read them on every
 * request); a list is remembered as the pending read, so a write clears one still in flight too.
 */
function referralCache(capacity = 10_000) {
  const cache = new Map<string, StoredReferral>();
  const bySubject = new Map<string, Promise<StoredReferral[]>>();
  const remember = (referral: StoredReferral) => {
    cache.delete(referral.id);
    cache.set(referral.id, referral);
    if (cache.size > capacity) cache.delete(cache.keys().next().value as string);
    return referral;
  };
  const forget = (id: string) => {
    cache.delete(id);
    bySubject.clear();
  };
  const repo = (inner: Repositories['referrals']): Repositories['referrals'] => ({
    ...inner,
    async get(id) {
      const hit = cache.get(id);
      if (hit) return hit;
      const referral = await inner.get(id);
      return referral ? remember(referral) : null;
    },
    async forSubject(subject, member) {
      const key = `${subject}\u0000${member}`;
      let hit = bySubject.get(key);
      if (!hit) {
        hit = inner.forSubject(subject, member);
        hit.catch(() => bySubject.get(key) === hit && bySubject.delete(key));
        bySubject.set(key, hit);
        if (bySubject.size > capacity) bySubject.delete(bySubject.keys().next().value as string);
      }
      // Each caller gets its own list; the referrals themselves are shared, as `get`'s are.
      return (await hit).slice();
    },
    async insert(referral) {
      bySubject.clear();
      try {
        return remember(await inner.insert(referral));
      } finally {
        bySubject.clear();
      }
    },
    async insertMany(referrals) {
      bySubject.clear();
      try {
        return (await inner.insertMany(referrals)).map(remember);
      } finally {
        bySubject.clear();
      }
    },
    setStatus: (id, status, updated) => changed(id, () => inner.setStatus(id, status, updated)),
    narrow: (id, document, updated) => changed(id, () => inner.narrow(id, document, updated)),
  });
  /** A change to one stored referral: forgotten before it, remembered as it is after, her lists dropped. */
  async function changed(id: string, change: () => Promise<StoredReferral | null>): Promise<StoredReferral | null> {
    forget(id);
    try {
      const referral = await change();
      return referral ? remember(referral) : null;
    } finally {
      bySubject.clear();
    }
  }
  return { repo, forget };
}

/** The referral ids a transaction changes, so that the cache drops them as it writes and once it ends. */
function trackingReferrals(inner: Repositories['referrals'], touched: Set<string>, forget: (id: string) => void): Repositories['referrals'] {
  return {
    ...inner,
    insert: (referral) => (touched.add(referral.id), forget(referral.id), inner.insert(referral)),
    insertMany: (referrals) => {
      for (const { id } of referrals) touched.add(id), forget(id);
      return inner.insertMany(referrals);
    },
    setStatus: (id, status, updated) => (touched.add(id), forget(id), inner.setStatus(id, status, updated)),
    narrow: (id, document, updated) => (touched.add(id), forget(id), inner.narrow(id, document, updated)),
  };
}

/** Opens the database, applies pending migrations, and returns the repositories. */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const db = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.schema ? { schema: options.schema } : {})
    : await openPglite(options.dataDir ? join(options.dataDir, 'db') : undefined);
  let audit: TransactionalAppender | undefined;
  try {
    await migrate(db);
    audit = await options.audit?.(db);
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  const cached = db.kind === 'pglite' ? referralCache() : undefined;
  /** The repositories, their writes attributed to `actor` (nobody when the gateway itself writes). */
  const access = (actor?: AuditActor): StoreAccess => {
    const inTx = (tx: Queryable) => (audit ? auditedRepositories(repositories(tx), tx, audit, actor) : repositories(tx));
    const repos = audit ? autoTransactionRepositories(db, repositories, audit, actor) : repositories(db);
    if (!cached) return { ...repos, transaction: (work) => db.transaction((tx) => work(inTx(tx), tx)) };
    return {
      ...repos,
      referrals: cached.repo(repos.referrals),
      async transaction(work) {
        const touched = new Set<string>();
        try {
          return await db.transaction((tx) => {
            const txRepos = inTx(tx);
            return work({ ...txRepos, referrals: trackingReferrals(txRepos.referrals, touched, cached.forget) }, tx);
          });
        } finally {
          for (const id of touched) cached.forget(id);
        }
      },
    };
  };
  async function transactionAs<T>(work: (as: (actor: AuditActor) => Repositories, record: (entry: AuditEntryInput) => void) => Promise<T>): Promise<T> {
    const touched = new Set<string>();
    try {
      return await db.transaction(async (tx) => {
        const entries: AuditEntryInput[] = [];
        const collector = { append: async (_tx: Queryable, entry: AuditEntryInput) => void entries.push(entry) };
        const result = await work((actor) => {
          const txRepos = audit ? auditedRepositories(repositories(tx), tx, collector, actor) : repositories(tx);
          return cached ? { ...txRepos, referrals: trackingReferrals(txRepos.referrals, touched, cached.forget) } : txRepos;
        }, (entry) => void entries.push(entry));
        await audit?.appendMany(tx, entries);
        return result;
      });
    } finally {
      for (const id of touched) cached?.forget(id);
    }
  }
  return { db, ...access(), for: access, transactionAs, close: () => db.close() };
}
