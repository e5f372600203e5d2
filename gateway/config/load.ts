import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';
import { parse as parseYaml } from 'yaml';
import { ENV_SETTINGS, PATH_SETTINGS, configSchema } from './schema.ts';
import type { GatewayConfig } from './types.ts';
import { ConfigError } from './errors.ts';
import { anchorConnectorEntries, readConnectorEntries } from './connectors.ts';
import { pointerNames } from '../../lib/json-pointer.ts';

export { ConfigError };

const Ajv2020 = (Ajv2020Module as any).default ?? Ajv2020Module;

export interface LoadConfigOptions {
  /** The configuration file (YAML or JSON); defaults to $NRX_CONFIG. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Applied last, over file and environment (tests, the demo). */
  overrides?: Partial<GatewayConfig>;
}

type Settings = Record<string, unknown>;

let validator: ValidateFunction<GatewayConfig> | undefined;

/** Checks the settings against the configuration schema, filling in its defaults: valid, they are a GatewayConfig. */
function validate(settings: Settings): settings is Settings & GatewayConfig {
  if (!validator) {
    const ajv = new Ajv2020({ strict: true, allErrors: true, useDefaults: true, verbose: true, allowUnionTypes: true });
    ajv.addKeyword({ keyword: 'x-expect', schemaType: 'string' });
    validator = ajv.compile(configSchema()) as ValidateFunction<GatewayConfig>;
  }
  return validator(settings);
}

/**
 * The gateway's configuration: defaults, then the file, then NRX_* environment variables, then
 * overrides; validated as a whole, with relative paths made absolute.
 */
export function loadConfig(opts: LoadConfigOptions = {}): GatewayConfig {
  const env = opts.env ?? process.env;
  const file = opts.file ?? (env.NRX_CONFIG || undefined);
  const fromFile = file ? readConfigFile(file) : {};
  const { settings: fromEnv, origins } = readEnvironment(env);
  const settings = merge(merge(fromFile, fromEnv), structuredClone((opts.overrides ?? {}) as Settings));

  if (!validate(settings)) throw new ConfigError(describe([...(validator?.errors ?? [])], origins), file);

  // Each connector entry is checked against its own schema, and replaced by what it reads.
  const connectors = readConnectorEntries(settings.connectors);
  if (connectors.problems.length) {
    const problems = describe(connectors.problems.flatMap((p) => (p.error ? [{ ...p.error, instancePath: p.instancePath }] : [])), origins);
    for (const p of connectors.problems) if (p.message) problems.push({ path: pointerNames(p.instancePath).join('.'), message: p.message });
    throw new ConfigError(problems, file);
  }
  settings.connectors = connectors.configs;

  const config: GatewayConfig = settings;
  config.audience ??= config.gatewayId;
  config.publicUrl ??= `http://${config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host}:${config.listen.port}`;
  for (const setting of PATH_SETTINGS) update(config, setting, (value) => resolve(value));
  resolveHostedKeyFiles(config, '.');
  return config;
}

function readConfigFile(file: string): Settings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([{ path: '', message: `cannot read configuration file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` }], file);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    throw new ConfigError([{ path: '', message: `not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}` }], file);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError([{ path: '', message: 'the configuration must be a mapping of settings' }], file);
  const settings = parsed as Settings;
  const base = dirname(resolve(file));
  for (const setting of PATH_SETTINGS) update(settings, setting, (value) => resolve(base, value));
  resolveHostedKeyFiles(settings, base);
  if ('connectors' in settings) settings.connectors = anchorConnectorEntries(settings.connectors, base);
  return settings;
}

function readEnvironment(env: NodeJS.ProcessEnv): { settings: Settings; origins: Map<string, string> } {
  const settings: Settings = {};
  const origins = new Map<string, string>();
  for (const [variable, setting] of Object.entries(ENV_SETTINGS)) {
    const raw = env[variable];
    if (raw === undefined || raw === '') continue;
    // Numbers arrive as text; leave anything that is not a plain number for the schema to refuse.
    const value = setting === 'listen.port' && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
    set(settings, setting, value);
    origins.set(setting, variable);
  }
  return { settings, origins };
}

