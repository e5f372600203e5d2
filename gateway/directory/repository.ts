/** The directory's table (migration 008): service documents by id, with who made them. */
import type { Queryable } from '../store/db.ts';
import { iso } from '../store/rows.ts';
import type { Service } from '../../schema/generated/nrx.d.ts';
import type { PublishedService, ServiceSource } from './types.ts';

const COLUMNS = 'id, organization, source, updated, document';

function toService(row: Record<string, unknown>): PublishedService {
  return {
    id: String(row.id),
    organization: String(row.organization),
    source: String(row.source) as ServiceSource,
    updated: iso(row.updated),
    document: row.document as Service,
  };
}

export function directoryRepository(db: Queryable) {
  return {
    async all(): Promise<PublishedService[]> {
      const { rows } = await db.query(`SELECT ${COLUMNS} FROM directory_services ORDER BY id`);
      return rows.map(toService);
    },

    async get(id: string): Promise<PublishedService | null> {
      const { rows } = await db.query(`SELECT ${COLUMNS} FROM directory_services WHERE id = $1`, [id]);
      return rows[0] ? toService(rows[0]) : null;
    },

    /** Inserts or replaces the entry with this id. */
    async put(service: PublishedService): Promise<PublishedService> {
      const { rows } = await db.query(
        `INSERT INTO directory_services (id, organization, source, updated, document) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET organization = EXCLUDED.organization, source = EXCLUDED.source, updated = EXCLUDED.updated, document = EXCLUDED.document
         RETURNING ${COLUMNS}`,
        [service.id, service.organization, service.source, service.updated, service.document],
      );
      return toService(rows[0]!);
    },

    async remove(id: string): Promise<boolean> {
      const { rows } = await db.query('DELETE FROM directory_services WHERE id = $1 RETURNING id', [id]);
      return rows.length > 0;
    },

    /** The ids of one source's entries, removed. */
    async removeSource(source: ServiceSource): Promise<string[]> {
      const { rows } = await db.query('DELETE FROM directory_services WHERE source = $1 RETURNING id', [source]);
      return rows.map((row) => String(row.id));
    },
  };
}

export type DirectoryRepository = ReturnType<typeof directoryRepository>;
