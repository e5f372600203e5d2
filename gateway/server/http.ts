/**
 * The gateway's HTTP surface on node:http: /graphql (yoga), discovery, health and readiness, the
 * spec's schemas at their $id paths, document validation and the gateway's public key.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { YogaServerInstance } from 'graphql-yoga';
import { handleErrorFromRequestHandler, sendNodeResponse } from '@whatwg-node/server';
import type { JWK } from 'jose';
import type { Validator } from '../../lib/validator/index.ts';
import type { Spec } from '../../lib/spec/types.ts';
import type { ServerContext } from './yoga.ts';
import { createRequestContext, type RequestContext } from '../request/context.ts';
import { sendSdl } from './sdl-route.ts';
import type { PeerRoute } from './peer-route.ts';
import { isDirectoryPath, serveDirectory, type DirectoryRoutes } from './directory-route.ts';
import { sendStatistics, STATISTICS_PATHS, type StatisticsRoute } from './stats-route.ts';
import type { AuditExportRoute } from './audit-export-route.ts';
import type { ConsoleRoute } from './console-route.ts';
import type { HttpEdge } from './edge.ts';
import { clientAddress } from './rate-limit.ts';
import { readBody } from './request-body.ts';
import { sendBytes, sendJson } from './send.ts';
import { isNrxError } from '../../lib/errors.ts';
import { loadProfile } from '../../lib/spec/profile.ts';

export interface HttpSurfaceOptions {
  gatewayId: string;
  federation?: string;
  publicUrl: string;
  profile?: string;
  spec: Spec;
  validator: Validator;
  publicJwk: JWK;
  maxBodyBytes: number;
  logger: Logger;
  isReady: () => boolean;
  /** Set once the gateway is ready; /graphql answers 503 before. */
  yoga: () => YogaServerInstance<ServerContext, {}> | undefined;
  /** CORS, rate limits and the worker pool (edge.ts). */
  edge?: HttpEdge;
  /** What other gateways call under /peer/ (peer-route.ts: the protocol, checkpoint witnesses, her case view). */
  peer?: PeerRoute;
  /** The service directory's peer search and HSDS API; undefined until the gateway is ready. */
  directory?: () => DirectoryRoutes | undefined;
  /** The statistics downloads (stats-route.ts); set once the gateway is ready. */
  statistics?: () => StatisticsRoute | undefined;
  /** POST /audit/export (audit-export-route.ts), once the audit trail is open; 404 where there is none. */
  auditExport?: () => AuditExportRoute | undefined;
  /** The web console under /console (console-route.ts). */
  console?: ConsoleRoute;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** The spec's files change only with a new release of the gateway. */
const PUBLIC_CACHE = { 'cache-control': 'public, max-age=300' };

const tooLarge = (max: number) => ({ errors: [{ message: `the request body is larger than ${max} bytes`, extensions: { code: 'BODY_TOO_LARGE', limit: 'maxBodyBytes', max } }] });

/** The body, or undefined after answering 413 when it is larger than `max` bytes. */
async function bodyOr413(req: IncomingMessage, res: ServerResponse, max: number): Promise<Buffer | undefined> {
  const body = await readBody(req, max);
  if (!body) sendJson(res, 413, tooLarge(max), { connection: 'close' });
  return body;
}

