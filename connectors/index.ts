import type { PGlite } from '@electric-sql/pglite';
import { loadSpec } from '../lib/spec/load.ts';
import type { Spec } from '../lib/spec/types.ts';
import { validateConfig, type ConnectorConfig, type SqlSourceConfig } from './config.ts';
import type { Connector } from './contract.ts';
import { MappedConnector } from './mapped-connector.ts';
import type { FieldMapping } from './mapping/types.ts';
import { memorySource } from './sources/memory.ts';
import { mysqlDriver, pgliteDriver, postgresDriver } from './sources/sql-drivers.ts';
import { sqlSource } from './sources/sql.ts';
import { httpSource } from './sources/http.ts';
import { spreadsheetSource } from './sources/spreadsheet.ts';
import { htcdsCaseMapping } from './htcds.ts';

export type { Connector } from './contract.ts';
export { ConnectorError } from './errors.ts';
export { createCaseGatherer } from './fanout.ts';
export { loadConfigFile, validateConfig } from './config.ts';

export interface CreateOptions {
  spec?: Spec;
  /** An embedded PostgreSQL instance to use for `postgres` connectors with `connection.embedded`. */
  pglite?: PGlite;
}

/**
 * Builds a connector from its configuration. Everything that can be checked before the
 * first request is checked here: the configuration against its schema, the statements, and
 * the mappings against the spec. Connecting to the agency's system happens lazily.
 */
export async function createConnector(input: unknown, options: CreateOptions = {}): Promise<MappedConnector> {
  const config = validateConfig(input) as ConnectorConfig;
  const spec = options.spec ?? loadSpec();
  let caseMapping: FieldMapping[] | undefined;
  if (config.mapping?.htcds) caseMapping = htcdsCaseMapping(config.name, config.mapping.htcds, config.baseDir, spec);
  const extra = caseMapping ? { caseMapping } : {};
  switch (config.type) {
    case 'postgres': {
      const sql = config as ConnectorConfig & { source: SqlSourceConfig };
      const driver = sql.source.connection.embedded !== undefined || options.pglite
        ? await pgliteDriver(sql.source.connection, options.pglite)
        : postgresDriver(config.name, sql.source.connection);
      return new MappedConnector(config, sqlSource(sql, driver), { spec, ...extra });
    }
    case 'mysql':
      return new MappedConnector(config, sqlSource(config, mysqlDriver(config.name, config.source.connection)), { spec, ...extra });
    case 'memory':
      return new MappedConnector(config, memorySource(config), { spec, ...extra });
    case 'http':
      return new MappedConnector(config, httpSource(config), { spec, ...extra });
    case 'spreadsheet':
      return new MappedConnector(config, spreadsheetSource(config), { spec, ...extra });
  }
}
