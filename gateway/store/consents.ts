import type { Queryable } from './db.ts';
import { DuplicateError, iso, isoOrNull, isUniqueViolation, isUuid } from './rows.ts';
import type { ConsentRecord } from '../../schema/generated/nrx.d.ts';
import type { NewConsent, StoredConsent } from './types.ts';

function toConsent(row: Record<string, unknown>): StoredConsent {
  return {
    id: String(row.id),
    subject: String(row.subject),
    recordedBy: String(row.recorded_by),
    recorded: iso(row.recorded),
    withdrawnAt: isoOrNull(row.withdrawn_at),
    document: row.document as ConsentRecord,
  };
}

const COLUMNS = 'id, subject, recorded_by, recorded, withdrawn_at, document';

export function consentRepository(db: Queryable) {
  return {
    async insert(consent: NewConsent): Promise<StoredConsent> {
      try {
        const { rows } = await db.query(
          `INSERT INTO consent_records (id, subject, recorded_by, recorded, withdrawn_at, document) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
          [consent.id, consent.subject, consent.recordedBy, consent.recorded, consent.withdrawnAt, consent.document],
        );
        return toConsent(rows[0]!);
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateError('consent record', consent.id);
        throw error;
      }
    },

    async get(id: string): Promise<StoredConsent | null> {
      if (!isUuid(id)) return null;
      const { rows } = await db.query(`SELECT ${COLUMNS} FROM consent_records WHERE id = $1`, [id]);
      return rows[0] ? toConsent(rows[0]) : null;
    },

    /** Consent records about `subject`, oldest first. */
    async forSubject(subject: string): Promise<StoredConsent[]> {
      const { rows } = await db.query(`SELECT ${COLUMNS} FROM consent_records WHERE subject = $1 ORDER BY seq`, [subject]);
      return rows.map(toConsent);
    },

    /** Marks a record withdrawn (the document itself is kept: consent history is evidence). */
    async withdraw(id: string, at: string, document: Record<string, unknown>): Promise<StoredConsent | null> {
      if (!isUuid(id)) return null;
      const { rows } = await db.query(`UPDATE consent_records SET withdrawn_at = $2, document = $3 WHERE id = $1 RETURNING ${COLUMNS}`, [id, at, document]);
      return rows[0] ? toConsent(rows[0]) : null;
    },

    /**
     * Consent records in recording order, narrowed by subject, by when they were recorded
     * ([from, to)) and by a field group any of their provisions, at any depth, names.
     */
    async select(filter: { subject?: string; from?: string; to?: string; fieldGroup?: string }): Promise<StoredConsent[]> {
      const where: string[] = [];
      const params: unknown[] = [];
      const param = (value: unknown) => `$${params.push(value)}`;
      if (filter.subject) where.push(`subject = ${param(filter.subject)}`);
      if (filter.from) where.push(`recorded >= ${param(filter.from)}`);
      if (filter.to) where.push(`recorded < ${param(filter.to)}`);
      if (filter.fieldGroup) where.push(`jsonb_path_exists(document, '$.**.fieldGroups[*] ? (@ == $g)', jsonb_build_object('g', ${param(filter.fieldGroup)}::text))`);
      const { rows } = await db.query(`SELECT ${COLUMNS} FROM consent_records ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`, params);
      return rows.map(toConsent);
    },
  };
}

export type ConsentRepository = ReturnType<typeof consentRepository>;
