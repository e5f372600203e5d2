/** A fresh, migrated database for one test file: PGlite, or a random schema on the server when NRX_TEST_DATABASE_URL is set. */
import { join } from 'node:path';
import pg from 'pg';
import type { Db, Queryable } from '../../../gateway/store/db.ts';
import { migrate, readMigrations, type Migration } from '../../../gateway/store/migrate.ts';
import { openPglite } from '../../../gateway/store/pglite.ts';
import { openPostgres } from '../../../gateway/store/postgres.ts';
import { canonicalJson } from '../../../gateway/audit/canonical.ts';
import { chainHash } from '../../../gateway/audit/hash.ts';
import type { AuditEntryInput } from '../../../gateway/audit/entry.ts';

export const serverUrl = process.env.NRX_TEST_DATABASE_URL;

export interface TestDb {
  db: Db;
  schema?: string;
  close(): Promise<void>;
}

export const randomSchema = (prefix: string) => `${prefix}_${Math.random().toString(36).slice(2, 10)}`;

/** `migrations`: only these (a database an earlier version left); all of them by default. */
export async function openTestDb(prefix: string, migrations: Migration[] = readMigrations()): Promise<TestDb> {
  if (!serverUrl) {
    const db = await openPglite();
    await migrate(db, migrations);
    return { db, close: () => db.close() };
  }
  const schema = randomSchema(prefix);
  const db = await openPostgres(serverUrl, { schema, maxConnections: 8 });
  await migrate(db, migrations);
  return {
    db,
    schema,
    async close() {
      await db.close();
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * A database the `nrx audit` commands can open from another process: a schema on the server when
 * NRX_TEST_DATABASE_URL is set, else an embedded database laid out as a gateway leaves it under
 * `dir/data`. `target` is the command line that names it; `release` lets the command in (the
 * embedded database admits one process at a time) and `close` removes it.
 */
export async function openCliTestDb(prefix: string, dir: string): Promise<{ db: Db; target: string[]; release(): Promise<void>; close(): Promise<void> }> {
  if (serverUrl) {
    const t = await openTestDb(prefix);
    return { db: t.db, target: ['--database-url', serverUrl, '--schema', t.schema!], release: async () => {}, close: () => t.close() };
  }
  const db = await openPglite(join(dir, 'data', 'db'));
  await migrate(db);
  return { db, target: ['--data-dir', join(dir, 'data')], release: () => db.close(), close: async () => {} };
}

export function sampleEntry(n: number): AuditEntryInput {
  return {
    type: 'disclosure-decision',
    requester: 'RS/NGO/ASTRA',
    user: `cw-${n % 17}`,
    purpose: 'assistance',
    subject: `subj-${String(n % 1000).padStart(6, '0')}`,
    fields: [
      { path: 'person.dateOfBirth', decision: 'transformed', basis: 'consent:c-42' },
      { path: 'person.name', decision: 'withheld', basis: 'policy:cross-border' },
    ],
    operationHash: 'a'.repeat(64),
    payloadHash: 'b'.repeat(64),
    details: { referral: `ref-${n}`, fieldsReleased: 1 },
  };
}

/** What an attacker with the table owner's rights does: switch the guard trigger off, change rows, switch it on. */
export async function tamper(db: Queryable, sql: string[], params: unknown[][] = []): Promise<void> {
  await db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
  try {
    for (const [i, statement] of sql.entries()) await db.query(statement, params[i] ?? []);
  } finally {
    await db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
  }
}

/** Rewrites entries from `fromSeq` on with a correct chain, as a careful attacker would; returns the new last hash. */
export async function rechain(db: Queryable, fromSeq: number): Promise<Buffer> {
  const prev = await db.query<{ hash: Uint8Array }>('SELECT hash FROM audit_log WHERE seq = $1', [fromSeq - 1]);
  let running: Buffer = Buffer.from(prev.rows[0]?.hash ?? Buffer.alloc(32));
  const { rows } = await db.query<{ seq: unknown; body: string }>('SELECT seq, body FROM audit_log WHERE seq >= $1 ORDER BY seq', [fromSeq]);
  await db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
  try {
    for (const row of rows) {
      const entry = { ...JSON.parse(row.body), id: Number(row.seq) };
      const body = canonicalJson(entry);
      const hash = chainHash(running, body);
      // The indexed columns too, or verify would name the first row whose columns disagree with its body.
      await db.query(
        "UPDATE audit_log SET prev_hash = $2, hash = $3, body = $4, body_seq = $1, type = $5, requester = $6, subject = $7, purpose = $8, at = $9, field_set = decode($10, 'hex') WHERE seq = $1",
        [Number(row.seq), running, hash, body, entry.type, entry.requester ?? null, entry.subject ?? null, entry.purpose ?? null, entry.at, entry.fieldSet ?? null],
      );
      running = hash;
    }
  } finally {
    await db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
  }
  await db.query('UPDATE audit_head SET seq = (SELECT max(seq) FROM audit_log), hash = $1', [running]);
  return running;
}
