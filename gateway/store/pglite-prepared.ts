/**
 * Named prepared statements for PGlite, in the worker. PGlite's own `query` parses, plans and
 * describes a statement anew on every call, in six calls into its WASM; the gateway repeats a
 * few dozen statements, so each is parsed once and then runs as Bind, Describe, Execute and
 * Sync in ONE call: 2 to 3 times less work per statement (see BENCHMARKS.md, Storage).
 */
import { parse, protocol, type PGlite, type Results, type Transaction } from '@electric-sql/pglite';

const { serialize } = protocol;

/** Statements remembered at most; past that, new statement texts take PGlite's own path. */
const CAPACITY = 500;
/** PostgreSQL's refusal to run a cached plan whose result columns changed (after DDL). */
const PLAN_CHANGED = '0A000';

interface Prepared {
  name: string;
  /** The parameters' type OIDs, as PostgreSQL inferred them; they pick each value's serialiser. */
  types: number[];
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A parameter as the Bind message carries it: text, bytes (binary format) or NULL. */
type BindValue = string | Uint8Array | null;

/** Describe (the unnamed portal), Execute (all rows) and Sync: the same bytes for every statement. */
const DESCRIBE_EXECUTE_SYNC = Buffer.from([0x44, 0, 0, 0, 6, 0x50, 0, 0x45, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0x53, 0, 0, 0, 4]);

/**
 * Bind (unnamed portal, text results), then Describe, Execute and Sync, in one buffer: the bytes
 * PGlite's own serialisers produce, written by Buffer's native UTF-8 encoder in one pass. PGlite's
 * counts a text value's bytes character by character in JavaScript and copies its growing buffer
 * several times: a batch of audit entries is tens of kilobytes.
 */
export function bindAndRun(statement: string, values: readonly BindValue[]): Uint8Array {
  let length = 4 + 1 + Buffer.byteLength(statement) + 1 + 2 + 2 * values.length + 2 + 2;
  const sizes = values.map((value) => (value === null ? -1 : typeof value === 'string' ? Buffer.byteLength(value) : value.byteLength));
  for (const size of sizes) length += 4 + Math.max(size, 0);
  const out = Buffer.allocUnsafe(1 + length + DESCRIBE_EXECUTE_SYNC.length);
  let at = out.writeUInt8(0x42, 0);
  at = out.writeInt32BE(length, at);
  at += 1; // the unnamed portal: an empty C string
  out[at - 1] = 0;
  at += out.write(statement, at, 'utf8');
  at = out.writeUInt8(0, at);
  at = out.writeUInt16BE(values.length, at);
  for (const value of values) at = out.writeInt16BE(value instanceof Uint8Array ? 1 : 0, at);
  at = out.writeUInt16BE(values.length, at);
  values.forEach((value, i) => {
    at = out.writeInt32BE(sizes[i]!, at);
    if (value === null) return;
    if (typeof value === 'string') at += out.write(value, at, 'utf8');
    else {
      out.set(value, at);
      at += value.byteLength;
    }
  });
  at = out.writeInt16BE(0, at); // no result format codes: every column as text
  DESCRIBE_EXECUTE_SYNC.copy(out, at);
  return out;
}

export interface PreparedQueries {
  /** Runs `sql` on its own (waiting for any open transaction) or inside `tx`, as PGlite's `query` would. */
  query(sql: string, params: unknown[] | undefined, tx?: Transaction): Promise<Results>;
  /** Forgets every statement (after a script, which may have changed what they read), on its own or inside `tx`. */
  forget(tx?: Transaction): Promise<void>;
}

export function preparedQueries(pg: PGlite): PreparedQueries {
  const statements = new Map<string, Prepared>();
  let counter = 0;

  /** Parses and describes `sql` under a new name; undefined (PGlite's own path then) when full. */
  async function prepare(sql: string, inTransaction: boolean): Promise<Prepared | undefined> {
    if (statements.size >= CAPACITY) return undefined;
    const name = `nrx_${++counter}`;
    const { messages } = await pg.execProtocol(concat([serialize.parse({ name, text: sql }), serialize.describe({ type: 'S', name }), serialize.sync()]), { syncToFs: !inTransaction });
    const described = messages.find((m) => m.name === 'parameterDescription') as { dataTypeIDs: number[] } | undefined;
    const prepared = { name, types: described?.dataTypeIDs ?? [] };
    statements.set(sql, prepared);
    return prepared;
  }

  /** Serialises values as PGlite's `query` does: by the parameter's type, else as text. */
  function values(prepared: Prepared, params: unknown[]): BindValue[] {
    return params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = pg.serializers[prepared.types[i]!];
      return serializer ? (serializer(value) as BindValue) : String(value);
    });
  }

  async function run(sql: string, params: unknown[], inTransaction: boolean): Promise<Results | undefined> {
    const prepared = statements.get(sql) ?? (await prepare(sql, inTransaction));
    if (!prepared) return undefined;
    const message = bindAndRun(prepared.name, values(prepared, params));
    try {
      const { messages } = await pg.execProtocol(message, { syncToFs: !inTransaction });
      return parse.parseResults(messages, pg.parsers)[0];
    } catch (error) {
      // A table changed under a cached plan: prepare it again, once.
      if ((error as { code?: string }).code !== PLAN_CHANGED) throw error;
      statements.delete(sql);
      return undefined;
    }
  }

  return {
    async query(sql, params = [], tx) {
      // The same locks as PGlite's `query`: on its own it waits for an open transaction; inside one
      // it runs under the transaction's lock, which its caller holds.
      if (tx) return (await pg.runExclusive(() => run(sql, params, true))) ?? tx.query(sql, params);
      return (await pg._runExclusiveTransaction(() => pg.runExclusive(() => run(sql, params, false)))) ?? pg.query(sql, params);
    },
    async forget(tx) {
      if (!statements.size) return;
      statements.clear();
      await (tx ?? pg).exec('DEALLOCATE ALL');
    },
  };
}
