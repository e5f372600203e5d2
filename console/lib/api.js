// @ts-check
/**
 * Every page's data comes through the gateway's GraphQL API with the session's token, exactly as
 * any other client's does; a refused token ends the session.
 */
import { currentSession, signOut, touch } from './session.js';

/**
 * @typedef {{ path: string, reason?: string, release?: unknown }} Withheld
 * @typedef {{ message: string, path?: ReadonlyArray<string | number>, extensions?: { code?: string, [key: string]: unknown } }} GraphqlError
 * @typedef {{ data: any, errors: GraphqlError[], withheld: Withheld[] }} GraphqlResult
 */

export class ApiError extends Error {
  /** @param {GraphqlError[]} errors */
  constructor(errors) {
    super(errors.map((e) => e.message).join('; '));
    this.errors = errors;
  }
}

/**
 * Runs one operation; GraphQL errors come back in the result (a page may show partial data).
 * @param {string} query
 * @param {Record<string, unknown>} [variables]
 * @returns {Promise<GraphqlResult>}
 */
export async function graphql(query, variables = {}) {
  const session = currentSession();
  if (!session) throw new ApiError([{ message: 'not signed in' }]);
  touch();
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', authorization: `Bearer ${session.token}` },
    body: JSON.stringify({ query, variables }),
  });
  if (response.status === 401) {
    signOut('refused');
    throw new ApiError([{ message: 'the session ended; sign in again' }]);
  }
  const body = await response.json();
  return { data: body.data ?? null, errors: body.errors ?? [], withheld: body.extensions?.nrx?.withheld ?? [] };
}

/**
 * Like graphql, but any error fails the whole call, with every error's message: for writes, and for
 * reads that have nothing to show in part.
 * @param {string} query
 * @param {Record<string, unknown>} [variables]
 */
export async function mutate(query, variables = {}) {
  const result = await graphql(query, variables);
  if (result.errors.length) throw new ApiError(result.errors);
  return result.data;
}

/**
 * Validates a document with the gateway's validator (POST /validate), for inline messages.
 * @param {unknown} document
 * @param {string} kind
 * @returns {Promise<{ valid: boolean, issues: Array<{ pointer?: string, path?: string, message: string }> }>}
 */
export async function validateDocument(document, kind) {
  const response = await fetch(`/validate?kind=${encodeURIComponent(kind)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(document) });
  return response.json();
}
