/**
 * POST /audit/export: the audit trail and consent records as FHIR R4 (a Bundle, or NDJSON for bulk
 * loading), for the data-protection officer's token, as `nrx audit export` writes them. The filter
 * (subject, period, field group) travels in the JSON body, never in the URL: her reference is
 * personal data and URLs reach logs and browser history.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bundle, ndjson } from '../export/fhir.ts';
import { exportedResources, type ExportFilter } from '../export/select.ts';
import { AuthError, type Authenticator } from '../auth/types.ts';
import type { Queryable } from '../store/db.ts';
import { readBody } from './request-body.ts';
import { sendJson } from './send.ts';

export interface AuditExportOptions {
  authenticator: Authenticator;
  /** The audit trail as its readers see it (the appender's `reads`). */
  db: Queryable;
  gatewayId: string;
  /** Hears a refused token, so the edge's limit on refused tokens counts it too. */
  onRefused?: (req: IncomingMessage) => void;
}

export type AuditExportRoute = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** A filter is a few short strings: anything longer is not one. */
const MAX_BODY_BYTES = 4096;
const DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/;

function fail(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] }, { 'cache-control': 'no-store', ...headers });
}


/** The request's filter and format, or the words that say what is wrong with it. */
function parseRequest(text: string): { format: 'fhir' | 'ndjson'; filter: ExportFilter } | string {
  let body: Record<string, unknown>;
  try {
    body = text.trim() ? JSON.parse(text) : {};
  } catch {
    return 'the body is not JSON';
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'the body must be a JSON object';
  const format = body.format ?? 'ndjson';
  if (format !== 'fhir' && format !== 'ndjson') return 'format must be fhir or ndjson';
  const filter: ExportFilter = {};
  for (const key of ['subject', 'from', 'to', 'fieldGroup'] as const) {
    const value = body[key];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string' || value.length > 200) return `${key} must be a short string`;
    if ((key === 'from' || key === 'to') && !DATE.test(value)) return `${key} must be an RFC 3339 date (2026-01-31) or date-time (2026-01-31T08:00:00Z)`;
    filter[key] = value;
  }
  return { format, filter };
}

export function auditExportRoute(options: AuditExportOptions): AuditExportRoute {
  return async (req, res) => {
    if (req.method !== 'POST') return fail(res, 405, 'BAD_USER_INPUT', 'POST a JSON filter to /audit/export', { allow: 'POST' });
    let principal;
    try {
      principal = await options.authenticator.authenticate(req.headers.authorization);
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      options.onRefused?.(req);
      return fail(res, 401, error.code, error.message, { 'www-authenticate': 'Bearer' });
    }
    if (principal.role !== 'dpo' || principal.member.id !== options.gatewayId) {
      return fail(res, 403, 'FORBIDDEN', `only the data-protection officer (role dpo) of ${options.gatewayId} may export the audit trail`);
    }
    const text = (await readBody(req, MAX_BODY_BYTES))?.toString('utf8');
    if (text === undefined) return fail(res, 413, 'BODY_TOO_LARGE', `the filter is larger than ${MAX_BODY_BYTES} bytes`, { connection: 'close' });
    const request = parseRequest(text);
    if (typeof request === 'string') return fail(res, 400, 'BAD_USER_INPUT', request);
    const resources = await exportedResources(options.db, request.filter, options.gatewayId);
    const day = new Date().toISOString().slice(0, 10);
    const [type, extension, body] = request.format === 'ndjson'
      ? ['application/fhir+ndjson', 'ndjson', [...ndjson(resources)].join('')]
      : ['application/fhir+json', 'json', `${JSON.stringify(bundle(resources), null, 2)}\n`];
    const bytes = Buffer.from(body);
    res.writeHead(200, {
      'content-type': `${type}; charset=utf-8`,
      'content-length': String(bytes.length),
      'content-disposition': `attachment; filename="nrx-audit-${day}.${extension}"`,
      'cache-control': 'no-store',
    });
    res.end(bytes);
  };
}
