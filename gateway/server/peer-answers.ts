/**
 * What the peer routes of this gateway share (the checkpoint witnesses, the case queries): the
 * protocol's JSON answers and error answers, a bounded body, and the caller's token checked by the
 * gateway's ordinary authenticator against the trust list.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthError, type Authenticator, type Principal } from '../auth/types.ts';

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
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) return void refuse(res, 413, 'BODY_TOO_LARGE', `the request body is larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch {
    // Answered below, as any body that is not a JSON object.
  }
  return void refuse(res, 400, 'BAD_USER_INPUT', 'the request body must be a JSON object');
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
