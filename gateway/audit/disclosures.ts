/**
 * Turns the field decisions a request took (DisclosureRecords, from the disclosure recorder in
 * disclosure-records.ts) into audit entries: one per subject and purpose, so a request costs a few
 * entries, not one per field.
 */
import { createHash } from 'node:crypto';
import type { Principal } from '../auth/types.ts';
import { sealCanonical, sealList } from './canonical.ts';
import type { DisclosureRecord } from './disclosure-records.ts';
import { RECORDED_ACTION, type AuditDetail, type AuditEntryInput, type AuditField } from './entry.ts';
import { pointerNames } from '../../lib/json-pointer.ts';

export type { DisclosureRecord } from './disclosure-records.ts';

const MAX_FIELDS = 2000;
const USER = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const PERSONAL_LOOKING = /^[0-9]{4}-[0-9]{2}-[0-9]{2}|^[0-9 +()-]{6,}$/;
const SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Pseudonyms by principal: a verified token's principal is reused request after request. */
const pseudonyms = new WeakMap<Principal, string>();

/** The staff member as the trail names her: the token's pseudonym, or its hash when it does not look like one. */
export function userPseudonym(principal: Principal): string {
  let pseudonym = pseudonyms.get(principal);
  if (pseudonym === undefined) {
    const user = principal.user;
    pseudonym = USER.test(user) && !PERSONAL_LOOKING.test(user) ? user : `u-${createHash('sha256').update(principal.member.id).update('\u0000').update(user).digest('hex').slice(0, 32)}`;
    pseudonyms.set(principal, pseudonym);
  }
  return pseudonym;
}