export function createHttpHandler(options: HttpSurfaceOptions): Handler {
  const { spec, validator, logger, maxBodyBytes, edge } = options;
  const base = options.publicUrl.replace(/\/$/, '');
  const schemaFiles = new Map<string, Buffer>();
  for (const schema of spec.schemas) schemaFiles.set(new URL(schema.id).pathname, Buffer.from(JSON.stringify(schema.json, null, 2)));
  // Each country profile's merged schemas, at the paths their `$id`s name (under /spec/v1/profiles/<code>/).
  const profileIndex: Record<string, string> = {};
  for (const code of validator.profiles) {
    const profile = loadProfile(code, { specDir: spec.dir });
    for (const file of [...profile.patched, ...profile.derived]) {
      const schema = profile.byId.get(profile.profileBaseUri + file)!;
      schemaFiles.set(new URL(schema.id).pathname, Buffer.from(JSON.stringify(schema.json, null, 2)));
    }
    profileIndex[code] = `${base}${new URL(profile.profileBaseUri).pathname}`;
  }
  const discovery = {
    gatewayId: options.gatewayId,
    ...(options.federation ? { federation: options.federation } : {}),
    spec: { title: spec.title, version: spec.version, baseUri: spec.baseUri, ...(options.profile ? { profile: options.profile } : {}), profiles: profileIndex },
    endpoints: {
      graphql: `${base}/graphql`,
      sdl: `${base}/graphql/sdl`,
      validate: `${base}/validate`,
      jwks: `${base}/.well-known/jwks.json`,
      health: `${base}/health`,
      ready: `${base}/ready`,
      spec: `${base}${new URL(spec.baseUri).pathname}`,
    },
  };
  const jwks = { keys: [options.publicJwk] };
  // The spec link in the discovery document answers with an index of the schema files.
  const specIndexPath = new URL(spec.baseUri).pathname;
  const specIndex = Buffer.from(JSON.stringify({
    title: spec.title,
    version: spec.version,
    baseUri: spec.baseUri,
    schemas: [...schemaFiles.keys()].sort().map((path) => ({ path, url: `${base}${path}` })),
    profiles: profileIndex,
  }, null, 2));
  // Answers that only say "not yet" while the gateway starts: expected, so not logged as failures.
  const startingUp = new WeakSet<ServerResponse>();

  async function graphql(req: IncomingMessage, res: ServerResponse, request: RequestContext) {
    const yoga = options.yoga();
    if (!yoga) return startingUp.add(res), sendJson(res, 503, { errors: [{ message: 'the gateway is starting; try again shortly', extensions: { code: 'NOT_READY' } }] }, { 'retry-after': '1' });
    const blocked = edge?.limits.authBlocked(clientAddress(req));
    if (blocked) return sendJson(res, 429, { errors: [{ message: 'too many requests with a refused token from this address; try again later', extensions: { code: 'RATE_LIMITED' } }] }, { 'retry-after': String(blocked) });
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) return sendJson(res, 413, tooLarge(maxBodyBytes), { connection: 'close' });
    if (req.headers['transfer-encoding']) {
      // A streamed body has no declared length: count it as it arrives.
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBodyBytes && !res.headersSent) {
          sendJson(res, 413, tooLarge(maxBodyBytes), { connection: 'close' });
          req.destroy();
        }
      });
    }
    // The request context is yoga's one server context: the GraphQL context is this very object.
    const context: ServerContext = request;
    let response: Response;
    try {
      response = await yoga.handleNodeRequestAndResponse(req, res, context);
    } catch (error) {
      response = handleErrorFromRequestHandler(error, yoga.fetchAPI.Response);
    }
    if (response.status === 401) edge?.limits.authFailed(clientAddress(req));
    await sendNodeResponse(response, res, req, true);
  }

  async function validate(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'POST a JSON document to /validate' }, { allow: 'POST' });
    const wait = await edge?.limits.validate(clientAddress(req));
    if (wait) return sendJson(res, 429, { error: 'too many validations from this address; try again later', code: 'RATE_LIMITED' }, { 'retry-after': String(wait) });
    const body = await bodyOr413(req, res, maxBodyBytes);
    if (!body) return;
    const kind = url.searchParams.get('kind') ?? undefined;
    const profile = url.searchParams.get('profile') ?? undefined;
    const options = { ...(kind ? { kind } : {}), ...(profile ? { profile } : {}) };
    const bytes = new Uint8Array(body.buffer, body.byteOffset, body.length);
    const pool = edge?.pool;
    try {
      const result = pool && body.length > pool.config.offloadBytes ? await pool.validateBytes(bytes, options) : validator.validateBytes(bytes, options);
      sendJson(res, 200, result);
    } catch (error) {
      if (!isNrxError(error)) throw error;
      if (error.code === 'WORK_QUEUE_FULL') return sendJson(res, 503, { error: error.message, code: error.code }, { 'retry-after': '1' });
      if (error.code === 'WORK_TIME_BUDGET') return sendJson(res, 422, { error: `the document could not be validated: ${error.message}`, code: error.code });
      throw error;
    }
  }

  return async (req, res) => {
    const started = performance.now();
    // The request's one context, made here where it enters and handed on as an argument.
    const request = createRequestContext();
    res.on('finish', () => {
      // Answered requests are logged at debug (a line per request costs more than a seventh of the
      // gateway's throughput); refusals at info, server failures at error.
      const level = startingUp.has(res) ? 'info' : res.statusCode >= 500 ? 'error' : res.statusCode >= 400 || request.refusal ? 'info' : 'debug';
      if (!logger.isLevelEnabled(level)) return;
      logger[level](
        {
          requestId: request.requestId,
          method: req.method,
          path: req.url,
          status: res.statusCode,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          ...(request.principal ? { member: request.principal.member.id } : {}),
          ...(request.principal && request.operation?.name ? { operationName: request.operation.name.slice(0, 100) } : {}),
          ...(request.refusal ? { code: request.refusal } : {}),
        },
        'request',
      );
    });
    try {
      if (edge?.cors(req, res)) return;
      // The GraphQL path as sent, without building a URL: the hot path. Anything else (a query
      // string, dot segments, escapes) goes through URL parsing below.
      if (req.url === '/graphql') return await graphql(req, res, request);
      const url = URL.parse(req.url ?? '/', 'http://gateway.invalid');
      if (!url) {
        // The client's mistake, not the gateway's: a short answer and a warning without a stack.
        logger.warn({ requestId: request.requestId, component: 'http', method: req.method }, 'malformed request target');
        return sendJson(res, 400, { error: 'the request target is not a valid path', code: 'BAD_REQUEST_TARGET' }, { connection: 'close' });
      }
      const path = url.pathname;
      if (path === '/graphql') return await graphql(req, res, request);
      if (path === '/validate') return await validate(req, res, url);
      if (path.startsWith('/peer/') && options.peer) return await options.peer(req, res, path);
      if (isDirectoryPath(path)) return await serveDirectory(req, res, url, options.directory?.());
      const auditExport = path === '/audit/export' ? options.auditExport?.() : undefined;
      if (auditExport) return await auditExport(req, res);
      if (options.console && await options.console(req, res, url, sendJson)) return;
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: `${req.method} is not supported on ${path}` }, { allow: 'GET, HEAD' });
      if (path === '/') return sendJson(res, 200, discovery);
      if (path === '/health') return sendJson(res, 200, { status: 'ok' });
      if (path === '/ready') return options.isReady() ? sendJson(res, 200, { status: 'ready' }) : (startingUp.add(res), sendJson(res, 503, { status: 'starting' }));
      if (path === specIndexPath || `${path}/` === specIndexPath) return sendBytes(res, 200, 'application/json', specIndex, PUBLIC_CACHE);
      if (path === '/.well-known/jwks.json') return sendJson(res, 200, jwks);
      if (path === '/graphql/sdl') return sendSdl(res, options.yoga());
      if (STATISTICS_PATHS.has(path)) return await sendStatistics(req, res, url, request, options.statistics?.());
      const schema = schemaFiles.get(path);
      if (schema) return sendBytes(res, 200, 'application/schema+json', schema, PUBLIC_CACHE);
      sendJson(res, 404, { error: `nothing at ${path}`, endpoints: discovery.endpoints });
    } catch (error) {
      logger.error({ err: error, component: 'http' }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    }
  };
}
