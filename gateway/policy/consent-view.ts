/**
 * What a recipient sees of a consent record it reaches (a record its referral cites): only what it
 * needs to act on it. That a permission exists for itself (the provisions whose actors match it,
 * narrowed to the entries that do), the record's decision, state, date and period, and whether it
 * is provisional. Never who gave it or their relationship to her, the child's view or words, how
 * it was taken, or provisions about other members. The member that recorded it reads it whole.
 *
 * The projection depends only on what the recipient may see: two records that differ in their
 * private parts give the same projection, and the parts it withholds are named by a fixed list, so
 * their presence is not told either.
 */
import type * as Spec from '../../schema/generated/nrx.d.ts';
import { actorMatches } from './match.ts';
import type { ActorMatch, ConsentProvision, PolicyActor } from './types.ts';

/** The members a recipient gets, copied as they are. */
const SHOWN = ['kind', 'specVersion', 'id', 'decision', 'state', 'given', 'period', 'provisional'] as const;

/** The members kept with the recorder: noted as withheld for every recipient, present or not. */
export const CONSENT_PRIVATE_POINTERS = [
  '/grantor', '/childView', '/method', '/language', '/interpreterUsed', '/informationGiven', '/copyGiven', '/recordedBy', '/withdrawal', '/supersedes',
] as const;

export interface ConsentProjection {
  document: Record<string, unknown>;
  /** Pointers of the record's own parts withheld (with array indices), for the audit trail only. */
  withheld: readonly string[];
  /** Pointers released, for the audit trail. */
  released: readonly string[];
  /** The provision (or the base decision) that gives the recipient a permission: the basis it is shown on. */
  provision: string;
}

const aboutRecipient = (actors: readonly ActorMatch[] | undefined, recipient: PolicyActor) => actors === undefined || actors.some((a) => actorMatches(a, recipient));

/** A provision as the recipient sees it, with the withheld pointers of what it leaves out. */
function provisionFor(p: ConsentProvision, at: string, recipient: PolicyActor, withheld: string[]): ConsentProvision {
  const { actors, provisions, ...rest } = p;
  const shown: ConsentProvision = { ...rest };
  if (actors) {
    // Called only for a provision about the recipient, so at least one entry is left.
    shown.actors = actors.filter((a) => actorMatches(a, recipient)) as typeof actors;
    actors.forEach((a, i) => actorMatches(a, recipient) || withheld.push(`${at}/actors/${i}`));
  }
  if (provisions) {
    const kept: ConsentProvision[] = [];
    provisions.forEach((child, i) => {
      if (aboutRecipient(child.actors, recipient)) kept.push(provisionFor(child, `${at}/provisions/${i}`, recipient, withheld));
      else withheld.push(`${at}/provisions/${i}`);
    });
    if (kept.length) shown.provisions = kept;
  }
  return shown;
}

/** The recipient's projection of one consent record, her reference replaced by the recipient's pseudonym. */
export function projectConsent(record: Spec.ConsentRecord, recipient: PolicyActor, subjectShown: string): ConsentProjection {
  const source = record as unknown as Record<string, unknown>;
  const document: Record<string, unknown> = { subject: subjectShown };
  const released: string[] = ['/subject'];
  const withheld: string[] = [];
  for (const key of SHOWN) {
    if (source[key] === undefined) continue;
    document[key] = source[key];
    released.push(`/${key}`);
  }
  for (const pointer of CONSENT_PRIVATE_POINTERS) if (source[pointer.slice(1)] !== undefined) withheld.push(pointer);
  let provision = '/decision';
  const provisions: ConsentProvision[] = [];
  record.provisions?.forEach((p, i) => {
    if (!aboutRecipient(p.actors, recipient)) return void withheld.push(`/provisions/${i}`);
    provisions.push(provisionFor(p, `/provisions/${i}`, recipient, withheld));
    released.push(`/provisions/${i}`);
    if (provision === '/decision' && p.type === 'permit') provision = `/provisions/${i}`;
  });
  if (provisions.length) document.provisions = provisions;
  return { document, withheld, released, provision };
}
