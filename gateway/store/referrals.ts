import type { Queryable } from './db.ts';
import { DuplicateError, iso, isUniqueViolation, isUuid, num } from './rows.ts';
import type { Referral } from '../../schema/generated/nrx.d.ts';
import type { NewReferral, StoredReferral } from './types.ts';
import { valuesList } from './multi-row.ts';

export interface ReferralFilter {
  status?: string;
  purpose?: string;
  subject?: string;
  /** Created at or after this instant. */
  createdFrom?: string;
  /** Created before this instant. */
  createdTo?: string;
}

export interface ReferralPage {
  /** The member whose side of the exchange is listed. */
  member: string;
  side: 'sender' | 'recipient';
  filter?: ReferralFilter;
  limit: number;
  /** Only referrals older than this cursor (the `seq` of the last one seen). */
  beforeSeq?: number;
}

const COLUMNS = 'seq, id, sender, recipient, purpose, subject, status, created, updated, document, holder';

function toReferral(row: Record<string, unknown>): StoredReferral {
  return {
    seq: num(row.seq),
    id: String(row.id),
    sender: String(row.sender),
    recipient: String(row.recipient),
    purpose: String(row.purpose),
    subject: String(row.subject),
    status: String(row.status),
    created: iso(row.created),
    updated: iso(row.updated),
    document: row.document as Referral,
    ...(row.holder ? { holder: String(row.holder) } : {}),
  };
}

export function referralRepository(db: Queryable) {
  return {
    async insert(referral: NewReferral): Promise<StoredReferral> {
      try {
        const { rows } = await db.query(
          `INSERT INTO referrals (id, sender, recipient, purpose, subject, status, created, updated, document, holder)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
          [referral.id, referral.sender, referral.recipient, referral.purpose, referral.subject, referral.status, referral.created, referral.updated, referral.document, referral.holder ?? null],
        );
        return toReferral(rows[0]!);
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateError('referral', referral.id);
        throw error;
      }
    },

    /** Several referrals in one statement, returned in the order given; a taken id fails them all. */
    async insertMany(referrals: readonly NewReferral[]): Promise<StoredReferral[]> {
      if (!referrals.length) return [];
      try {
        const { rows } = await db.query(
          `INSERT INTO referrals (id, sender, recipient, purpose, subject, status, created, updated, document, holder)
           VALUES ${valuesList(referrals.length, 10)} RETURNING ${COLUMNS}`,
          referrals.flatMap((r) => [r.id, r.sender, r.recipient, r.purpose, r.subject, r.status, r.created, r.updated, r.document, r.holder ?? null]),
        );
        const byId = new Map(rows.map((row) => [String(row.id), toReferral(row)]));
        return referrals.map((r) => byId.get(r.id)!);
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateError('referral', referrals.map((r) => r.id).join(', '));
        throw error;
      }
    },

    async get(id: string): Promise<StoredReferral | null> {
      if (!isUuid(id)) return null;
      const { rows } = await db.query(`SELECT ${COLUMNS} FROM referrals WHERE id = $1`, [id]);
      return rows[0] ? toReferral(rows[0]) : null;
    },

    /** Newest first; returns up to `limit` rows. */
    async page({ member, side, filter = {}, limit, beforeSeq }: ReferralPage): Promise<StoredReferral[]> {
      const where = [side === 'sender' ? 'sender = $1' : 'recipient = $1'];
      const params: unknown[] = [member];
      const add = (clause: string, value: unknown) => {
        params.push(value);
        where.push(clause.replace('?', `$${params.length}`));
      };
      if (filter.status) add('status = ?', filter.status);
      if (filter.purpose) add('purpose = ?', filter.purpose);
      if (filter.subject) add('subject = ?', filter.subject);
      if (filter.createdFrom) add('created >= ?', filter.createdFrom);
      if (filter.createdTo) add('created < ?', filter.createdTo);
      if (beforeSeq !== undefined) add('seq < ?', beforeSeq);
      params.push(limit);
      const { rows } = await db.query(
        `SELECT ${COLUMNS} FROM referrals WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT $${params.length}`,
        params,
      );
      return rows.map(toReferral);
    },

    /** The subject's referrals that `member` sent or received, oldest first. */
    async forSubject(subject: string, member: string): Promise<StoredReferral[]> {
      const { rows } = await db.query(
        `SELECT ${COLUMNS} FROM referrals WHERE subject = $1 AND (sender = $2 OR recipient = $2) ORDER BY seq`,
        [subject, member],
      );
      return rows.map(toReferral);
    },

    /**
     * Replaces the copy a holder keeps with a narrower one (a consent withdrawn after delivery,
     * spec/peer-protocol.md §10); only a copy received from a peer (one with a holder) is changed.
     */
    async narrow(id: string, document: Record<string, unknown>, updated: string): Promise<StoredReferral | null> {
      if (!isUuid(id)) return null;
      const { rows } = await db.query(`UPDATE referrals SET document = $2, updated = $3 WHERE id = $1 AND holder IS NOT NULL RETURNING ${COLUMNS}`, [id, document, updated]);
      return rows[0] ? toReferral(rows[0]) : null;
    },

    async setStatus(id: string, status: string, updated: string): Promise<StoredReferral | null> {
      if (!isUuid(id)) return null;
      const { rows } = await db.query(`UPDATE referrals SET status = $2, updated = $3 WHERE id = $1 RETURNING ${COLUMNS}`, [id, status, updated]);
      return rows[0] ? toReferral(rows[0]) : null;
    },
  };
}

export type ReferralRepository = ReturnType<typeof referralRepository>;
