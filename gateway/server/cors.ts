/**
 * Cross-origin requests from browsers: refused unless the configuration lists the page's origin.
 * A listed origin is echoed (with `Vary: Origin`), credentials only when allowed and never with the
 * wildcard, so that no page elsewhere can call the gateway with a member's cookies or tokens.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayConfig } from '../config/types.ts';
import { sendJson } from './send.ts';

const ALLOWED_HEADERS = 'authorization, content-type, accept';
const ALLOWED_METHODS = 'GET, POST, OPTIONS';

/**
 * Sets the CORS headers of one request's response; answers a preflight itself and returns true
 * then. With no origin listed it only answers preflights, with 403.
 */
export type CorsHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export function corsHandler(config: GatewayConfig['cors']): CorsHandler {
  const origins = new Set(config?.allowOrigins ?? []);
  const any = origins.has('*');
  const credentials = Boolean(config?.allowCredentials) && !any;
  return (req, res) => {
    const origin = req.headers.origin;
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    if (origin === undefined) return false;
    const allowed = any || origins.has(origin);
    if (origins.size > 0 && !any) res.setHeader('vary', 'Origin');
    if (allowed) {
      res.setHeader('access-control-allow-origin', any ? '*' : origin);
      if (credentials) res.setHeader('access-control-allow-credentials', 'true');
    }
    if (!preflight) return false;
    if (!allowed) {
      sendJson(res, 403, { error: `cross-origin requests from ${origin.slice(0, 200)} are not allowed`, code: 'CORS_ORIGIN_REFUSED' });
      return true;
    }
    res.writeHead(204, {
      'access-control-allow-methods': ALLOWED_METHODS,
      'access-control-allow-headers': ALLOWED_HEADERS,
      'access-control-max-age': '600',
      'content-length': '0',
    });
    res.end();
    return true;
  };
}
