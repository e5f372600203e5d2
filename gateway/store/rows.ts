/** Row conversion shared by the repositories: both drivers return Dates for timestamptz, and int8 as string or bigint. */
import { NrxError } from '../../lib/errors.ts';

export const iso = (value: unknown): string => (value instanceof Date ? value : new Date(String(value))).toISOString();
export const isoOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : iso(value));
export const num = (value: unknown): number => Number(value);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A value the uuid columns accept; anything else can match no row, so callers skip the query. */
export const isUuid = (value: string): boolean => UUID.test(value);

export class DuplicateError extends NrxError<'DUPLICATE'> {
  constructor(what: string, id: string) {
    super('DUPLICATE', `${what} ${id} already exists`);
  }
}

/** PostgreSQL's unique_violation, as either driver reports it. */
export const isUniqueViolation = (error: unknown): boolean => (error as { code?: string })?.code === '23505';
