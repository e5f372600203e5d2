/**
 * What the audit trail keeps of the documents around a referral served to a recipient: a consent
 * record's projection and a status update's content across the firewall (paths, actions, bases,
 * reasons; never values). Records are made once per view, so that a view served again records the
 * same objects.
 */
import type { ConsentView, StatusView } from '../policy/document-views.ts';
import { basesText, type DisclosureRecord, type Recipient } from './disclosure-records.ts';

const CONSENT_PRIVATE = 'CONSENT_RECORD_PRIVATE';

export function documentDisclosures() {
  const consents = new WeakMap<ConsentView, readonly DisclosureRecord[]>();
  const statuses = new WeakMap<StatusView, readonly DisclosureRecord[]>();
  return {
    /** Each part of a consent record released to the recipient, on the provision that concerns it, and each part kept back. */
    consent(view: ConsentView, to: Recipient): readonly DisclosureRecord[] {
      let records = consents.get(view);
      if (!records) {
        const base = { document: { kind: 'consent-record', id: view.source.id }, subject: view.source.subject, recipient: to.member, purpose: to.purpose };
        const bases = [`consent:${view.source.id}#${view.provision}`];
        records = [
          ...view.released.map((path): DisclosureRecord => ({ ...base, path, action: 'release', bases })),
          ...view.withheld.map((path): DisclosureRecord => ({ ...base, path, action: 'withhold', reason: CONSENT_PRIVATE })),
        ];
        consents.set(view, records);
      }
      return records;
    },
    /** A status update's assistance content across the firewall: released on the referral's own bases, or withheld. */
    status(view: StatusView, to: Recipient): readonly DisclosureRecord[] {
      if (!view.crossing) return [];
      let records = statuses.get(view);
      if (!records) {
        const base = { document: { kind: 'referral-status-update', id: view.source.id }, subject: view.record.subject, recipient: to.member, purpose: to.purpose, group: 'assistance' };
        const bases = basesText(view.decision?.basis);
        records = [
          ...view.released.map((path): DisclosureRecord => ({ ...base, path, action: 'release', ...(bases.length ? { bases } : {}) })),
          ...view.withheld.map((path): DisclosureRecord => ({ ...base, path, action: 'withhold', reason: view.decision?.reason ?? 'FIREWALL' })),
        ];
        statuses.set(view, records);
      }
      return records;
    },
  };
}
export type DocumentDisclosures = ReturnType<typeof documentDisclosures>;
