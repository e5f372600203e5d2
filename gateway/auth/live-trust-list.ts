import type { TrustList, TrustedMember } from './types.ts';

/**
 * The trust list in force, as one long-lived object that a reload updates in place. Everything built
 * at start-up (the authenticator, the policy's member look-ups, the operations, the connectors) holds
 * this object and its `members` map, so a reload reaches all of them at once without rebuilding
 * them. `revision` rises with every replacement: the authenticator compares it to drop its key
 * index and its verified-token cache, so no cached token outlives a member's removal or suspension.
 */
export interface LiveTrustList extends TrustList {
  readonly revision: number;
  /** The verified list now in force, immutable (a reload never changes it). */
  current(): TrustList;
  /** Puts `next` in force: members, keys and header fields at once. */
  replace(next: TrustList): void;
}

export function isLiveTrustList(list: TrustList): list is LiveTrustList {
  return typeof (list as Partial<LiveTrustList>).replace === 'function';
}

export function liveTrustList(initial: TrustList): LiveTrustList {
  let inForce = initial;
  let revision = 0;
  const members = new Map<string, TrustedMember>(initial.members);
  return {
    get federation() {
      return inForce.federation;
    },
    get issued() {
      return inForce.issued;
    },
    get nextUpdate() {
      return inForce.nextUpdate;
    },
    get sequence() {
      return inForce.sequence;
    },
    get operator() {
      return inForce.operator;
    },
    members,
    get revision() {
      return revision;
    },
    current: () => inForce,
    replace(next) {
      inForce = next;
      // The map is refilled rather than swapped: holders keep the reference they were given.
      members.clear();
      for (const [id, member] of next.members) members.set(id, member);
      revision += 1;
    },
  };
}
