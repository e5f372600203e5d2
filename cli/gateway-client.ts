/**
 * The `nrx` commands that act on a running gateway call its GraphQL API, as any client does, with a
 * token given on the command line or in NRX_TOKEN.
 */
import type { ReloadOutcome } from '../gateway/auth/trust-list-reloader.ts';
import { NrxError } from '../lib/errors.ts';

async function callGateway<T>(base: string, token: string | undefined, query: string): Promise<T> {
  if (!token) throw new NrxError('GATEWAY_REQUEST_FAILED', 'no token: give --token or set NRX_TOKEN (mint one with `nrx token`)');
  let url: URL;
  try {
    url = new URL('/graphql', base);
  } catch {
    throw new NrxError('GATEWAY_REQUEST_FAILED', `${JSON.stringify(base)} is not a gateway URL`);
  }
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }), signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new NrxError('GATEWAY_REQUEST_FAILED', `cannot reach the gateway at ${url.origin}: ${(error as Error).message}`);
  }
  const body = (await response.json().catch(() => undefined)) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> } | undefined;
  const refusal = body?.errors?.[0];
  if (refusal) throw new NrxError('GATEWAY_REQUEST_FAILED', `the gateway refused: ${refusal.extensions?.code ?? 'ERROR'}: ${refusal.message}`);
  if (!body?.data) throw new NrxError('GATEWAY_REQUEST_FAILED', `the gateway answered HTTP ${response.status} without data`);
  return body.data;
}

export async function reloadTrustListOf(base: string, token: string | undefined): Promise<ReloadOutcome> {
  const data = await callGateway<{ reloadTrustList: ReloadOutcome }>(base, token, 'mutation { reloadTrustList { outcome sequence offeredSequence code reason added removed suspended } }');
  return data.reloadTrustList;
}
