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
import { errorAnswer } from '../federation/inbound.ts';
import { peerBodyProblems, peerBodyRefusal } from '../federation/peer-bodies.ts';
import { answer, peerCaller, readJsonBody, refuse } from './peer-answers.ts';

export interface DirectoryRoutes {
  directory: Directory;
  gatewayId: string;
  authenticator: Authenticator;
  hsds: HsdsApi;
}

const MAX_SEARCH_BYTES = 64 * 1024;

export const isDirectoryPath = (path: string) => path === PEER_SEARCH_PATH || path === HSDS_PREFIX || path.startsWith(`${HSDS_PREFIX}/`);

async function peerSearch(req: IncomingMessage, res: ServerResponse, routes: DirectoryRoutes) {
  if (!(await peerCaller(req, res, routes.authenticator, PEER_SEARCH_PATH))) return;
  const body = await readJsonBody(req, res, MAX_SEARCH_BYTES);
  if (!body) return;
  const problems = peerBodyProblems('peer-directory-search', body);
  if (problems.length) return refuse(res, 400, 'BAD_USER_INPUT', peerBodyRefusal('peer-directory-search', problems));
  let query;
  try {
    query = readServiceQuery(body.query);
  } catch (error) {
    return refuse(res, 400, 'BAD_USER_INPUT', (error as Error).message);
  }
  const page = routes.directory.search(query, 0, body.limit as number);
  const result: PeerSearchAnswer = {
    gateway: routes.gatewayId,
    total: page.total,
    hits: page.hits.map((hit) => ({ score: hit.score, flags: hit.flags, service: { id: hit.service.id, organization: hit.service.organization, updated: hit.service.updated, document: hit.service.document } })),
  };
  answer(res, 200, result);
}

/** Answers a directory path; `routes` is undefined while the gateway starts. */
export async function serveDirectory(req: IncomingMessage, res: ServerResponse, url: URL, routes: DirectoryRoutes | undefined): Promise<void> {
  if (!routes) return refuse(res, 503, 'NOT_READY', 'the gateway is starting; try again shortly');
  if (url.pathname === PEER_SEARCH_PATH) return peerSearch(req, res, routes);
  if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, errorAnswer('BAD_USER_INPUT', `${req.method} is not supported on ${url.pathname}`), { allow: 'GET, HEAD' });
  const result = routes.hsds(url.pathname.slice(HSDS_PREFIX.length) || '/', url.searchParams);
  answer(res, result.status, result.body);
}
