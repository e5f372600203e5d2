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
  /** The field groups of the sides this recipient is not on, when it is on one: what crosses the firewall to it. */
  foreignGroups(recipient: PolicyActor): ReadonlySet<string>;
  /** True when a field of these groups, going to this recipient, crosses from one side to the other. */
  crosses(groups: ReadonlySet<string>, recipient: PolicyActor): boolean;
}

/** True when a clause's recipients name this member, or its agency type, explicitly. */
export function namesExplicitly(to: readonly ActorMatch[] | undefined, recipient: PolicyActor): boolean {
  return (to ?? []).some((m) => (m.member !== undefined || m.agencyType !== undefined) && actorMatches(m, recipient));
}

export function firewallOf(file: FieldGroupsFile): Firewall {
  const sides = Object.entries(file.firewall?.sides ?? {});
  const byAgencyType = new Map<string, ReadonlySet<string>>();
  const foreignGroups = (recipient: PolicyActor): ReadonlySet<string> => {
    let groups = byAgencyType.get(recipient.agencyType);
    if (!groups) {
      const own = sides.filter(([, s]) => s.agencyTypes.includes(recipient.agencyType)).map(([name]) => name);
      groups = new Set(own.length ? sides.filter(([name]) => !own.includes(name)).flatMap(([, s]) => s.groups) : []);
      byAgencyType.set(recipient.agencyType, groups);
    }
    return groups;
  };
  const crosses = (groups: ReadonlySet<string>, recipient: PolicyActor): boolean => {
    const foreign = foreignGroups(recipient);
    if (foreign.size === 0) return false;
    for (const g of groups) if (foreign.has(g)) return true;
    return false;
  };
  return { foreignGroups, crosses };
}
