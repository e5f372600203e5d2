import type { GraphQLError } from 'graphql';
// Made through the server's own factory so that the server recognises them as GraphQL errors
// (and does not mask them) even when two copies of graphql are loaded.
import { createGraphQLError } from 'graphql-yoga';

/** Stable codes clients can branch on, in `extensions.code`. */
export type GatewayErrorCode =
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'SPEC_VALIDATION'
  | 'CONFLICT'
  | 'LIMIT_EXCEEDED'
  /** A value that is not one of the codes its codelist scalar allows (code-scalars.ts). */
  | 'UNKNOWN_CODE';

export function gatewayError(code: GatewayErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return createGraphQLError(message, { extensions: { code, ...extensions } });
}
