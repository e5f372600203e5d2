/**
 * A status update that came from the other party of a referral, applied in order: every update is
 * kept in the history once (by its id), and the referral takes its status only when it is newer than
 * the newest update already held (a higher sequence; on a tie, a later time). An older update that
 * arrives late never overwrites a newer status.
 */
import type { Repositories } from '../store/repositories.ts';
import type { StoredReferral, StoredStatusUpdate } from '../store/index.ts';

export interface PeerStatusUpdate {
  id: string;
  author: string;
  status: string;
  sequence: number;
  at: string;
  document: Record<string, unknown>;
}

const sequenceOf = (update: StoredStatusUpdate): number => {
  const sequence = (update.document as unknown as { sequence?: unknown }).sequence;
  return typeof sequence === 'number' ? sequence : 0;
};

/** Whether `update` is newer than every one of `history`. */
export function isNewest(update: Pick<PeerStatusUpdate, 'sequence' | 'at'>, history: readonly StoredStatusUpdate[]): boolean {
  for (const held of history) {
    const sequence = sequenceOf(held);
    if (sequence > update.sequence) return false;
    if (sequence === update.sequence && held.at >= update.at) return false;
  }
  return true;
}

/** Applies one update in the caller's transaction; returns the referral as it now stands. */
export async function applyPeerStatusUpdate(repos: Repositories, referral: StoredReferral, update: PeerStatusUpdate, now: string): Promise<StoredReferral> {
  const history = await repos.statusUpdates.forReferral(referral.id);
  if (history.some((held) => held.id === update.id)) return referral;
  const newest = isNewest(update, history);
  await repos.statusUpdates.insert({ id: update.id, referralId: referral.id, author: update.author, status: update.status, at: update.at, document: update.document });
  if (!newest || update.status === referral.status) return referral;
  return (await repos.referrals.setStatus(referral.id, update.status, now)) ?? referral;
}
