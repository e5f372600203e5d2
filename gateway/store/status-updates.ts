import type { Queryable } from './db.ts';
import { DuplicateError, iso, isUniqueViolation, isUuid } from './rows.ts';
import type { ReferralStatusUpdate } from '../../schema/generated/nrx.d.ts';
import type { NewStatusUpdate, StoredStatusUpdate } from './types.ts';
import { valuesList } from './multi-row.ts';

function toStatusUpdate(row: Record<string, unknown>): StoredStatusUpdate {
  return {
    id: String(row.id),
    referralId: String(row.referral_id),
    author: String(row.author),
    status: String(row.status),
    at: iso(row.at),
    document: row.document as ReferralStatusUpdate,
  };
}

const COLUMNS = 'id, referral_id, author, status, at, document';

export function statusUpdateRepository(db: Queryable) {
  return {
    async insert(update: NewStatusUpdate): Promise<StoredStatusUpdate> {
      try {
        const { rows } = await db.query(
          `INSERT INTO status_updates (id, referral_id, author, status, at, document) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
          [update.id, update.referralId, update.author, update.status, update.at, update.document],
        );
        return toStatusUpdate(rows[0]!);
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateError('status update', update.id);
        throw error;
      }
    },

    /** Several updates in one statement, stored in the order given (their history's order). */
    async insertMany(updates: readonly NewStatusUpdate[]): Promise<void> {
      if (!updates.length) return;
      try {
        await db.query(
          `INSERT INTO status_updates (id, referral_id, author, status, at, document) VALUES ${valuesList(updates.length, 6)}`,
          updates.flatMap((u) => [u.id, u.referralId, u.author, u.status, u.at, u.document]),
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateError('status update', updates.map((u) => u.id).join(', '));
        throw error;
      }
    },

    /** A referral's status history, oldest first. */
    async forReferral(referralId: string): Promise<StoredStatusUpdate[]> {
      if (!isUuid(referralId)) return [];
      const { rows } = await db.query(`SELECT ${COLUMNS} FROM status_updates WHERE referral_id = $1 ORDER BY seq`, [referralId]);
      return rows.map(toStatusUpdate);
    },

    /** The histories of several referrals at once, so a list of referrals costs one query. */
    async forReferrals(referralIds: string[]): Promise<Map<string, StoredStatusUpdate[]>> {
      const ids = referralIds.filter(isUuid);
      const byReferral = new Map<string, StoredStatusUpdate[]>(ids.map((id) => [id, []]));
      if (!ids.length) return byReferral;
      const { rows } = await db.query(`SELECT ${COLUMNS} FROM status_updates WHERE referral_id = ANY($1::uuid[]) ORDER BY seq`, [ids]);
      for (const row of rows.map(toStatusUpdate)) byReferral.get(row.referralId)?.push(row);
      return byReferral;
    },
  };
}

export type StatusUpdateRepository = ReturnType<typeof statusUpdateRepository>;
