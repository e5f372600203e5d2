/**
 * The one HTTP client for every call to a peer gateway: the transport rule, the gateway token, a
 * timeout, a limit on the answer's size and its JSON parse. Every failure is a PeerError whose code
 * says what happened (PEER_UNREACHABLE, PEER_TIMEOUT, PEER_BAD_ANSWER, PEER_REFUSED) and whether
 * trying again later can help, so callers (the outbox, peer queries) decide without reading messages.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { PeerIdentity } from './peer-identity.ts';
import { transportAllowed, type Peer } from './peers.ts';
import { NrxError } from '../../lib/errors.ts';

export type PeerErrorCode = 'PEER_UNREACHABLE' | 'PEER_TIMEOUT' | 'PEER_BAD_ANSWER' | 'PEER_REFUSED' | 'PEER_INSECURE_TRANSPORT';

export class PeerError extends NrxError<PeerErrorCode> {
  /** Whether the same call may succeed later (a peer down or overloaded), or needs a fix first. */
  readonly retryable: boolean;
  /** The HTTP status the peer answered with, when it answered. */
  readonly status: number | undefined;
  /** The peer's own error code (its error answer's `code`), when it sent one. */
  readonly peerCode: string | undefined;
  constructor(code: PeerErrorCode, message: string, details: { retryable: boolean; status?: number; peerCode?: string; cause?: unknown }) {
    super(code, message, details.cause === undefined ? {} : { cause: details.cause });
    this.retryable = details.retryable;
    this.status = details.status;
    this.peerCode = details.peerCode;
  }
}

export interface PeerRequest {
  method: 'GET' | 'POST';
  /** The path under the peer's base URL, starting with '/' (for example /peer/v1/referrals). */
  path: string;
  /** The purpose the gateway token names (a code of the purpose codelist). */
  purpose: string;
  /** A JSON value, or text sent as it is (a signed message must arrive byte for byte). */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface PeerAnswer<T = unknown> {
  status: number;
  body: T;
  /** The bytes that arrived, for digests over exactly what was received. */
  bytes: Uint8Array;
}

export interface PeerClient {
  /** Calls a peer; resolves with a 2xx answer's parsed JSON, throws PeerError for anything else. */
  call<T = unknown>(peer: Peer, request: PeerRequest): Promise<PeerAnswer<T>>;
}

export interface PeerClientOptions {
  identity: PeerIdentity;
  allowDevelopmentTransport: boolean;
  /** federation.timeoutMs: for the whole call, the answer's body included. */
  timeoutMs: number;
  /** federation.maxResponseBytes. */
  maxResponseBytes: number;
}

/** Errors of the socket layer that mean nobody answered at that address. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

function causeCode(error: unknown): string | undefined {
  for (let e: any = error, depth = 0; e && depth < 4; e = e.cause, depth++) if (typeof e.code === 'string') return e.code;
  return undefined;
}

interface Agents {
  http: HttpAgent;
  https: HttpsAgent;
}

/** Sends one request; resolves with the answer's head once it arrives (its body is read by the caller). */
function send(agents: Agents, url: URL, method: string, headers: Record<string, string>, body: string | undefined, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = url.protocol === 'https:'
      ? httpsRequest(url, { method, headers, signal, agent: agents.https }, resolve)
      : httpRequest(url, { method, headers, signal, agent: agents.http }, resolve);
    request.on('error', reject);
    request.end(body);
  });
}

/** Reads at most `max` bytes of a body; undefined when it is larger (the rest is not read). */
async function readLimited(response: IncomingMessage, max: number): Promise<Uint8Array | undefined> {
  const declared = Number(response.headers['content-length'] ?? NaN);
  if (declared > max) {
    response.destroy();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > max) {
      response.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The peer's error answer (spec/v1/peer-error.schema.json), when the body is one. */
function errorAnswer(body: unknown): { code: string; message: string; retryable?: boolean } | undefined {
  const value = body as { kind?: unknown; code?: unknown; message?: unknown; retryable?: unknown } | null;
  if (!value || typeof value !== 'object' || value.kind !== 'peer-error' || typeof value.code !== 'string') return undefined;
  return { code: value.code.slice(0, 64), message: typeof value.message === 'string' ? value.message.slice(0, 300) : '', ...(typeof value.retryable === 'boolean' ? { retryable: value.retryable } : {}) };
}

export function createPeerClient(options: PeerClientOptions): PeerClient {
  // Connections to peers are kept open and reused by every call of this client: a case view or a
  // delivery then costs a request on an open connection, not a new TCP and TLS handshake.
  const agents: Agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  return {
    async call<T>(peer: Peer, request: PeerRequest): Promise<PeerAnswer<T>> {
      const where = `${request.method} ${peer.baseUrl}${request.path}`;
      if (!transportAllowed(peer.baseUrl, options.allowDevelopmentTransport)) {
        throw new PeerError('PEER_INSECURE_TRANSPORT', `${where}: plain http:// is used only for a loopback host with federation.allowDevelopmentTransport`, { retryable: false });
      }
      const token = await options.identity.tokenFor(peer, request.purpose);
      const body = request.body === undefined ? undefined : typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
      const signal = AbortSignal.timeout(options.timeoutMs);
      let status: number;
      let bytes: Uint8Array | undefined;
      try {
        const headers = { accept: 'application/json', authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }), ...request.headers };
        const response = await send(agents, new URL(`${peer.baseUrl}${request.path}`), request.method, headers, body, signal);
        status = response.statusCode ?? 0;
        bytes = await readLimited(response, options.maxResponseBytes);
      } catch (error) {
        if (signal.aborted) throw new PeerError('PEER_TIMEOUT', `${where}: no answer within ${options.timeoutMs} ms`, { retryable: true, cause: error });
        const code = causeCode(error);
        if (code && !UNREACHABLE.has(code) && !code.startsWith('UND_ERR')) {
          throw new PeerError('PEER_BAD_ANSWER', `${where}: the connection failed (${code})`, { retryable: true, cause: error });
        }
        throw new PeerError('PEER_UNREACHABLE', `${where}: cannot connect${code ? ` (${code})` : ''}`, { retryable: true, cause: error });
      }
      if (bytes === undefined) throw new PeerError('PEER_BAD_ANSWER', `${where}: the answer is larger than ${options.maxResponseBytes} bytes`, { retryable: true, status });
      let parsed: unknown;
      try {
        parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
      } catch {
        throw new PeerError('PEER_BAD_ANSWER', `${where}: the answer (HTTP ${status}) is not JSON`, { retryable: true, status });
      }
      if (status >= 200 && status < 300) return { status, body: parsed as T, bytes };
      const refusal = errorAnswer(parsed);
      if (!refusal) throw new PeerError('PEER_BAD_ANSWER', `${where}: HTTP ${status} without a protocol error answer`, { retryable: true, status });
      // 5xx and 429 say "not now"; a 4xx refusal stands until its cause is fixed, unless the peer says otherwise.
      const retryable = refusal.retryable ?? (status >= 500 || status === 429);
      throw new PeerError('PEER_REFUSED', `${where}: refused with ${refusal.code}${refusal.message ? `: ${refusal.message}` : ''}`, { retryable, status, peerCode: refusal.code });
    },
  };
}
