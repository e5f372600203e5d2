/**
 * What the peer routes of this gateway share (the checkpoint witnesses, the case queries): the
 * protocol's JSON answers and error answers, a bounded body, and the caller's token checked by the
 * gateway's ordinary authenticator against the trust list.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthError, type Authenticator, type Principal } from '../auth/types.ts';
import { parseJson, readBody } from './request-body.ts';

export function answer(res: ServerResponse, status: number, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(bytes.length) });
  res.end(bytes);
}

/** The protocol's error answer: a code from the registry, and whether trying again later may help. */
export function refuse(res: ServerResponse, status: number, code: string, message: string, retryable = false): void {
  answer(res, status, { kind: 'peer-error', code, message, retryable });
}

/** The JSON object of a request body of at most `maxBytes`, or undefined after answering why not. */
export async function readJsonBody(req: IncomingMessage, res: ServerResponse, maxBytes: number): Promise<Record<string, unknown> | undefined> {
  const body = await readBody(req, maxBytes);
  if (!body) return void answerTooLarge(res, maxBytes);
  const parsed = parseJson(body);
  const value = parsed?.value;
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  return void refuse(res, 400, 'BAD_USER_INPUT', 'the request body must be a JSON object');
}

/** 413 in the protocol's error form; the unread rest of the body ends the connection. */
export function answerTooLarge(res: ServerResponse, maxBytes: number): void {
  res.setHeader('connection', 'close');
  refuse(res, 413, 'BODY_TOO_LARGE', `the request body is larger than ${maxBytes} bytes`);
}

/** The caller of a peer route, or undefined after answering why not (POST only, a token the trust list backs). */
export async function peerCaller(req: IncomingMessage, res: ServerResponse, authenticator: Authenticator | undefined, path: string): Promise<Principal | undefined> {
  if (req.method !== 'POST') return void refuse(res, 405, 'BAD_USER_INPUT', `POST to ${path}`);
  if (!authenticator) return void refuse(res, 503, 'NOT_READY', 'the gateway is starting; try again shortly', true);
  try {
    return await authenticator.authenticate(req.headers.authorization);
  } catch (error) {
    if (error instanceof AuthError) return void refuse(res, 401, error.code, error.message);
    throw error;
  }
}
