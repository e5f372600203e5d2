/**
 * Views of the documents around a referral that a recipient can reach: the consent records its
 * referral cites and the status updates the other party posts. Decided here (policy in, view out),
 * served by the field guard, recorded by the audit. Remembered per stored document and caller, so
 * a document read again is projected once.
 */
import type * as Spec from '../../schema/generated/nrx.d.ts';
import type { Principal } from '../auth/types.ts';
import { projectConsent, type ConsentProjection } from './consent-view.ts';
import { subjectIsMinor } from './minors.ts';
import type { FieldDecision } from './types.ts';
import type { ConsentMemo, HeldRecord, ViewBuilder } from './views.ts';

/** A consent record as the store holds it (structurally; the store sits above this layer). */
export interface ConsentDocument {
  id: string;
  subject: string;
  recordedBy: string;
  document: Spec.ConsentRecord;
}

/** A status update as the store holds it. */
export interface StatusDocument {
  id: string;
  author: string;
  document: Spec.ReferralStatusUpdate;
}

export interface ConsentView extends ConsentProjection {
  source: ConsentDocument;
}

/**
 * What the other party of a referral reads of a status update. The provider's own reply (status,
 * its reasons, what comes next) is workflow and is served; the parts that are her assistance data
 * (spec/v1/field-groups.json, firewall side `statusUpdate`: the outcome of her help, and decline
 * reasons that tell of her own decisions or her help elsewhere) cross the assistance–police
 * firewall only as the referral's own assistance decisions would.
 */
export interface StatusView {
  source: StatusDocument;
  /** The record the update belongs to (for the trail: her reference). */
  record: HeldRecord;
  document: Record<string, unknown>;
  /** True when the reader is on the other side of the firewall from the content. */
  crossing: boolean;
  /** The decision the content was released or withheld on, when it crossed. */
  decision?: FieldDecision;
  withheld: readonly string[];
  released: readonly string[];
}

/** The referral field whose decision stands for a status update's assistance content. */
const ASSISTANCE_DECISION_POINTER = '/sections/assistanceOffers/*/decision';

export interface DocumentViews {
  /** The caller's projection of a consent record it did not record. */
  consent(principal: Principal, stored: ConsentDocument): ConsentView;
  /** Decides, and remembers for the field guard, what the caller reads of each update of a referral it is party to. */
  statusUpdates(principal: Principal, record: HeldRecord, updates: readonly StatusDocument[], memo?: ConsentMemo): Promise<void>;
  /** The view `statusUpdates` decided for this caller, if any. */
  statusUpdate(principal: Principal, update: StatusDocument): StatusView | undefined;
  /** The members of a status update that are assistance data (withheld whole when closed). */
  readonly statusMembers: readonly string[];
}

const callerKey = (principal: Principal) => `${principal.member.id}\u0000${principal.purpose}\u0000${principal.role}`;

export function createDocumentViews(views: ViewBuilder): DocumentViews {
  const consents = new WeakMap<object, Map<string, ConsentView>>();
  const statuses = new WeakMap<object, Map<string, StatusView>>();
  const assistanceField = views.policy.model.byPointer.get(ASSISTANCE_DECISION_POINTER);
  const sides = Object.values(views.policy.model.file.firewall?.sides ?? {});
  const statusMembers = [...new Set(sides.flatMap((side) => side.statusUpdate?.members ?? []))];
  const herReasons = new Set(sides.flatMap((side) => side.statusUpdate?.declineReasons ?? []));

  const remember = <T>(memo: WeakMap<object, Map<string, T>>, origin: object, key: string, make: () => T): T => {
    let perOrigin = memo.get(origin);
    if (!perOrigin) memo.set(origin, (perOrigin = new Map()));
    let made = perOrigin.get(key);
    if (made === undefined) perOrigin.set(key, (made = make()));
    return made;
  };

  return {
    consent(principal, stored) {
      return remember(consents, stored, callerKey(principal), () => ({
        source: stored,
        ...projectConsent(stored.document, principal.member, views.pseudonym(stored.subject, principal.member.id)),
      }));
    },

    async statusUpdates(principal, record, updates, memo) {
      const me = principal.member.id;
      const key = callerKey(principal);
      const crossing = assistanceField !== undefined && views.policy.firewall.crosses(assistanceField.groups, principal.member);
      for (const update of updates) {
        if (update.author === me || statuses.get(update)?.has(key)) continue;
        const decision = crossing
          ? (await views.decide({ recipient: principal.member, controller: views.actor(update.author), purpose: principal.purpose, role: principal.role, subject: record.subject,
            minor: subjectIsMinor(record.document, new Date()), ...(memo ? { memo } : {}) })).byPointer.get(ASSISTANCE_DECISION_POINTER)
          : undefined;
        const open = !crossing || decision?.action === 'release';
        const document: Record<string, unknown> = {};
        const withheld: string[] = [];
        const released: string[] = [];
        for (const [name, value] of Object.entries(update.document)) {
          if (statusMembers.includes(name)) {
            (open ? released : withheld).push(`/${name}`);
            if (open) document[name] = value;
          } else if (name === 'reasons' && Array.isArray(value) && !open) {
            // Only the provider's own reasons; a list of none is absent, so nothing tells of the others.
            const kept: unknown[] = [];
            (value as unknown[]).forEach((code, i) => (herReasons.has(String(code)) ? withheld.push(`/reasons/${i}`) : kept.push(code)));
            if (kept.length) document.reasons = kept;
          } else document[name] = value;
        }
        remember(statuses, update, key, () => ({ source: update, record, document, crossing, ...(decision ? { decision } : {}), withheld, released }));
      }
    },

    statusUpdate(principal, update) {
      return statuses.get(update)?.get(callerKey(principal));
    },
    statusMembers,
  };
}
