/**
 * The floor below which no trust list is put in force again: the newest list this gateway accepted,
 * kept in its store across restarts. Without it a restart would take whatever the file or URL gives,
 * so an old list put back (a member readmitted, a revoked key trusted again) would pass.
 */
import { createHash } from 'node:crypto';
import { TrustListError } from './trust-list.ts';
import type { TrustList } from './types.ts';

/** The newest list accepted before, as recorded. */
export interface TrustListFloor {
  sequence: number;
  digest: string;
  acceptedAt: string;
}

/** SHA-256 of what a list says (not of its signature bytes: the same list signed again is the same list). */
export function trustListDigest(list: TrustList): string {
  const contents = JSON.stringify([list.federation, list.sequence ?? 0, list.issued, list.nextUpdate, list.operator, [...list.members.values()]]);
  return createHash('sha256').update(contents).digest('hex');
}

/** Refuses `list` when it is older than the floor, or another list under the floor's sequence. */
export function checkTrustListFloor(list: TrustList, floor: TrustListFloor | undefined, where: string): void {
  if (!floor) return;
  const sequence = list.sequence ?? 0;
  if (sequence < floor.sequence) {
    throw new TrustListError('TRUST_LIST_STALE', `${where}: the trust list is older than the one this gateway accepted before (sequence ${sequence} < ${floor.sequence}, accepted ${floor.acceptedAt}); refusing a rollback. Install the current list from the federation operator`);
  }
  if (sequence === floor.sequence && trustListDigest(list) !== floor.digest) {
    throw new TrustListError('TRUST_LIST_STALE', `${where}: the trust list has the sequence this gateway accepted before (${sequence}) but other contents; the operator must issue a new sequence`);
  }
}
