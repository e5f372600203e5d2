import type { ConnectorConfig, ParamSpec, SqlSourceConfig, Statement } from '../config.ts';
import type { IdentifierKind } from '../contract.ts';
import { ConnectorError } from '../errors.ts';
import { readOne } from '../mapping/pointer.ts';
import type { CodeTable } from '../mapping/types.ts';
import type { LocalRecord, Source } from '../source.ts';
import { attachRelated } from './related.ts';
import { bindNamed, namedParams } from './named-params.ts';
import { sqlError, type SqlDriver } from './sql-drivers.ts';

/**
 * An agency's case database (PostgreSQL or MySQL/MariaDB). Every statement comes from the
 * configuration with `:name` parameters; every value from a request is bound, never spliced.
 */
export function sqlSource(config: ConnectorConfig & { source: SqlSourceConfig }, driver: SqlDriver): Source {
  const connector = config.name;
  const { source } = config;
  checkStatements(connector, source);

  const run = async (sql: string, values: Record<string, unknown>) => {
    const { text, params } = bindNamed(sql, values, driver.dialect);
    try {
      return await driver.query(text, params);
    } catch (error) {
      throw sqlError(connector, error);
    }
  };

  const lookups = new Set(Object.keys(source.cases) as IdentifierKind[]);
  const made: Source = {
    lookups,
    async findCases(kind, values) {
      const sql = source.cases[kind];
      if (!sql) throw new ConnectorError({ connector, code: 'NOT_SUPPORTED', message: `no query for lookups by ${kind}` });
      const rows = await run(sql, { values });
      if (source.related) {
        const keyPointer = config.record?.key;
        if (!keyPointer) throw new ConnectorError({ connector, code: 'CONFIG_INVALID', message: 'related rows need record.key' });
        const keys = [...new Set(rows.map((row) => readOne(row, keyPointer)).filter((k) => k !== undefined && k !== null))];
        for (const [name, spec] of Object.entries(source.related)) {
          const related = keys.length ? await run(spec.sql!, { keys }) : [];
          attachRelated(rows, keyPointer, name, related, spec.key);
        }
      }
      return rows;
    },
    ping: async () => void (await run(source.health ?? 'SELECT 1', {})),
    close: () => driver.close(),
  };
  if (source.services) made.services = () => run(source.services!, {});
  if (source.status) made.status = async (referralId) => (await run(source.status!, { referralId }))[0] ?? null;
  if (source.deliver) made.deliver = async (referral) => void (await run(source.deliver!.sql, paramsFrom(connector, source.deliver!, referral, config.codes)));
  if (source.pushStatus) made.pushStatus = async (update) => void (await run(source.pushStatus!.sql, paramsFrom(connector, source.pushStatus!, update, config.codes)));
  return made;
}

/** Statements are checked when the connector starts, not when the first request needs them. */
function checkStatements(connector: string, source: SqlSourceConfig): void {
  const issues: string[] = [];
  const expect = (where: string, sql: string | undefined, allowed: string[]) => {
    if (sql === undefined) return;
    for (const name of namedParams(sql)) if (!allowed.includes(name)) issues.push(`${where} uses :${name}; it may use ${allowed.map((a) => `:${a}`).join(', ') || 'no parameters'}`);
  };
  for (const [kind, sql] of Object.entries(source.cases)) expect(`cases.${kind}`, sql, ['values']);
  for (const [name, spec] of Object.entries(source.related ?? {})) {
    if (!spec.sql) issues.push(`related.${name} needs sql`);
    expect(`related.${name}`, spec.sql, ['keys']);
  }
  expect('services', source.services, []);
  expect('status', source.status, ['referralId']);
  expect('health', source.health, []);
  for (const part of ['deliver', 'pushStatus'] as const) {
    const statement = source[part];
    if (statement) expect(part, statement.sql, Object.keys(statement.params ?? {}));
  }
  if (issues.length) throw new ConnectorError({ connector, code: 'CONFIG_INVALID', message: `configuration is invalid:\n  - ${issues.join('\n  - ')}` });
}

/** Statement parameters read from an NRX document, NRX codes turned back into local ones. */
function paramsFrom(connector: string, statement: Statement, document: unknown, codes: Record<string, CodeTable> = {}): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(statement.params ?? {})) {
    const { from, codes: table, json } = typeof spec === 'string' ? ({ from: spec } as Exclude<ParamSpec, string>) : spec;
    let value = readOne(document, from);
    if (table !== undefined && value !== undefined && value !== null) value = toLocal(connector, codes, table, from, value);
    if (json || (value !== null && typeof value === 'object')) value = JSON.stringify(value);
    values[name] = value ?? null;
  }
  return values;
}

function toLocal(connector: string, codes: Record<string, CodeTable>, tableName: string, field: string, value: unknown): string {
  const table = codes[tableName];
  const local = table && Object.entries(table).find(([, nrx]) => nrx === value)?.[0];
  if (local === undefined) {
    throw new ConnectorError({ connector, code: 'UNKNOWN_CODE', field, message: `NRX code '${String(value)}' at ${field} has no local code in translation table '${tableName}'` });
  }
  return local;
}
