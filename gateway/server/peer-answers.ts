/**
 * The one writer of what this gateway answers other gateways (the protocol's messages, checkpoint
 * witnesses, her case view, the directory search): JSON answers and the protocol's error answers
 * (spec/v1/peer-error.schema.json), with the headers their status calls for; a bounded body; and the
 * caller's token checked by the gateway's ordinary authenticator against the trust list.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthError, type Authenticator, type Principal } from '../auth/types.ts';
import { errorAnswer } from '../federation/inbound.ts';
import { parseJson, readBody } from './request-body.ts';
import { sendBytes } from './send.ts';

/**
 * A 503 says when to try again; a 413 ends the connection, since the rest of the body is left
 * unread and would otherwise be taken for the next request.
 */
function headersFor(status: number): Record<string, string> {
  if (status === 503) return { 'retry-after': '1' };
  if (status === 413) return { connection: 'close' };
  return {};
}

/** Writes a JSON answer: `body` as it is, with the headers its status calls for and any `headers` given. */
export function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  answerBytes(res, status, JSON.stringify(body), headers);
}

/** Writes a JSON answer already serialised (when its bytes were needed first, as for an audit hash). */
export function answerBytes(res: ServerResponse, status: number, json: string, headers: Record<string, string> = {}): void {
  sendBytes(res, status, 'application/json; charset=utf-8', json, { ...headersFor(status), ...headers });
}

/**
 * The protocol's error answer: a code from the registry, and whether trying again later may help
 * (by default when the status says the receiver is unavailable or overloaded).
 */
export function refuse(res: ServerResponse, status: number, code: string, message: string, retryable = status >= 500 || status === 429): void {
  answer(res, status, errorAnswer(code, message, retryable));
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

/** 413 in the protocol's error form. */
export function answerTooLarge(res: ServerResponse, maxBytes: number): void {
  refuse(res, 413, 'BODY_TOO_LARGE', `the request body is larger than ${maxBytes} bytes`);
}

/** The caller of a peer route, or undefined after answering why not (POST only, a token the trust list backs). */
export async function peerCaller(req: IncomingMessage, res: ServerResponse, authenticator: Authenticator | undefined, path: string): Promise<Principal | undefined> {
  if (req.method !== 'POST') return void answer(res, 405, errorAnswer('BAD_USER_INPUT', `POST to ${path}`), { allow: 'POST' });
  if (!authenticator) return void refuse(res, 503, 'NOT_READY', 'the gateway is starting; try again shortly');
  try {
    return await authenticator.authenticate(req.headers.authorization);
  } catch (error) {
    if (error instanceof AuthError) return void refuse(res, 401, error.code, error.message);
    throw error;
  }
}
