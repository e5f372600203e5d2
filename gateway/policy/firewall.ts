/**
 * The assistance–police firewall (DOMAIN principle 2), as spec/v1/field-groups.json defines it:
 * each side has field groups (its data) and agency types (its members). A field of one side
 * reaches a member of the other side only under a clause that names that member, or its agency
 * type, among its recipients: a broad clause (every government member of a country) does not
 * carry it across.
 */
import type { FieldGroupsFile, FirewallSide } from './field-groups.ts';
import { actorMatches } from './match.ts';
import type { ActorMatch, PolicyActor } from './types.ts';

export interface Firewall {
  /** True when a field of these groups, going to this recipient, crosses from one side to the other. */
  crosses(groups: ReadonlySet<string>, recipient: PolicyActor): boolean;
  /** The side whose data a field of these groups belongs to, other than the recipient's own (for messages). */
  sidesCrossed(groups: ReadonlySet<string>, recipient: PolicyActor): string[];
}

/** True when a clause's recipients name this member, or its agency type, explicitly. */
export function namesExplicitly(to: readonly ActorMatch[] | undefined, recipient: PolicyActor): boolean {
  return (to ?? []).some((m) => (m.member !== undefined || m.agencyType !== undefined) && actorMatches(m, recipient));
}

export function firewallOf(file: FieldGroupsFile): Firewall {
  const sides = Object.entries(file.firewall?.sides ?? {});
  const sidesCrossed = (groups: ReadonlySet<string>, recipient: PolicyActor): string[] => {
    const own = sides.filter(([, s]) => s.agencyTypes.includes(recipient.agencyType)).map(([name]) => name);
    if (own.length === 0) return [];
    return sides.filter(([name, s]) => !own.includes(name) && s.groups.some((g) => groups.has(g))).map(([name]) => name);
  };
  return { sidesCrossed, crosses: (groups, recipient) => sidesCrossed(groups, recipient).length > 0 };
}
