import type { GraphQLError } from 'graphql';
// Made through the server's own factory so that the server recognises them as GraphQL errors
// (and does not mask them) even when two copies of graphql are loaded.
import { createGraphQLError, maskError as yogaMaskError } from 'graphql-yoga';
import { isNrxError, type NrxError } from '../../lib/errors.ts';
import type { ErrorCode, GraphqlCode } from '../../lib/error-codes.ts';

/**
 * The one place where errors become GraphQL errors: `extensions.code` (and the HTTP status) come
 * from the registry of codes, lib/error-codes.ts.
 */

/** The codes a resolver refuses a request with, in `extensions.code`. */
export type GatewayErrorCode = Extract<ErrorCode, 'NOT_FOUND' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'SPEC_VALIDATION' | 'CONFLICT' | 'LIMIT_EXCEEDED' | 'UNKNOWN_CODE'>;

export function gatewayError(code: GatewayErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return createGraphQLError(message, { extensions: { code, ...extensions } });
}

/** Codes whose message may say more than a caller should learn: the client sees only that it failed. */
const MASKED: ReadonlySet<GraphqlCode> = new Set(['INTERNAL_SERVER_ERROR']);

/**
 * An NrxError as the client sees it: the registry's GraphQL code, the NRX code under `reason` when
 * the two differ (a DUPLICATE is a CONFLICT), and its HTTP status when the registry gives one.
 * Undefined when the code is one whose message is masked.
 */
export function graphqlErrorOf(error: NrxError, extensions: Record<string, unknown> = {}): GraphQLError | undefined {
  const { graphql, http } = error.info;
  if (MASKED.has(graphql)) return undefined;
  return createGraphQLError(error.message, {
    extensions: {
      code: graphql,
      ...(graphql !== error.code ? { reason: error.code } : {}),
      ...(http ? { http: { status: http, ...(http === 401 ? { headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } } : {}) } } : {}),
      ...extensions,
    },
    originalError: error,
  });
}

/**
 * Yoga's `maskedErrors.maskError`: an NrxError a resolver or plugin throws reaches the client with
 * its registry code; anything else is masked as yoga masks it (a defect says nothing to the caller).
 */
export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  // By shape, not by class: the server and the schema may hold two copies of graphql's GraphQLError.
  const wrapped = isGraphQLError(error) ? error : undefined;
  const original = wrapped ? wrapped.originalError : error;
  if (isNrxError(original)) {
    const shown = graphqlErrorOf(original);
    if (shown && wrapped) {
      const { nodes, path } = wrapped;
      return createGraphQLError(shown.message, { ...(nodes ? { nodes } : {}), ...(path ? { path } : {}), extensions: shown.extensions, originalError: original });
    }
    if (shown) return shown;
  }
  return yogaMaskError(error, message, isDev);
}

function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof Error && 'originalError' in error && 'extensions' in error;
}
