/**
 * The directory's HTTP surface beside GraphQL: a peer gateway's search of this directory
 * (POST /directory/v1/search, with the peer's gateway token) and the Open Referral HSDS 3 API
 * (GET /hsds/…, public-tier data without a token, as Open Referral consumers expect).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from '../auth/types.ts';
import type { Directory } from '../directory/directory.ts';
import { PEER_SEARCH_PATH, type PeerSearchAnswer } from '../directory/federated.ts';
import { readServiceQuery } from '../directory/query-wire.ts';
import { HSDS_PREFIX, type HsdsApi } from '../directory/hsds-api.ts';
import { isNrxError } from '../../lib/errors.ts';
import { readJsonBody } from './peer-answers.ts';

export interface DirectoryRoutes {
  directory: Directory;
  gatewayId: string;
  authenticator: Authenticator;
  hsds: HsdsApi;
}

/** A search asks for at most this many of the best matches (a peer asks for offset + first). */
const MAX_PEER_LIMIT = 1000;
const MAX_SEARCH_BYTES = 64 * 1024;

export const isDirectoryPath = (path: string) => path === PEER_SEARCH_PATH || path === HSDS_PREFIX || path.startsWith(`${HSDS_PREFIX}/`);

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(bytes.length), ...headers });
  res.end(bytes);
}

/** A refusal in the peer protocol's error form, which the peer client reads (gateway/federation/peer-client.ts). */
const refuse = (res: ServerResponse, status: number, code: string, message: string) => answer(res, status, { kind: 'peer-error', code, message, retryable: status >= 500 });


async function peerSearch(req: IncomingMessage, res: ServerResponse, routes: DirectoryRoutes) {
  if (req.method !== 'POST') return answer(res, 405, { error: `POST a search to ${PEER_SEARCH_PATH}` }, { allow: 'POST' });
  try {
    await routes.authenticator.authenticate(req.headers.authorization);
  } catch (error) {
    return refuse(res, 401, isNrxError(error) ? error.code : 'TOKEN_MALFORMED', (error as Error).message);
  }
  const body = (await readJsonBody(req, res, MAX_SEARCH_BYTES)) as { query?: unknown; limit?: unknown } | undefined;
  if (!body) return;
  const limit = body?.limit;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0 || limit > MAX_PEER_LIMIT) return refuse(res, 400, 'BAD_USER_INPUT', `limit must be an integer from 0 to ${MAX_PEER_LIMIT}`);
  let query;
  try {
    query = readServiceQuery(body.query ?? {});
  } catch (error) {
    return refuse(res, 400, 'BAD_USER_INPUT', (error as Error).message);
  }
  const page = routes.directory.search(query, 0, limit);
  const result: PeerSearchAnswer = {
    gateway: routes.gatewayId,
    total: page.total,
    hits: page.hits.map((hit) => ({ score: hit.score, flags: hit.flags, service: { id: hit.service.id, organization: hit.service.organization, updated: hit.service.updated, document: hit.service.document } })),
  };
  answer(res, 200, result);
}

/** Answers a directory path; `routes` is undefined while the gateway starts. */
export async function serveDirectory(req: IncomingMessage, res: ServerResponse, url: URL, routes: DirectoryRoutes | undefined): Promise<void> {
  if (!routes) return answer(res, 503, { error: 'the gateway is starting; try again shortly', code: 'NOT_READY' }, { 'retry-after': '1' });
  if (url.pathname === PEER_SEARCH_PATH) return peerSearch(req, res, routes);
  if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, { error: `${req.method} is not supported on ${url.pathname}` }, { allow: 'GET, HEAD' });
  const result = routes.hsds(url.pathname.slice(HSDS_PREFIX.length) || '/', url.searchParams);
  answer(res, result.status, result.body);
}
