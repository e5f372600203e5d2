import type { Decisions } from './engine.ts';
import type { Action, ReasonCode } from './types.ts';

/** What each withholding rule means, in words she and a case worker can read. */
export const REASON_TEXT: Record<ReasonCode, string> = {
  NO_AGREEMENT: 'No data-sharing agreement lets this recipient receive data for this purpose.',
  AGREEMENT_NOT_IN_FORCE: 'The data-sharing agreement is not in force today.',
  AGREEMENT_EXCLUDES: 'The data-sharing agreement does not include this field.',
  CROSS_BORDER_NOT_AGREED: 'The recipient is in another country and the agreement does not allow data to cross the border.',
  NO_CONSENT: 'She has not consented to this recipient receiving this field for this purpose.',
  CONSENT_DENIES: 'She refused to let this recipient receive this field.',
  CONSENT_WITHDRAWN: 'She withdrew the consent that allowed this.',
  CONSENT_EXPIRED: 'The consent that allowed this has expired or was replaced.',
  LEGAL_BASIS_NOT_AGREED: 'The legal basis invoked is not one the agreement accepts.',
  LEGAL_BASIS_EXCLUDES: 'The legal basis invoked does not cover this field.',
  CROSS_BORDER_IDENTITY: 'Identifying details cross a border only to a recipient she named in her consent.',
  ROLE_NOT_ALLOWED: "The requester's role may not see case data.",
  SPECIAL_CATEGORY_STATISTICS: 'Statistics never release individual records, least of all health, sex-life, ethnicity or criminal data.',
  STATISTICS_AGGREGATE_ONLY: 'Statistics receive aggregates only, never individual fields.',
  TRANSFORM_NOT_APPLICABLE: 'The agreement requires a generalised form that this field does not have.',
  UNKNOWN_FIELD: 'The field is not part of the standard.',
  FIREWALL: 'Assistance data reach police and justice, and justice data reach assistance providers, only under a clause that names the recipient or its agency type.',
  GUARDIAN_CONSENT_REQUIRED: 'She is a minor and the agreement needs her guardian\'s consent; her own consent alone does not release it.',
  CONSENT_RECORD_PRIVATE: 'Of a consent record a recipient sees only that a permission exists for it, its period and whether it is provisional; who gave it, the child\'s view and words, and provisions about other members stay with the member that recorded it.',
  CHILD_VIEW_REQUIRED: 'She is a minor and the agreement needs her own agreement as well as her guardian\'s decision.',
};

export interface PreviewRow {
  pointer: string;
  description: string;
  decision: Action;
  transform?: string;
  /** The basis in words: consent record and provision, agreement and clause, legal basis. */
  basis?: string;
  reason?: ReasonCode;
  explanation?: string;
}

/**
 * Per field, what the recipient would get and why: for a person-readable table. Lists leaves
 * and the containers that are released in a generalised form.
 */
export function disclosurePreview(decisions: Decisions): PreviewRow[] {
  const { model } = decisions.policy;
  return model.fields
    .filter((f) => f.children.length === 0 || decisions.fields[f.index]!.action === 'transform' && !decisions.fields[f.index]!.via)
    .map((f) => {
      const d = decisions.fields[f.index]!;
      const parts: string[] = [];
      if (d.basis?.consent) parts.push(`consent ${d.basis.consent.id} ${d.basis.consent.provision}`);
      if (d.basis?.legalBasis && d.basis.legalBasis !== 'consent') parts.push(`legal basis ${d.basis.legalBasis} (flagged for the data-protection officer)`);
      if (d.basis?.agreement) parts.push(`agreement ${d.basis.agreement.id} v${d.basis.agreement.version} clause ${d.basis.agreement.clause}`);
      return {
        pointer: f.pointer,
        description: f.info.description,
        decision: d.action,
        ...(d.transform ? { transform: d.via ? `${d.transform} (of ${d.via})` : d.transform } : {}),
        ...(parts.length ? { basis: parts.join('; ') } : {}),
        ...(d.reason ? { reason: d.reason, explanation: REASON_TEXT[d.reason] } : {}),
      };
    });
}
