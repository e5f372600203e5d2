/**
 * Turns `:name` parameters in a configured statement into the driver's placeholders
 * (`$1` for PostgreSQL, `?` for MySQL), with the values in order. An array value expands to
 * one placeholder per element, so `IN (:values)` works in both dialects. Values are always
 * bound, never spliced into the text. Quoted strings, quoted identifiers and PostgreSQL
 * `::type` casts are left alone.
 */
import { NrxError } from '../../lib/errors.ts';
export function bindNamed(sql: string, values: Record<string, unknown>, dialect: 'pg' | 'mysql'): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  const placeholder = () => (dialect === 'pg' ? `$${params.length}` : '?');
  let text = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"' || ch === '`') {
      const end = closingQuote(sql, i, ch);
      text += sql.slice(i, end);
      i = end;
    } else if (ch === ':' && sql[i + 1] === ':') {
      text += '::';
      i += 2;
    } else if (ch === ':' && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1))![0];
      if (!Object.hasOwn(values, name)) throw new NrxError('CONFIG_INVALID', `statement uses :${name}, which is not provided here`);
      const value = values[name];
      if (Array.isArray(value)) {
        if (value.length === 0) throw new NrxError('BAD_REQUEST', `:${name} is an empty list`);
        text += value.map((v) => (params.push(v), placeholder())).join(', ');
      } else {
        params.push(value);
        text += placeholder();
      }
      i += name.length + 1;
    } else {
      text += ch;
      i++;
    }
  }
  return { text, params };
}

function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

/** The parameter names a statement uses, to check a configuration at start. */
export function namedParams(sql: string): string[] {
  const names: string[] = [];
  const anyName = new Proxy({}, {
    getOwnPropertyDescriptor: () => ({ configurable: true, enumerable: true, writable: true, value: null }),
    get: (_t, name) => (names.push(String(name)), null),
  });
  bindNamed(sql, anyName, 'pg');
  return names;
}
