/**
 * The `connectors` setting: each entry is an agency system's connector configuration, inline or
 * as the path of its own file. Checked entry by entry against the connector configuration schema
 * while the gateway's configuration loads, so a bad entry fails start-up naming its path
 * (`connectors.1.source.path`); relative paths inside an entry resolve against the folder of the
 * file it was written in.
 */
import { readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';
import type { ConnectorConfig } from '../../connectors/config.ts';
import connectorSchema from '../../connectors/config.schema.json' with { type: 'json' };
import type { Connector } from '../../connectors/contract.ts';
import { createCaseGatherer, type CaseGatherer, type GatherOptions } from '../../connectors/fanout.ts';
import { createConnector } from '../../connectors/index.ts';
import type { Spec } from '../../lib/spec/types.ts';
import { ConfigError } from './errors.ts';

const Ajv2020 = (Ajv2020Module as any).default ?? Ajv2020Module;

export interface ConnectorEntryProblem {
  /** JSON Pointer of the problem inside the gateway's settings, e.g. /connectors/1/source/path. */
  instancePath: string;
  error?: ErrorObject;
  message?: string;
}

let validator: ValidateFunction | undefined;

function validateEntry(value: unknown): ErrorObject[] {
  if (!validator) {
    const ajv = new Ajv2020({ strict: true, allErrors: true, verbose: true, allowUnionTypes: true });
    ajv.addKeyword({ keyword: 'x-expect', schemaType: 'string' });
    validator = ajv.compile(connectorSchema) as ValidateFunction;
  }
  if (validator(value)) return [];
  // The schema's if/then and oneOf report their branches' errors too; those say it better.
  return (validator.errors ?? []).filter((e) => e.keyword !== 'if' && e.keyword !== 'oneOf');
}

/** Marks inline entries of a configuration file with the folder their relative paths resolve against; file entries become absolute. */
export function anchorConnectorEntries(entries: unknown, base: string): unknown {
  if (!Array.isArray(entries)) return entries;
  return entries.map((entry) => {
    if (typeof entry === 'string' && entry !== '') return resolve(base, entry);
    if (entry !== null && typeof entry === 'object' && !Array.isArray(entry) && !('baseDir' in entry)) return { ...entry, baseDir: base };
    return entry;
  });
}

/**
 * Each entry as a checked connector configuration, or the problems found (with the entry's
 * position). A `member` is required here: the gateway decides what a caller may read of a
 * connector's records as a disclosure by the member whose system it is.
 */
export function readConnectorEntries(entries: readonly unknown[], cwd = process.cwd()): { configs: ConnectorConfig[]; problems: ConnectorEntryProblem[] } {
  const configs: ConnectorConfig[] = [];
  const problems: ConnectorEntryProblem[] = [];
  const names = new Map<string, number>();
  entries.forEach((entry, index) => {
    const at = `/connectors/${index}`;
    let value: unknown = entry;
    let baseDir = cwd;
    if (typeof entry === 'string') {
      const file = resolve(cwd, entry);
      try {
        const text = readFileSync(file, 'utf8');
        value = ['.yaml', '.yml'].includes(extname(file)) ? parseYaml(text) : JSON.parse(text);
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message.split('\n')[0];
        problems.push({ instancePath: at, message: `cannot read connector configuration ${file} (${reason})` });
        return;
      }
      baseDir = dirname(file);
    } else if (entry !== null && typeof entry === 'object' && !Array.isArray(entry)) {
      const { baseDir: anchored, ...rest } = entry as { baseDir?: unknown };
      if (typeof anchored === 'string') baseDir = anchored;
      value = rest;
    }
    const errors = validateEntry(value);
    if (errors.length) {
      for (const error of errors) problems.push({ instancePath: `${at}${error.instancePath}`, error });
      return;
    }
    const config = value as ConnectorConfig;
    if (config.member === undefined) {
      problems.push({ instancePath: `${at}/member`, message: 'is required: the member whose system the connector reaches' });
      return;
    }
    const seen = names.get(config.name);
    if (seen !== undefined) {
      problems.push({ instancePath: `${at}/name`, message: `must be unique; connectors.${seen} is also named '${config.name}'` });
      return;
    }
    names.set(config.name, index);
    configs.push({ ...config, baseDir });
  });
  return { configs, problems };
}

export interface OpenedConnectors {
  gatherer: CaseGatherer;
  memberOf: ReadonlyMap<string, string>;
  /** Every connector, for what is asked of each on its own (the services it lists for the directory). */
  connectors: readonly Connector[];
  close(): Promise<void>;
}

/**
 * Builds every configured connector (mappings checked against the spec, nothing contacted yet)
 * and the fan-out over them. A connector that cannot be built, or that names a member outside the
 * trust list, fails start-up with its path.
 */
export async function openConnectors(configs: readonly ConnectorConfig[], fanout: GatherOptions, options: { spec: Spec; isMember(id: string): boolean }): Promise<OpenedConnectors> {
  const opened: Connector[] = [];
  const memberOf = new Map<string, string>();
  const closeAll = () => Promise.allSettled(opened.map((c) => c.close())).then(() => undefined);
  for (const [index, config] of configs.entries()) {
    if (!options.isMember(config.member!)) {
      await closeAll();
      throw new ConfigError([{ path: `connectors.${index}.member`, message: `${config.member} is not a member of the federation's trust list` }]);
    }
    try {
      opened.push(await createConnector(config, { spec: options.spec }));
    } catch (error) {
      await closeAll();
      throw new ConfigError([{ path: `connectors.${index}`, message: (error as Error).message }]);
    }
    memberOf.set(config.name, config.member!);
  }
  const gatherer = createCaseGatherer(opened, fanout);
  return {
    gatherer,
    memberOf,
    connectors: opened,
    async close() {
      gatherer.close();
      await closeAll();
    },
  };
}
