/**
 * Repositories whose writes append their audit entry in the same transaction: the change and its
 * record commit together or not at all. Who asked is told by the caller (Store.for).
 */
import type { AuditEntryInput } from '../audit/entry.ts';
import type { TransactionalAppender } from '../audit/appender.ts';

/** Where an audited write puts its entry: the appender, or a collector that appends a transaction's entries together. */
type AuditLog = Pick<TransactionalAppender, 'append'> | { append(tx: Queryable, input: AuditEntryInput): Promise<unknown> };
import type { Db, Queryable } from './db.ts';
import type { Repositories } from './repositories.ts';
import type { StoredReferral } from './types.ts';

type Make = (q: Queryable) => Repositories;

/** Who the audit trail names for a write: the member and staff pseudonym that asked, and the operation's hash. */
export type AuditActor = Pick<AuditEntryInput, 'requester' | 'user' | 'operationHash'>;

const NOBODY: AuditActor = {};

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function insertedEntry(stored: StoredReferral, actor: AuditActor): AuditEntryInput {
  return {
    // A copy held by its recipient came from a peer gateway: here it was received, not sent.
    type: stored.holder ? 'referral-received' : 'referral-sent',
    requester: stored.sender,
    ...actor,
    purpose: stored.purpose,
    subject: stored.subject,
    details: { referral: `referral:${stored.id}`, sender: stored.sender, recipient: stored.recipient, status: stored.status },
  };
}

/** The repositories of one transaction, with their writes audited in it. */
export function auditedRepositories(repos: Repositories, tx: Queryable, log: AuditLog, actor: AuditActor = NOBODY): Repositories {
  return {
    ...repos,
    referrals: {
      ...repos.referrals,
      async insert(referral) {
        const stored = await repos.referrals.insert(referral);
        await log.append(tx, insertedEntry(stored, actor));
        return stored;
      },
      async insertMany(referrals) {
        const stored = await repos.referrals.insertMany(referrals);
        for (const one of stored) await log.append(tx, insertedEntry(one, actor));
        return stored;
      },
      async setStatus(id, status, updated) {
        const stored = await repos.referrals.setStatus(id, status, updated);
        if (stored) {
          await log.append(tx, {
            type: status === 'received' ? 'referral-received' : 'status-update',
            ...actor,
            purpose: stored.purpose,
            subject: stored.subject,
            details: { referral: `referral:${stored.id}`, sender: stored.sender, recipient: stored.recipient, status },
          });
        }
        return stored;
      },
    },
    consents: {
      ...repos.consents,
      async insert(consent) {
        const stored = await repos.consents.insert(consent);
        const state = text(stored.document.state);
        const decision = text(stored.document.decision);
        await log.append(tx, {
          type: 'consent-recorded',
          requester: stored.recordedBy,
          ...actor,
          subject: stored.subject,
          details: { consent: `consent:${stored.id}`, ...(state ? { state } : {}), ...(decision ? { decision } : {}) },
        });
        return stored;
      },
      async withdraw(id, at, document) {
        const stored = await repos.consents.withdraw(id, at, document);
        if (stored) {
          await log.append(tx, { type: 'consent-withdrawn', requester: stored.recordedBy, ...actor, subject: stored.subject, details: { consent: `consent:${stored.id}` } });
        }
        return stored;
      },
    },
  };
}

/** Repositories outside a transaction: reads as they are, each audited write in a transaction of its own. */
export function autoTransactionRepositories(db: Db, make: Make, log: AuditLog, actor: AuditActor = NOBODY): Repositories {
  const plain = make(db);
  const inTx = <T>(work: (repos: Repositories) => Promise<T>) => db.transaction((tx) => work(auditedRepositories(make(tx), tx, log, actor)));
  return {
    ...plain,
    referrals: {
      ...plain.referrals,
      insert: (referral) => inTx((r) => r.referrals.insert(referral)),
      insertMany: (referrals) => inTx((r) => r.referrals.insertMany(referrals)),
      setStatus: (id, status, updated) => inTx((r) => r.referrals.setStatus(id, status, updated)),
    },
    consents: {
      ...plain.consents,
      insert: (consent) => inTx((r) => r.consents.insert(consent)),
      withdraw: (id, at, document) => inTx((r) => r.consents.withdraw(id, at, document)),
    },
  };
}