function describe(errors: ErrorObject[], origins: Map<string, string>): Array<{ path: string; message: string }> {
  const problems = new Map<string, string>();
  for (const error of errors) {
    const base = pointerNames(error.instancePath);
    let path: string[];
    let message: string;
    if (error.keyword === 'additionalProperty' || error.keyword === 'additionalProperties') {
      const name = String(error.params.additionalProperty);
      path = [...base, name];
      const known = Object.keys((error.parentSchema as any)?.properties ?? {});
      const guess = known.length ? closest(name, known) : undefined;
      message = `unknown setting${guess && distance(name, guess) <= Math.max(2, Math.floor(name.length / 3)) ? `; did you mean '${guess}'?` : ` (known: ${known.join(', ')})`}`;
    } else if (error.keyword === 'required') {
      path = [...base, String(error.params.missingProperty)];
      message = 'is required';
    } else {
      path = base;
      message = `must be ${expectation(error.parentSchema as any) ?? error.message?.replace(/^must be /, '')}`;
    }
    const key = path.join('.');
    const origin = origins.get(key);
    if (!problems.has(key)) problems.set(key, origin ? `${message} (from ${origin})` : message);
  }
  return [...problems].map(([path, message]) => ({ path, message }));
}

/** What a setting must be, in words, from its schema. */
function expectation(schema: Record<string, unknown> | undefined): string | undefined {
  if (!schema) return undefined;
  if (typeof schema['x-expect'] === 'string') return schema['x-expect'];
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.join(', ')}`;
  const { type, minimum, maximum, minLength } = schema as { type?: string; minimum?: number; maximum?: number; minLength?: number };
  if (type === 'integer' || type === 'number') {
    if (minimum !== undefined && maximum !== undefined) return `${type} from ${minimum} to ${maximum}`;
    if (minimum !== undefined) return `${type} >= ${minimum}`;
    if (maximum !== undefined) return `${type} <= ${maximum}`;
    return type;
  }
  if (type === 'string') return minLength ? 'a non-empty string' : 'a string';
  if (type === 'boolean') return 'true or false';
  if (type === 'object') return 'a mapping of settings';
  if (type === 'array') return 'a list';
  return undefined;
}


const isPlainObject = (value: unknown): value is Settings => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Deep merge of settings: objects merge key by key, anything else is replaced. */
function merge(base: Settings, over: Settings): Settings {
  const result: Settings = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    result[key] = isPlainObject(value) && isPlainObject(result[key]) ? merge(result[key] as Settings, value) : value;
  }
  return result;
}

function set(settings: Settings, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = settings;
  for (const key of keys.slice(0, -1)) {
    if (!isPlainObject(node[key])) node[key] = {};
    node = node[key] as Settings;
  }
  node[keys.at(-1)!] = value;
}

/** Rewrites a string setting in place when present (non-strings are left for validation to report). */
/** Each hosted member's key file, like the other path settings, relative to `base`. */
function resolveHostedKeyFiles(settings: object, base: string): void {
  const hosted = (settings as { federation?: { hostedMembers?: unknown } }).federation?.hostedMembers;
  if (!Array.isArray(hosted)) return;
  for (const entry of hosted) if (isPlainObject(entry) && typeof entry.keyFile === 'string' && entry.keyFile !== '') entry.keyFile = resolve(base, entry.keyFile);
}

function update(settings: object, path: string, change: (value: string) => string): void {
  const keys = path.split('.');
  let node: unknown = settings;
  for (const key of keys.slice(0, -1)) {
    if (!isPlainObject(node)) return;
    node = node[key];
  }
  const last = keys.at(-1)!;
  if (isPlainObject(node) && typeof node[last] === 'string' && node[last] !== '') node[last] = change(node[last]);
}
