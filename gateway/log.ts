import { pino, stdSerializers, type ChildLoggerOptions, type Logger } from 'pino';

/**
 * The only fields a log line may carry besides pino's own (level, time, pid, hostname, msg).
 * A request is logged as method, URL path (never the query string), status, duration, calling
 * member, GraphQL operation name and request id; never a body, variables, header or token.
 * Anything else passed to the logger is dropped and counted in `droppedFields`.
 */
export const LOG_FIELDS = [
  'requestId',
  'method',
  'path',
  'status',
  'durationMs',
  'member',
  'operationName',
  /** A short machine-readable event name, e.g. `gateway.listening`. */
  'event',
  /** The module that logs, e.g. `store`, `connector:xlsx`. */
  'component',
  /** An error or refusal code, e.g. an AuthError code. */
  'code',
  'err',
] as const;

export type LogField = (typeof LOG_FIELDS)[number];

/** Paths that must never reach a log, even if a later change widened LOG_FIELDS. */
export const REDACT_PATHS = [
  'authorization',
  'token',
  'body',
  'variables',
  'query',
  'headers',
  'cookie',
  '*.authorization',
  '*.token',
  '*.body',
  '*.variables',
  '*.query',
  '*.headers',
  '*.cookie',
  'err.config',
  'err.request',
  'err.response',
];

const PINO_FIELDS = new Set(['pid', 'hostname']);
const allowed = new Set<string>(LOG_FIELDS);

type Fields = Record<string, unknown>;

const primitive = (value: unknown): value is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof value);

/** The URL's path alone: a query string may carry GraphQL variables. */
function urlPath(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  const end = url.search(/[?#]/);
  const path = end === -1 ? url : url.slice(0, end);
  try {
    return new URL(path, 'http://gateway.invalid').pathname;
  } catch {
    return undefined;
  }
}

/** Request-shaped objects (node, fetch or framework) reduced to the allowed request fields. */
function fromRequest(req: any): Fields {
  if (!req || typeof req !== 'object') return {};
  const fields: Fields = {};
  if (typeof req.method === 'string') fields.method = req.method;
  const path = urlPath(req.path ?? req.url);
  if (path) fields.path = path;
  const id = req.id ?? req.requestId;
  if (primitive(id)) fields.requestId = id;
  return fields;
}

function fromResponse(res: any): Fields {
  if (!res || typeof res !== 'object') return {};
  const status = res.statusCode ?? res.status;
  return typeof status === 'number' ? { status } : {};
}

/** An error without the properties libraries attach (request config, response bodies, SQL parameters). */
function safeError(err: unknown): Fields | undefined {
  if (!(err instanceof Error)) return primitive(err) ? { message: String(err) } : undefined;
  const serialized = stdSerializers.err(err);
  const code = (err as { code?: unknown }).code;
  return {
    type: serialized.type,
    message: serialized.message,
    ...(primitive(code) ? { code } : {}),
    ...(serialized.stack ? { stack: serialized.stack } : {}),
  };
}

/** Keeps only allowed fields with plain values; a member object is logged as its id. */
export function logFields(object: Fields, { countDropped = true } = {}): Fields {
  const kept: Fields = {};
  let dropped = 0;
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined) continue;
    if (key === 'req' || key === 'request') Object.assign(kept, fromRequest(value));
    else if (key === 'res' || key === 'response') Object.assign(kept, fromResponse(value));
    else if (key === 'err' || key === 'error') {
      const err = safeError(value);
      if (err) kept.err = err;
    } else if (key === 'member' && value && typeof value === 'object' && primitive((value as { id?: unknown }).id)) kept.member = (value as { id: unknown }).id;
    else if (key === 'path') {
      const path = urlPath(value);
      if (path) kept.path = path;
    } else if (allowed.has(key) && primitive(value)) kept[key] = value;
    else dropped++;
  }
  if (dropped && countDropped) kept.droppedFields = dropped;
  return kept;
}

function bindingFields(bindings: Fields): Fields {
  const pinoOwn = Object.fromEntries(Object.entries(bindings).filter(([key]) => PINO_FIELDS.has(key)));
  const rest = Object.fromEntries(Object.entries(bindings).filter(([key]) => !PINO_FIELDS.has(key)));
  return { ...pinoOwn, ...logFields(rest, { countDropped: false }) };
}

/**
 * The gateway's logger: JSON lines, allowed fields only (LOG_FIELDS), with redaction behind that.
 * Personal data, request bodies, GraphQL variables, headers and tokens cannot be logged through
 * the fields; a message string is the caller's responsibility and must stay free of them.
 */
export function createLogger(opts: { level: string; destination?: NodeJS.WritableStream }): Logger {
  const options = {
    level: opts.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    formatters: {
      level: (label: string) => ({ level: label }),
      log: logFields,
      bindings: bindingFields,
    },
    serializers: { err: (err: unknown) => safeError(err) ?? err },
  };
  const root = opts.destination ? pino(options, opts.destination as pino.DestinationStream) : pino(options);
  return guardChildren(root, root.child);
}

/**
 * pino applies the bindings formatter to the root logger only and lets a child replace redaction,
 * serializers and formatters; so every child's bindings are filtered here and only its level and
 * message prefix may differ from the parent's.
 */
function guardChildren<Levels extends string>(logger: Logger<Levels>, pinoChild: Logger['child']): Logger<Levels> {
  const child = <ChildLevels extends string = never>(bindings: Fields, options?: ChildLoggerOptions<ChildLevels>) => {
    const kept: ChildLoggerOptions<ChildLevels> = {
      ...(options?.level ? { level: options.level } : {}),
      ...(options?.msgPrefix ? { msgPrefix: options.msgPrefix } : {}),
    };
    return guardChildren(pinoChild.bind(logger)(logFields(bindings, { countDropped: false }), kept), pinoChild);
  };
  // Replaces pino's own child on this logger (Object.assign keeps the result typed as a Logger).
  return Object.assign(logger, { child });
}
