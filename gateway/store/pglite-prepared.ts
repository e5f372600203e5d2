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
  function values(prepared: Prepared, params: unknown[]): (string | null)[] {
    return params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = pg.serializers[prepared.types[i]!];
      return serializer ? serializer(value) : String(value);
    });
  }

  async function run(sql: string, params: unknown[], inTransaction: boolean): Promise<Results | undefined> {
    const prepared = statements.get(sql) ?? (await prepare(sql, inTransaction));
    if (!prepared) return undefined;
    const message = concat([serialize.bind({ statement: prepared.name, values: values(prepared, params) }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]);
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
