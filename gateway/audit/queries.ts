/**
 * What the data-protection officer asks of the audit trail. Reads the hashed bodies, and the field
 * decision lists they name by hash (field-sets.ts), nothing else.
 */
import { sha256Hex } from './hash.ts';
import { ENTRY_WITH_FIELDS, entryWithFields, type EntryRow } from './field-sets.ts';
import type { AuditEntry } from './entry.ts';
import type { TransactionalAppender } from './appender.ts';
import type { Db, Queryable } from '../store/db.ts';
import { NrxError } from '../../lib/errors.ts';

export interface DisclosureFilter {
  subject?: string;
  /** The member that received the data. */
  recipient?: string;
  fieldGroup?: string;
  purpose?: string;
  from?: string;
  to?: string;
  limit?: number;
}

const DISCLOSURE_TYPES = ['disclosure-decision', 'override'];

/**
 * The officer's conditions on audit entries (subject, recipient, purpose, period, field group) as SQL
 * over `audit_log l` joined with its field decision list, numbered from `$<params.length + 1>`.
 */
export function entryConditions(filter: Omit<DisclosureFilter, 'limit'>, params: unknown[]): string[] {
  const where: string[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replaceAll('?', `$${params.length}`));
  };
  if (filter.subject) add('subject = ?', filter.subject);
  if (filter.recipient) add("coalesce((body::jsonb -> 'details' ->> 'recipient'), requester) = ?", filter.recipient);
  if (filter.purpose) add('purpose = ?', filter.purpose);
  if (filter.from) add('at >= ?', filter.from);
  if (filter.to) add('at < ?', filter.to);
  if (filter.fieldGroup) add("coalesce(s.fields::jsonb, l.body::jsonb -> 'fields') @> jsonb_build_array(jsonb_build_object('group', ?::text))", filter.fieldGroup);
  return where;
}

/** Disclosure entries, newest first, narrowed by every given condition. */
export async function disclosures(db: Queryable, filter: DisclosureFilter): Promise<AuditEntry[]> {
  const params: unknown[] = [DISCLOSURE_TYPES];
  const where = ['type = ANY($1::text[])', ...entryConditions(filter, params)];
  params.push(Math.min(filter.limit ?? 100, 1000));
  const { rows } = await db.query<EntryRow>(
    `SELECT ${ENTRY_WITH_FIELDS.columns} FROM audit_log l ${ENTRY_WITH_FIELDS.join} WHERE ${where.join(' AND ')} ORDER BY l.seq DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map(entryWithFields);
}

export interface MatrixCell {
  recipient: string;
  fieldGroup: string;
  released: number;
  transformed: number;
  withheld: number;
}

/**
 * Recipient by field group: how many field decisions of each kind, within an optional time range.
 * Entries are counted per recipient and list first, so each stored list is read once per recipient.
 */
export async function disclosureMatrix(db: Queryable, range: { from?: string; to?: string } = {}): Promise<MatrixCell[]> {
  const { rows } = await db.query<{ recipient: string; grp: string; released: unknown; transformed: unknown; withheld: unknown }>(
    `WITH per_list AS (
       SELECT coalesce(body::jsonb -> 'details' ->> 'recipient', requester) AS recipient, field_set,
              CASE WHEN field_set IS NULL THEN body::jsonb -> 'fields' END AS inline, count(*) AS entries
         FROM audit_log
        WHERE type = ANY($1::text[]) AND ($2::text IS NULL OR at >= $2) AND ($3::text IS NULL OR at < $3)
        GROUP BY 1, 2, 3)
     SELECT p.recipient, coalesce(f ->> 'group', 'ungrouped') AS grp,
            coalesce(sum(p.entries) FILTER (WHERE f ->> 'decision' = 'released'), 0) AS released,
            coalesce(sum(p.entries) FILTER (WHERE f ->> 'decision' = 'transformed'), 0) AS transformed,
            coalesce(sum(p.entries) FILTER (WHERE f ->> 'decision' = 'withheld'), 0) AS withheld
       FROM per_list p LEFT JOIN audit_field_sets s ON s.hash = p.field_set,
            jsonb_array_elements(coalesce(s.fields::jsonb, p.inline)) AS f
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [DISCLOSURE_TYPES, range.from ?? null, range.to ?? null],
  );
  return rows.map((r) => ({ recipient: r.recipient, fieldGroup: r.grp, released: Number(r.released), transformed: Number(r.transformed), withheld: Number(r.withheld) }));
}

export interface OverrideReview {
  entrySeq: number;
  reviewedBy: string;
  reviewedAt: string;
  note: string;
  reviewSeq: number;
}

/** Overrides (a legal basis used without her consent) no officer has reviewed yet, oldest first. */
export async function overridesAwaitingReview(db: Queryable, limit = 100): Promise<AuditEntry[]> {
  const { rows } = await db.query<EntryRow>(
    `SELECT ${ENTRY_WITH_FIELDS.columns} FROM audit_log l ${ENTRY_WITH_FIELDS.join} WHERE l.type = 'override'
        AND NOT EXISTS (SELECT 1 FROM audit_override_reviews r WHERE r.entry_seq = l.seq)
      ORDER BY l.seq LIMIT $1`,
    [Math.min(limit, 1000)],
  );
  return rows.map(entryWithFields);
}

export class ReviewError extends NrxError<'REVIEW_NOT_OVERRIDE'> {}

/**
 * Marks an override reviewed. The note stays in its own table (it is free text); the review's audit
 * entry, in the same transaction, carries its hash and the entry it reviews.
 */
export async function reviewOverride(db: Db, log: TransactionalAppender, review: { entrySeq: number; reviewer: { member: string; user: string }; note: string; now?: Date }): Promise<OverrideReview> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ type: string }>('SELECT type FROM audit_log WHERE seq = $1', [review.entrySeq]);
    if (rows[0]?.type !== 'override') throw new ReviewError('REVIEW_NOT_OVERRIDE', `audit entry ${review.entrySeq} is not an override`);
    const at = (review.now ?? new Date()).toISOString();
    const appended = await log.append(tx, {
      type: 'override-reviewed',
      requester: review.reviewer.member,
      user: review.reviewer.user,
      payloadHash: sha256Hex(review.note),
      details: { entry: review.entrySeq },
    });
    const inserted = await tx.query(
      'INSERT INTO audit_override_reviews (entry_seq, reviewed_by, reviewed_at, note, review_seq) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (entry_seq) DO NOTHING RETURNING entry_seq',
      [review.entrySeq, review.reviewer.member, at, review.note, appended.seq],
    );
    if (!inserted.rows.length) throw new ReviewError('REVIEW_NOT_OVERRIDE', `override ${review.entrySeq} was already reviewed`);
    return { entrySeq: review.entrySeq, reviewedBy: review.reviewer.member, reviewedAt: at, note: review.note, reviewSeq: appended.seq };
  });
}

/** Every entry about one person, oldest first (the subject access report's source). */
export async function entriesForSubject(db: Queryable, subject: string, limit = 10_000): Promise<AuditEntry[]> {
  const { rows } = await db.query<EntryRow>(`SELECT ${ENTRY_WITH_FIELDS.columns} FROM audit_log l ${ENTRY_WITH_FIELDS.join} WHERE l.subject = $1 ORDER BY l.seq LIMIT $2`, [subject, limit]);
  return rows.map(entryWithFields);
}
