/**
 * GET /stats/table.json and /stats/table.csv: a statistics table as a download, for a Bearer token
 * whose purpose is statistics (a person's token, or a peer gateway's service token asking for its
 * part of a federated table). The question is the query string: measure, dimensions (a comma list),
 * from, to, and federated=true. Refusals answer the peer protocol's error shape, so a peer asking
 * reads them as PEER_REFUSED with the code.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from '../auth/types.ts';
import { AuthError } from '../auth/types.ts';
import { questionFromQuery, tableCsv, type StatisticsService } from '../statistics/index.ts';
import type { RequestContext } from '../request/context.ts';
import { isNrxError } from '../../lib/errors.ts';
import { sendBytes } from './send.ts';

export interface StatisticsRoute {
  service: StatisticsService;
  authenticator: Authenticator;
}

export const STATISTICS_PATHS = new Set(['/stats/table.json', '/stats/table.csv']);

/** The HTTP status of a refused statistics question. */
function statusOf(code: string): number {
  if (code === 'STATISTICS_PURPOSE_REQUIRED') return 403;
  if (code === 'STATISTICS_QUESTION_INVALID' || code === 'STATISTICS_TABLE_TOO_LARGE') return 400;
  return 500;
}

const send = (res: ServerResponse, status: number, type: string, text: string, headers: Record<string, string> = {}) =>
  sendBytes(res, status, type, text, { 'cache-control': 'no-store', ...headers });

const refusal = (code: string, message: string) => JSON.stringify({ kind: 'peer-error', code, message });

export async function sendStatistics(req: IncomingMessage, res: ServerResponse, url: URL, request: RequestContext, route: StatisticsRoute | undefined): Promise<void> {
  if (!route) return send(res, 503, 'application/json', refusal('NOT_READY', 'the gateway is starting; try again shortly'), { 'retry-after': '1' });
  try {
    const principal = await route.authenticator.authenticate(req.headers.authorization);
    request.principal = principal;
    const question = questionFromQuery(url.searchParams);
    const table = await route.service.table(principal, question, { federated: url.searchParams.get('federated') === 'true' });
    if (url.pathname.endsWith('.csv')) {
      return send(res, 200, 'text/csv; charset=utf-8', tableCsv(table), { 'content-disposition': `attachment; filename="nrx-${table.measure}.csv"` });
    }
    return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(table));
  } catch (error) {
    if (error instanceof AuthError) {
      request.refusal = error.code;
      return send(res, 401, 'application/json', refusal(error.code, error.message), { 'www-authenticate': 'Bearer error="invalid_token"' });
    }
    if (!isNrxError(error) || statusOf(error.code) === 500) throw error;
    request.refusal = error.code;
    return send(res, statusOf(error.code), 'application/json', refusal(error.code, error.message));
  }
}
