import { readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ConnectorType, IdentifierKind, Operation } from './contract.ts';
import { ConnectorError } from './errors.ts';
import type { CodeTable, FieldMapping } from './mapping/types.ts';
import schema from './config.schema.json' with { type: 'json' };

const Ajv2020 = (Ajv2020Module as any).default ?? Ajv2020Module;

export type ParamSpec = string | { from: string; codes?: string; json?: boolean };
export interface Statement {
  sql: string;
  params?: Record<string, ParamSpec>;
}
export interface RelatedSpec {
  sql?: string;
  table?: string;
  key: string;
}
export interface SheetSpec {
  table: string;
  headerRow?: number;
  firstDataRow?: number;
}
export interface EndpointSpec {
  path: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  query?: Record<string, string>;
  items?: string;
  body?: string;
}

export interface SqlSourceConfig {
  connection: {
    urlEnv?: string;
    url?: string;
    passwordEnv?: string;
    embedded?: string;
    schema?: string;
    poolSize?: number;
    connectTimeoutMs?: number;
  };
  cases: Partial<Record<IdentifierKind, string>> & { subject: string };
  related?: Record<string, RelatedSpec>;
  services?: string;
  deliver?: Statement;
  status?: string;
  pushStatus?: Statement;
  health?: string;
}
export interface SpreadsheetSourceConfig {
  path: string;
  cases: SheetSpec;
  related?: Record<string, RelatedSpec>;
  services?: SheetSpec;
}
export interface HttpSourceConfig {
  baseUrl: string;
  auth?: { header: string; prefix?: string; tokenEnv: string };
  cases: EndpointSpec;
  services?: EndpointSpec;
  deliver?: EndpointSpec;
  status?: EndpointSpec;
  pushStatus?: EndpointSpec;
  health?: EndpointSpec;
}
export interface MemorySourceConfig {
  cases?: Record<string, unknown>[];
  services?: Record<string, unknown>[];
  statuses?: Record<string, unknown>[];
  latencyMs?: number;
}

interface BaseConfig {
  name: string;
  member?: string;
  capabilities: Operation[];
  identifiers?: IdentifierKind[];
  timeoutMs?: number;
  record?: { subject: string; caseNumber?: string; key?: string };
  mapping?: { case?: FieldMapping[]; service?: FieldMapping[]; status?: FieldMapping[]; htcds?: string };
  codes?: Record<string, CodeTable>;
  samples?: { subjects?: string[]; identifiers?: { kind: IdentifierKind; value: string }[]; referralIds?: string[] };
  /** The folder relative paths in the configuration are resolved against. */
  baseDir?: string;
}

export type ConnectorConfig =
  | (BaseConfig & { type: 'postgres' | 'mysql'; source: SqlSourceConfig })
  | (BaseConfig & { type: 'spreadsheet'; source: SpreadsheetSourceConfig })
  | (BaseConfig & { type: 'http'; source: HttpSourceConfig })
  | (BaseConfig & { type: 'memory'; source: MemorySourceConfig });

let validateSchema: any;

/** Checks a configuration object against connectors/config.schema.json; throws CONFIG_INVALID listing every issue. */
export function validateConfig(value: unknown): ConnectorConfig {
  if (!validateSchema) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
    // What a setting must be, in words, where the keyword's own message would not say it.
    ajv.addKeyword({ keyword: 'x-expect', schemaType: 'string' });
    validateSchema = ajv.compile(schema);
  }
  const name = (value as { name?: unknown } | null)?.name;
  const connector = typeof name === 'string' ? name : '(unnamed)';
  if (!validateSchema(value)) {
    const issues = (validateSchema.errors as { instancePath: string; message?: string; keyword: string; params: Record<string, unknown>; parentSchema?: Record<string, unknown> }[])
      .filter((e) => e.message !== 'must match "then" schema' && e.message !== 'must match exactly one schema in oneOf')
      .map((e) => e.keyword === 'type' && typeof e.parentSchema?.['x-expect'] === 'string' ? `${e.instancePath || '/'} must be ${e.parentSchema['x-expect']}` : `${e.instancePath || '/'} ${e.message}${e.params.additionalProperty ? ` '${String(e.params.additionalProperty)}'` : ''}${e.params.allowedValues ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`);
    throw new ConnectorError({ connector, code: 'CONFIG_INVALID', message: `configuration is invalid:\n  - ${[...new Set(issues)].join('\n  - ')}` });
  }
  return value as ConnectorConfig;
}

/** Reads a configuration file (JSON or YAML); relative paths in it resolve against its folder. */
export function loadConfigFile(file: string): ConnectorConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConnectorError({ connector: file, code: 'CONFIG_INVALID', message: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
  }
  let value: unknown;
  try {
    value = ['.yaml', '.yml'].includes(extname(file)) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new ConnectorError({ connector: file, code: 'CONFIG_INVALID', message: `${file} does not parse: ${(error as Error).message}` });
  }
  const config = validateConfig(value);
  return { ...config, baseDir: dirname(resolve(file)) };
}

/** The value of an environment variable a configuration names, or CONFIG_INVALID naming it. */
export function fromEnv(connector: string, variable: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[variable];
  if (value === undefined || value === '') {
    throw new ConnectorError({ connector, code: 'CONFIG_INVALID', message: `environment variable ${variable} is not set` });
  }
  return value;
}
