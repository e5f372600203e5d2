import { GraphQLError } from 'graphql';

/** Stable codes clients can branch on, in `extensions.code`. */
export type GatewayErrorCode =
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'SPEC_VALIDATION'
  | 'CONFLICT'
  | 'LIMIT_EXCEEDED';

export function gatewayError(code: GatewayErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}
