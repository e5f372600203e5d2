/** The store's repositories over one connection or transaction. */
import type { Queryable } from './db.ts';
import { consentRepository } from './consents.ts';
import { referralRepository } from './referrals.ts';
import { statusUpdateRepository } from './status-updates.ts';

export interface Repositories {
  referrals: ReturnType<typeof referralRepository>;
  statusUpdates: ReturnType<typeof statusUpdateRepository>;
  consents: ReturnType<typeof consentRepository>;
}

export function repositories(db: Queryable): Repositories {
  return { referrals: referralRepository(db), statusUpdates: statusUpdateRepository(db), consents: consentRepository(db) };
}
