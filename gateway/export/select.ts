/**
 * What an export holds: audit entries and consent records narrowed by subject, period and field
 * group, read in pages so a long trail never sits in one result set.
 */
import type { AuditEntry } from '../audit/entry.ts';
import { ENTRY_WITH_FIELDS, entryWithFields, type EntryRow } from '../audit/field-sets.ts';
import { entryConditions } from '../audit/queries.ts';
import { consentRepository } from '../store/consents.ts';
import type { Queryable } from '../store/db.ts';
import { auditEvent, consentResource } from './fhir.ts';

export interface ExportFilter {
  subject?: string;
  /** Inclusive start of the period, an RFC 3339 date or date-time. */
  from?: string;
  /** Exclusive end of the period. */
  to?: string;
  fieldGroup?: string;
}

const PAGE = 10_000;

/** How many audit entries the filter selects (for a progress display). */
export async function exportedEntryCount(db: Queryable, filter: ExportFilter): Promise<number> {
  const params: unknown[] = [];
  const where = entryConditions(filter, params);
  const { rows } = await db.query<{ n: unknown }>(
    `SELECT count(*) AS n FROM audit_log l ${ENTRY_WITH_FIELDS.join}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`,
    params,
  );
  return Number(rows[0]?.n ?? 0);
}

/** Every audit entry the filter selects, oldest first, a page at a time. */
async function* exportedEntries(db: Queryable, filter: ExportFilter): AsyncGenerator<AuditEntry[]> {
  for (let after = 0; ; ) {
    const params: unknown[] = [after];
    const where = ['l.seq > $1', ...entryConditions(filter, params)];
    params.push(PAGE);
    const { rows } = await db.query<EntryRow & { seq: unknown }>(
      `SELECT l.seq, ${ENTRY_WITH_FIELDS.columns} FROM audit_log l ${ENTRY_WITH_FIELDS.join} WHERE ${where.join(' AND ')} ORDER BY l.seq LIMIT $${params.length}`,
      params,
    );
    if (rows.length) yield rows.map(entryWithFields);
    if (rows.length < PAGE) return;
    after = Number(rows.at(-1)!.seq);
  }
}

/** The filter's audit entries as AuditEvents, then its consent records as Consents; `onEntries` hears how many entries are done. */
export async function exportedResources(db: Queryable, filter: ExportFilter, gateway: string, onEntries?: (done: number) => void): Promise<Record<string, unknown>[]> {
  const resources: Record<string, unknown>[] = [];
  for await (const page of exportedEntries(db, filter)) {
    for (const entry of page) resources.push(auditEvent(entry, gateway));
    onEntries?.(resources.length);
  }
  for (const consent of await consentRepository(db).select(filter)) resources.push(consentResource(consent));
  return resources;
}
