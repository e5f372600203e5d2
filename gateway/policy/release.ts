import type { ActorMatch, FieldDecision, PolicyActor, ReasonCode, ReleaseCondition } from './types.ts';

/** What the engine knows, at one field, about the request it withheld the field from. */
export interface ReleaseContext {
  purpose: string;
  recipient: PolicyActor;
  role: string;
  /** The field's groups, sorted. */
  groups: readonly string[];
  /** The ids (`agreement#clause`) of the clauses that apply to this recipient and purpose today. */
  clauses: readonly string[];
  /** The legal basis the request invoked, other than consent. */
  legalBasis?: string;
  /** Groups in which a generalised form of the field exists. */
  generalisedIn: readonly string[];
  /** The roles that may see case data. */
  caseRoles: readonly string[];
}

/**
 * For each reason, the one change that would release the field: the groups a clause must name,
 * the clause that must exist or change, or the consent she would have to give. Built from the
 * reason and the request only, so that a decision table stays one object per request shape.
 */
export function releaseFor(reason: ReasonCode, c: ReleaseContext): ReleaseCondition {
  const to: ActorMatch[] = [{ member: c.recipient.id }];
  const fieldGroups = [...c.groups];
  const clause = (extra: Omit<NonNullable<ReleaseCondition['agreementClause']>, 'purpose' | 'to'> = {}) => ({
    purpose: c.purpose,
    to,
    ...(c.clauses.length ? { clauses: [...c.clauses] } : {}),
    ...extra,
  });
  const consent = { consentProvision: { type: 'permit' as const, purposes: [c.purpose], actors: to, fieldGroups } };
  switch (reason) {
    case 'NO_AGREEMENT':
      return { fieldGroups, agreementClause: clause({ fieldGroups }) };
    case 'AGREEMENT_NOT_IN_FORCE':
      return { fieldGroups, agreementClause: clause({ inForce: true }) };
    case 'AGREEMENT_EXCLUDES':
      return { fieldGroups, agreementClause: clause({ fieldGroups }) };
    case 'CROSS_BORDER_NOT_AGREED':
      return { agreementClause: clause({ crossBorder: true }) };
    case 'ROLE_NOT_ALLOWED':
      return { roles: [...c.caseRoles], agreementClause: clause({ roles: [c.role] }) };
    case 'NO_CONSENT':
    case 'CONSENT_DENIES':
    case 'CONSENT_WITHDRAWN':
    case 'CONSENT_EXPIRED':
    case 'CROSS_BORDER_IDENTITY':
      return { fieldGroups, ...consent };
    case 'LEGAL_BASIS_NOT_AGREED':
      return { ...consent, agreementClause: clause({ acceptsLegalBases: c.legalBasis ? [c.legalBasis] : [] }) };
    case 'LEGAL_BASIS_EXCLUDES':
      return { fieldGroups, ...consent };
    case 'FIREWALL':
      return { fieldGroups, agreementClause: clause({ fieldGroups, explicit: true }) };
    case 'GUARDIAN_CONSENT_REQUIRED':
      return { fieldGroups, consentProvision: { ...consent.consentProvision, grantor: 'guardian' } };
    case 'CHILD_VIEW_REQUIRED':
      return { fieldGroups, consentProvision: { ...consent.consentProvision, grantor: 'self' } };
    case 'TRANSFORM_NOT_APPLICABLE':
      return { fieldGroups: [...c.generalisedIn], agreementClause: clause({ fieldGroups: [...c.generalisedIn] }) };
    case 'SPECIAL_CATEGORY_STATISTICS':
    case 'STATISTICS_AGGREGATE_ONLY':
    case 'UNKNOWN_FIELD':
    case 'CONSENT_RECORD_PRIVATE':
      return { never: true };
  }
}

/** The release condition in words, for a person reading a preview or a report. */
export function releaseText(r: ReleaseCondition): string {
  if (r.never) return 'Nothing releases it.';
  const parts: string[] = [];
  const groups = (g: readonly string[]) => (g.length ? `the field group${g.length === 1 ? '' : 's'} ${g.join(', ')}` : 'this field');
  if (r.agreementClause) {
    const a = r.agreementClause;
    const what = [
      a.fieldGroups?.length ? `names ${groups(a.fieldGroups)}` : '',
      a.crossBorder ? 'allows crossing the border (crossBorder: true)' : '',
      a.roles?.length ? `admits the role ${a.roles.join(', ')}` : '',
      a.acceptsLegalBases?.length ? `accepts the legal basis ${a.acceptsLegalBases.join(', ')}` : '',
      a.inForce ? 'is in force today' : '',
      a.explicit ? 'names this member or its agency type explicitly' : '',
    ].filter(Boolean);
    const which = a.clauses?.length ? `clause ${a.clauses.join(' or ')}` : `a clause for purpose ${a.purpose} to ${a.to.map((t) => t.member).join(', ')}`;
    parts.push(`an agreement whose ${which} ${what.join(' and ') || 'exists'}`);
  }
  if (r.consentProvision) {
    const p = r.consentProvision;
    const who = p.grantor === 'guardian' ? 'her guardian\'s consent' : p.grantor === 'self' ? 'her own agreement (her consent, or her view recorded as agrees)' : 'her consent';
    parts.push(`${who}: a permit provision for purpose ${p.purposes.join(', ')} to ${p.actors.map((a) => a.member).join(', ')} over ${groups(p.fieldGroups)}`);
  }
  if (r.roles?.length && !r.agreementClause) parts.push(`a token with one of the roles ${r.roles.join(', ')}`);
  return `Released by ${parts.join(', or ')}.`;
}

/**
 * A container with nothing released inside it: withheld for its own reason, or its first child's.
 * What would release it names the field groups of what it holds, where it has none of its own.
 */
export function withheldContainer(pointer: string, from: FieldDecision | undefined, kids: readonly FieldDecision[]): FieldDecision {
  let release = from?.release;
  if (release && !release.never && !release.fieldGroups?.length) {
    const groups = [...new Set(kids.flatMap((k) => k.release?.fieldGroups ?? []))].sort();
    if (groups.length) {
      release = { ...release, fieldGroups: groups };
      if (release.agreementClause?.fieldGroups) release.agreementClause = { ...release.agreementClause, fieldGroups: groups };
      if (release.consentProvision) release.consentProvision = { ...release.consentProvision, fieldGroups: groups };
    }
  }
  return { pointer, action: 'withhold', reason: from?.reason ?? 'AGREEMENT_EXCLUDES', ...(release ? { release } : {}) };
}