const camel = (kind: string) => kind.replace(/[^A-Za-z0-9]+([A-Za-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9_]/g, '_');

/** `/sections/needs/0/category` of a referral -> `referral.sections.needs[0].category`. */
export function auditPath(kind: string, pointer: string): string {
  let path = camel(kind) || 'document';
  for (const segment of pointerNames(pointer)) {
    if (/^[0-9]+$/.test(segment)) path += `[${segment}]`;
    else path += `.${SEGMENT.test(segment) ? segment : `_${segment.replace(/[^A-Za-z0-9_]/g, '_')}`}`;
  }
  return path.length <= 256 ? path : path.slice(0, 256).replace(/[.[][^.[]*$/, '');
}

export interface RequestAudit {
  principal?: Principal;
  operationHash?: string;
  payloadHash?: string;
}

interface CachedField {
  kind: string;
  action: DisclosureRecord['action'];
  bases: string;
  reason: string | undefined;
  transform: string | undefined;
  group: string | undefined;
  field: AuditField;
}

/**
 * Sealed field decisions, by pointer and then by what else makes one: the same few recur in every
 * response, so each is built, checked and serialised once.
 */
const cache = new Map<string, CachedField[]>();
const MAX_CACHED_POINTERS = 50_000;

/** Each record's sealed field, for records the policy layer reuses (a field served from a cached view). */
const byRecord = new WeakMap<DisclosureRecord, AuditField>();

function field(record: DisclosureRecord): AuditField {
  let made = byRecord.get(record);
  if (!made) byRecord.set(record, (made = fieldOf(record)));
  return made;
}

function fieldOf(record: DisclosureRecord): AuditField {
  const kind = record.document.kind;
  const bases = record.bases?.join(' ') ?? '';
  let known = cache.get(record.path);
  if (known) {
    for (const c of known) {
      if (c.kind === kind && c.action === record.action && c.bases === bases && c.reason === record.reason && c.transform === record.transform && c.group === record.group) return c.field;
    }
  } else {
    if (cache.size >= MAX_CACHED_POINTERS) cache.clear();
    cache.set(record.path, (known = []));
  }
  const group = record.group;
  const made = sealCanonical<AuditField>({
    path: auditPath(kind, record.path),
    decision: RECORDED_ACTION[record.action],
    ...(record.bases?.length ? { bases: [...record.bases] } : {}),
    ...(group ? { group } : {}),
    ...(record.reason ? { reason: record.reason } : {}),
    ...(record.transform ? { transform: record.transform } : {}),
  });
  known.push({ kind, action: record.action, bases, reason: record.reason, transform: record.transform, group, field: made });
  return made;
}

/**
 * Keys lists of objects that recur from request to request by the objects' numbers, each given
 * on first sight: cheaper than a key built from what the objects hold.
 */
function numbering<T extends object>(): (items: readonly T[]) => string {
  const numbers = new WeakMap<T, number>();
  let next = 0;
  return (items) => {
    let key = '';
    for (const item of items) {
      let n = numbers.get(item);
      if (n === undefined) numbers.set(item, (n = next++));
      key += `${n},`;
    }
    return key;
  };
}

/** Sealed lists of sealed field decisions, by the decisions' numbers: a response's list recurs request after request. */
const fieldListKey = numbering<AuditField>();
const fieldLists = new Map<string, readonly AuditField[]>();
const MAX_CACHED_LISTS = 10_000;

function sealedFields(fields: AuditField[]): readonly AuditField[] {
  const key = fieldListKey(fields);
  let known = fieldLists.get(key);
  if (!known) {
    if (fieldLists.size >= MAX_CACHED_LISTS) fieldLists.clear();
    fieldLists.set(key, (known = sealList(fields)));
  }
  return known;
}

/** Sealed details, by recipient, documents and review: requests for the same record share one, checked and serialised once. */
const detailsCache = new Map<string, Readonly<Record<string, AuditDetail>>>();
const MAX_CACHED_DETAILS = 10_000;

function details(recipient: string, documents: string[], review: { legalBases: string[] } | undefined): Readonly<Record<string, AuditDetail>> {
  const key = `${recipient}\u0000${documents.join('\u0001')}\u0000${review ? review.legalBases.join('\u0001') : '-'}`;
  let known = detailsCache.get(key);
  if (!known) {
    if (detailsCache.size >= MAX_CACHED_DETAILS) detailsCache.clear();
    known = sealCanonical<Record<string, AuditDetail>>({ recipient, documents, ...(review ? { review: 'pending', legalBases: review.legalBases } : {}) });
    detailsCache.set(key, known);
  }
  return known;
}

/** What an entry holds apart from who asked and the request's hashes: the same for the same records. */
interface EntryShape {
  type: 'override' | 'disclosure-decision';
  purpose: string;
  subject: string;
  fields: readonly AuditField[];
  details: Readonly<Record<string, AuditDetail>>;
}

/**
 * Entry shapes by the records they come from. The policy layer reuses a field's record each time
 * the field is served from a cached view, so a response repeats the same records request after
 * request: numbered once, they key the shapes built from them. Records seen for the first time
 * are most often those of a document read anew (as on a PostgreSQL server, where nothing is cached
 * across requests), which never recur: they are built from the decisions' own cache and not
 * remembered, which spared such a request about 25 µs of WeakMap and map entries and their
 * collection. Only the first record is marked, so a list the policy layer does reuse is numbered
 * and cached from its second sighting on.
 */
const recordListKey = numbering<DisclosureRecord>();
const shapes = new Map<string, readonly EntryShape[]>();
const MAX_CACHED_SHAPES = 10_000;

function shapesOf(records: readonly DisclosureRecord[]): readonly EntryShape[] {
  const first = records[0];
  if (!first) return [];
  if (!byRecord.has(first)) {
    byRecord.set(first, fieldOf(first));
    return buildShapes(records, fieldOf);
  }
  const key = recordListKey(records);
  const known = shapes.get(key);
  if (known) return known;
  const made = buildShapes(records, field);
  if (shapes.size >= MAX_CACHED_SHAPES) shapes.clear();
  shapes.set(key, made);
  return made;
}

/** The entries' shapes, each record's sealed field decision given by `fieldFor`. */
function buildShapes(records: readonly DisclosureRecord[], fieldFor: (record: DisclosureRecord) => AuditField): EntryShape[] {
  const out: EntryShape[] = [];
  for (const list of byEntry(records)) {
    const first = list[0]!;
    // A field served twice (aliases, repeated fragments) is one decision: sealed fields are
    // shared objects, so a set of them per document tells repeats apart without building keys.
    const documents = new Map<string, Set<AuditField>>();
    const fields: AuditField[] = [];
    let lastDocument: DisclosureRecord['document'] | undefined;
    let served: Set<AuditField> | undefined;
    for (const r of list) {
      if (r.document !== lastDocument) {
        lastDocument = r.document;
        const id = `${r.document.kind}:${r.document.id}`;
        served = documents.get(id);
        if (!served) documents.set(id, (served = new Set()));
      }
      const f = fieldFor(r);
      if (served!.has(f)) continue;
      served!.add(f);
      fields.push(f);
    }
    const legalBases = first.override ? [...new Set(list.flatMap((r) => (r.override ? (r.bases ?? []).filter((b) => b.startsWith('legal-basis:')) : [])))] : [];
    const entryDetails = details(first.recipient, [...documents.keys()].slice(0, 1000), first.override ? { legalBases } : undefined);
    for (let at = 0; at < fields.length; at += MAX_FIELDS) {
      out.push({
        type: first.override ? 'override' : 'disclosure-decision',
        purpose: first.purpose,
        subject: first.subject,
        fields: sealedFields(fields.length <= MAX_FIELDS ? fields : fields.slice(at, at + MAX_FIELDS)),
        details: entryDetails,
      });
    }
  }
  return out;
}

/** The entries for a request's disclosure records: per subject, recipient and purpose; overrides on their own, flagged for review. */
export function disclosureEntries(records: readonly DisclosureRecord[], request: RequestAudit): AuditEntryInput[] {
  const principal = request.principal;
  const user = principal ? userPseudonym(principal) : undefined;
  return shapesOf(records).map((shape) => ({
    type: shape.type,
    ...(principal ? { requester: principal.member.id, user } : {}),
    purpose: shape.purpose,
    subject: shape.subject,
    fields: shape.fields,
    ...(request.operationHash ? { operationHash: request.operationHash } : {}),
    ...(request.payloadHash ? { payloadHash: request.payloadHash } : {}),
    details: shape.details,
  }));
}

/** Records grouped per entry: subject, recipient and purpose, overrides apart. Most requests make one group. */
function byEntry(records: readonly DisclosureRecord[]): DisclosureRecord[][] {
  const first = records[0];
  if (!first) return [];
  const sameEntry = (a: DisclosureRecord, b: DisclosureRecord) => a.subject === b.subject && a.recipient === b.recipient && a.purpose === b.purpose && !a.override === !b.override;
  if (records.every((r) => sameEntry(r, first))) return [records as DisclosureRecord[]];
  const groups = new Map<string, DisclosureRecord[]>();
  for (const record of records) {
    const key = `${record.override ? 'o' : 'd'}\u0000${record.subject}\u0000${record.recipient}\u0000${record.purpose}`;
    const list = groups.get(key);
    if (list) list.push(record);
    else groups.set(key, [record]);
  }
  return [...groups.values()];
}
