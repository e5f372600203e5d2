import type { PGlite } from '@electric-sql/pglite';
import { loadSpec } from '../lib/spec/load.ts';
import type { Spec } from '../lib/spec/types.ts';
import { validateConfig, type ConnectorConfig } from './config.ts';
import type { Source } from './source.ts';
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
  // A configuration read from a file carries the folder its relative paths resolve against.
  const { baseDir, ...rest } = (input ?? {}) as { baseDir?: string };
  const config: ConnectorConfig = { ...validateConfig(rest), ...(baseDir ? { baseDir } : {}) };
  const spec = options.spec ?? loadSpec();
  let caseMapping: FieldMapping[] | undefined;
  if (config.mapping?.htcds) caseMapping = htcdsCaseMapping(config.name, config.mapping.htcds, config.baseDir, spec, config.record?.subject);
  const source = await sourceFor(config, options);
  try {
    return new MappedConnector(config, source, { spec, ...(caseMapping ? { caseMapping } : {}) });
  } catch (error) {
    await source.close();
    throw error;
  }
}

async function sourceFor(config: ConnectorConfig, options: CreateOptions): Promise<Source> {
  switch (config.type) {
    case 'postgres': {
      const { connection } = config.source;
      const driver = connection.embedded !== undefined || options.pglite ? await pgliteDriver(connection, options.pglite) : postgresDriver(config.name, connection);
      return sqlSource(config, driver);
    }
    case 'mysql':
      return sqlSource(config, mysqlDriver(config.name, config.source.connection));
    case 'memory':
      return memorySource(config);
    case 'http':
      return httpSource(config);
    case 'spreadsheet':
      return spreadsheetSource(config);
  }
}
