/** A whole response in one write, its length declared (what the routes outside GraphQL answer with). */
import type { ServerResponse } from 'node:http';

export function sendBytes(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { 'content-type': type, 'content-length': String(bytes.length), ...headers });
  res.end(bytes);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendBytes(res, status, 'application/json; charset=utf-8', JSON.stringify(body), headers);
}
