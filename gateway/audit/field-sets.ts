/**
 * Field decision lists, stored once (migration 005). A response's field decisions recur request
 * after request; each entry names its list by `fieldSet`, the SHA-256 (hex) of the list's canonical
 * JSON, and `audit_field_sets` keeps the list under that hash. The chain covers the hash, the hash
 * covers the list: `verify` recomputes it, so a list changed in place, or missing, is caught.
 */
import type { Queryable } from '../store/db.ts';
import { canonicalJson, isSealed } from './canonical.ts';
import type { AuditEntry, AuditEntryInput, AuditField } from './entry.ts';
import { sha256Hex } from './hash.ts';

export interface FieldSet {
  /** SHA-256 (hex) of `json`: the entry's `fieldSet`. */
  hash: string;
  /** The list's canonical JSON, as stored. */
  json: string;
}

/** Sealed lists (disclosures.ts) recur and can never change: hashed once. */
const hashed = new WeakMap<readonly AuditField[], FieldSet>();

/** A list of field decisions as it is stored: its canonical JSON and that JSON's hash. */
export function fieldSetOf(fields: readonly AuditField[]): FieldSet {
  const known = hashed.get(fields);
  if (known) return known;
  const json = canonicalJson(fields);
  const set = { hash: sha256Hex(json), json };
  // An unsealed array may be changed by its caller after this: not remembered.
  if (isSealed(fields)) hashed.set(fields, set);
  return set;
}

/** An input as the log stores and hashes it: numbered, timed, and its field decisions named by their list's hash. */
export function storedEntry(input: AuditEntryInput, id: number, at: string): AuditEntry {
  if (!input.fields) return { ...input, id, at: input.at ?? at };
  const { fields, ...rest } = input;
  return { ...rest, fieldSet: fieldSetOf(fields).hash, id, at: input.at ?? at };
}

const STORE = `INSERT INTO audit_field_sets (hash, fields)
  SELECT decode(s.hash, 'hex'), s.fields FROM json_to_recordset($1::json) AS s(hash text, fields text)
  ON CONFLICT (hash) DO NOTHING`;

/** Stores lists (those already there are left as they are), in the caller's transaction if `db` is one. */
export async function storeFieldSets(db: Queryable, sets: readonly FieldSet[]): Promise<void> {
  if (sets.length) await db.query(STORE, [JSON.stringify(sets.map((s) => ({ hash: s.hash, fields: s.json })))]);
}

const NONE: readonly FieldSet[] = Object.freeze([]);

/** The distinct lists the inputs' field decisions make, leaving out those `skip` says are stored. */
export function fieldSetsOf(inputs: readonly AuditEntryInput[], skip?: (hash: string) => boolean): readonly FieldSet[] {
  let out: FieldSet[] | undefined;
  for (const input of inputs) {
    if (!input.fields) continue;
    const set = fieldSetOf(input.fields);
    if (skip?.(set.hash) || out?.some((s) => s.hash === set.hash)) continue;
    (out ??= []).push(set);
  }
  return out ?? NONE;
}

export interface StoredFieldSets {
  /** The inputs' lists this log has not yet seen committed; empty (and allocation-free) when all are. */
  missing(inputs: readonly AuditEntryInput[]): readonly FieldSet[];
  /** Stores lists in a statement of their own (committed when it returns) and remembers them. */
  store(db: Queryable, sets: readonly FieldSet[]): Promise<void>;
}

/**
 * The lists a log knows its database holds. A stored list is never deleted (the table refuses it),
 * so once committed it stays known; a list stored inside a caller's transaction is not remembered,
 * as the transaction may roll back. One log appends to one database.
 */
export function storedFieldSets(limit = 100_000): StoredFieldSets {
  const stored = new Set<string>();
  const storing = new Map<string, Promise<void>>();
  const isStored = (hash: string) => stored.has(hash);
  return {
    missing: (inputs) => fieldSetsOf(inputs, isStored),
    async store(db, sets) {
      // Lists another append is storing already are waited for, not stored twice.
      const waits = sets.flatMap((s) => storing.get(s.hash) ?? []);
      const own = sets.filter((s) => !storing.has(s.hash) && !stored.has(s.hash));
      if (own.length) {
        const done = storeFieldSets(db, own).then(() => {
          if (stored.size + own.length > limit) stored.clear();
          for (const s of own) stored.add(s.hash);
        });
        const settled = done.finally(() => {
          for (const s of own) storing.delete(s.hash);
        });
        for (const s of own) storing.set(s.hash, settled);
        waits.push(done);
      }
      await Promise.all(waits);
    },
  };
}

/** The columns and join that read an entry's body with its stored field decisions: `l` is the log, `s` the lists. */
export const ENTRY_WITH_FIELDS = { columns: 'l.body, s.fields AS stored_fields', join: 'LEFT JOIN audit_field_sets s ON s.hash = l.field_set' };

/** A row read with ENTRY_WITH_FIELDS. */
export interface EntryRow {
  body: string;
  stored_fields: string | null;
}

/** An entry read with ENTRY_WITH_FIELDS: its field decisions given back as `fields`, whether stored apart or inline. */
export function entryWithFields(row: EntryRow): AuditEntry {
  const entry = JSON.parse(row.body) as AuditEntry;
  if (row.stored_fields !== null && entry.fields === undefined) entry.fields = JSON.parse(row.stored_fields) as AuditField[];
  return entry;
}
