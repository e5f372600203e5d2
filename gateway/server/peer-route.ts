/**
 * POST /peer/v1/referrals, /peer/v1/status-updates and /peer/v1/consent-withdrawals: the peer protocol's receiving end
 * (spec/peer-protocol.md). The body is `{ "message": "<compact JWS>" }`, the caller's gateway token
 * in `Authorization`; the answer is `{ "receipt": "<compact JWS>" }` or a peer-error answer.
 * POST /peer/v1/message-batches carries `{ "messages": [...] }` and answers `{ "results": [...] }`,
 * one receipt or error answer per message (§5).
 * Everything the protocol decides is in gateway/federation/inbound.ts; this is only its HTTP face.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorAnswer, type Inbound, type PeerReply } from '../federation/inbound.ts';
import { BATCH_BODY_BYTES, PEER_BATCH_PATH, PEER_PATHS } from '../federation/messages.ts';
import { answer } from './peer-answers.ts';
import { parseJson, readBody } from './request-body.ts';

export type PeerRoute = (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void>;

/** A reply of the protocol, through the one writer of peer answers (its headers follow the status). */
const send = (res: ServerResponse, reply: PeerReply): void => answer(res, reply.status, reply.body);

/** One route under /peer/, by its full path. */
export type PeerHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** The protocol's own routes, given the receiving side once it is ready (undefined before, or on a gateway that hosts no members). */
export function protocolRoutes(inbound: () => Inbound | undefined, maxBodyBytes: number): Array<[string, PeerHandler]> {
  const route = (path: string, limit: number, shape: string, receive: (receiver: Inbound, authorization: string | undefined, body: unknown) => Promise<PeerReply>): [string, PeerHandler] => [path, async (req, res) => {
    if (req.method !== 'POST') return send(res, { status: 405, body: errorAnswer('BAD_REQUEST', `${req.method} is not supported on ${path}; POST ${shape}`) });
    const receiver = inbound();
    if (!receiver) return send(res, { status: 503, body: errorAnswer('NOT_READY', 'the gateway is starting, or takes no peer messages', true) });
    const body = await readBody(req, limit);
    if (!body) return send(res, { status: 413, body: errorAnswer('BODY_TOO_LARGE', `a request on ${path} is at most ${limit} bytes`) });
    const parsed = parseJson(body);
    if (!parsed) return send(res, { status: 400, body: errorAnswer('PEER_MESSAGE_MALFORMED', `the body is not JSON: send ${shape}`) });
    send(res, await receive(receiver, req.headers.authorization, parsed.value));
  }];
  const one = '{"message": "<compact JWS>"}';
  return [
    route(PEER_PATHS.referral, maxBodyBytes, one, (r, authorization, body) => r.receive('referral', authorization, body)),
    route(PEER_PATHS['status-update'], maxBodyBytes, one, (r, authorization, body) => r.receive('status-update', authorization, body)),
    route(PEER_PATHS['consent-withdrawal'], maxBodyBytes, one, (r, authorization, body) => r.receive('consent-withdrawal', authorization, body)),
    route(PEER_BATCH_PATH, Math.max(maxBodyBytes, BATCH_BODY_BYTES), '{"messages": ["<compact JWS>", ...]}', (r, authorization, body) => r.receiveBatch(authorization, body)),
  ];
}

/**
 * Everything other gateways call under /peer/ (the protocol's messages, checkpoint witnesses, her
 * case view), once the gateway has built them; a path not among them is answered in the protocol's
 * error form, and every path waits with NOT_READY while the gateway starts.
 */
export function peerRouter(routes: () => ReadonlyMap<string, PeerHandler> | undefined): PeerRoute {
  return async (req, res, path) => {
    const table = routes();
    if (!table) return send(res, { status: 503, body: errorAnswer('NOT_READY', 'the gateway is starting', true) });
    const handle = table.get(path);
    if (handle) return handle(req, res);
    send(res, { status: 404, body: errorAnswer('NOT_FOUND', `nothing at ${path}; other gateways call POST ${[...table.keys()].sort().join(', ')}`) });
  };
}
