/**
 * The directory's sources besides members' own publishing: the operator's services file and the
 * agencies' systems through their connectors. Each replaces only its own entries at every load.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { Connector } from '../../connectors/contract.ts';
import type { Directory, LoadProblem } from './directory.ts';
import { ConfigError } from '../config/errors.ts';

/** Reads a services file: a JSON or YAML list of service documents (or an object with a `services` list). */
export function readServicesFile(file: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError([{ path: 'directory.servicesFile', message: `cannot read ${file} (${(error as Error).message.split('\n')[0]})` }]);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { services?: unknown } | null)?.services;
  if (!Array.isArray(list)) throw new ConfigError([{ path: 'directory.servicesFile', message: `${file} holds no list of service documents (a list, or an object with a "services" list)` }]);
  return list;
}

/** Loads the operator's services file; its entries may belong to any member the gateway hosts. */
export function loadServicesFile(directory: Directory, file: string, mayPublish: (organization: string) => boolean): Promise<LoadProblem[]> {
  return directory.replaceSource('config', readServicesFile(file), mayPublish);
}

export interface ConnectorLoad {
  connector: string;
  problems: LoadProblem[];
  /** Why the connector's system could not be asked; its earlier entries stay as they were. */
  error?: string;
}

/** Asks every connector that lists services; each one's services must be its own member's. */
export async function loadConnectorServices(directory: Directory, connectors: readonly Connector[], memberOf: ReadonlyMap<string, string>): Promise<ConnectorLoad[]> {
  const listing = connectors.filter((c) => c.capabilities.has('listServices'));
  return Promise.all(listing.map(async (connector): Promise<ConnectorLoad> => {
    const member = memberOf.get(connector.name);
    try {
      const lookup = await connector.listServices();
      const problems = await directory.replaceSource(`connector:${connector.name}`, lookup.services, (organization) => organization === member);
      return { connector: connector.name, problems: [...lookup.problems.map((p, index) => ({ index, code: p.code, message: p.message })), ...problems] };
    } catch (error) {
      return { connector: connector.name, problems: [], error: (error as Error).message };
    }
  }));
}
