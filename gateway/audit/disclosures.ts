/**
 * Turns the field decisions a request took (DisclosureRecords, pushed by the policy layer) into
 * audit entries: one per subject and purpose, so a request costs a few entries, not one per field.
 */
import { createHash } from 'node:crypto';
import type { Principal } from '../auth/types.ts';
import type { DisclosureRecord } from '../server/request-context.ts';
import type { AuditEntryInput, AuditField, FieldDecision } from './entry.ts';

const MAX_FIELDS = 2000;
const USER = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const PERSONAL_LOOKING = /^[0-9]{4}-[0-9]{2}-[0-9]{2}|^[0-9 +()-]{6,}$/;
const SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DECISION: Record<DisclosureRecord['action'], FieldDecision> = { release: 'released', transform: 'transformed', withhold: 'withheld' };

/** The staff member as the trail names her: the token's pseudonym, or its hash when it does not look like one. */
export function userPseudonym(principal: Principal): string {
  const user = principal.user;
  if (USER.test(user) && !PERSONAL_LOOKING.test(user)) return user;
  return `u-${createHash('sha256').update(principal.member.id).update('\u0000').update(user).digest('hex').slice(0, 32)}`;
}

const camel = (kind: string) => kind.replace(/[^A-Za-z0-9]+([A-Za-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9_]/g, '_');

/** `/sections/needs/0/category` of a referral -> `referral.sections.needs[0].category`. */
export function auditPath(kind: string, pointer: string): string {
  let path = camel(kind) || 'document';
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^[0-9]+$/.test(segment)) path += `[${segment}]`;
    else path += `.${SEGMENT.test(segment) ? segment : `_${segment.replace(/[^A-Za-z0-9_]/g, '_')}`}`;
  }
  return path.length <= 256 ? path : path.slice(0, 256).replace(/[.[][^.[]*$/, '');
}

export interface RequestAudit {
  principal?: Principal;
  operationHash?: string;
  payloadHash?: string;
  /** The field group of a document field, when the catalogue knows it. */
  groupOf?: (kind: string, pointer: string) => string | undefined;
}

function field(record: DisclosureRecord, groupOf: RequestAudit['groupOf']): AuditField {
  const group = groupOf?.(record.document.kind, record.path);
  return {
    path: auditPath(record.document.kind, record.path),
    decision: DECISION[record.action],
    ...(record.basis ? { basis: record.basis } : {}),
    ...(group ? { group } : {}),
    ...(record.reason ? { reason: record.reason } : {}),
    ...(record.transform ? { transform: record.transform } : {}),
  };
}

/** The entries for a request's disclosure records: per subject, recipient and purpose; overrides on their own, flagged for review. */
export function disclosureEntries(records: readonly DisclosureRecord[], request: RequestAudit): AuditEntryInput[] {
  const groups = new Map<string, DisclosureRecord[]>();
  for (const record of records) {
    const key = `${record.override ? 'o' : 'd'}\u0000${record.subject}\u0000${record.recipient}\u0000${record.purpose}`;
    const list = groups.get(key);
    if (list) list.push(record);
    else groups.set(key, [record]);
  }
  const principal = request.principal;
  const entries: AuditEntryInput[] = [];
  for (const list of groups.values()) {
    const first = list[0]!;
    const documents = [...new Set(list.map((r) => `${r.document.kind}:${r.document.id}`))];
    // A field served twice (aliases, repeated fragments) is one decision.
    const seen = new Set<string>();
    const fields: AuditField[] = [];
    for (const r of list) {
      const key = `${r.document.kind}\u0000${r.document.id}\u0000${r.path}\u0000${r.action}`;
      if (seen.has(key)) continue;
      seen.add(key);
      fields.push(field(r, request.groupOf));
    }
    const legalBases = [...new Set(list.filter((r) => r.override && r.basis).map((r) => r.basis!))];
    for (let at = 0; at < fields.length; at += MAX_FIELDS) {
      entries.push({
        type: first.override ? 'override' : 'disclosure-decision',
        ...(principal ? { requester: principal.member.id, user: userPseudonym(principal) } : {}),
        purpose: first.purpose,
        subject: first.subject,
        fields: fields.slice(at, at + MAX_FIELDS),
        ...(request.operationHash ? { operationHash: request.operationHash } : {}),
        ...(request.payloadHash ? { payloadHash: request.payloadHash } : {}),
        details: {
          recipient: first.recipient,
          documents: documents.slice(0, 1000),
          ...(first.override ? { review: 'pending', legalBases } : {}),
        },
      });
    }
  }
  return entries;
}
