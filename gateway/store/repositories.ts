/** The store's repositories over one connection or transaction. */
import type { Queryable } from './db.ts';
import { consentRepository } from './consents.ts';
import { referralRepository } from './referrals.ts';
import { statusUpdateRepository } from './status-updates.ts';
import { inboxRepository, outboxRepository } from './peer-messages.ts';

export interface Repositories {
  referrals: ReturnType<typeof referralRepository>;
  statusUpdates: ReturnType<typeof statusUpdateRepository>;
  consents: ReturnType<typeof consentRepository>;
  /** Messages owed to peer gateways, and those accepted from them (gateway/federation). */
  outbox: ReturnType<typeof outboxRepository>;
  inbox: ReturnType<typeof inboxRepository>;
}

export function repositories(db: Queryable): Repositories {
  return { referrals: referralRepository(db), statusUpdates: statusUpdateRepository(db), consents: consentRepository(db), outbox: outboxRepository(db), inbox: inboxRepository(db) };
}
