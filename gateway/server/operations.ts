/**
 * The gateway's referral workflow behind the GraphQL API: who may see and do what, validation
 * against the spec, and the status updates that feed every change back to the sender. Every call
 * acts for one request (gateway/request/context.ts), given as its first argument.
 */
import type { GatewayOperations } from '../../schema/graphql/operations.ts';
import type { OperationsOptions } from './operations-options.ts';
import { readOperations } from './read-operations.ts';
import { writeOperations } from './write-operations.ts';

export type { OperationsOptions } from './operations-options.ts';

export { INITIAL_STATUS } from './write-operations.ts';

export function createOperations(options: OperationsOptions): GatewayOperations {
  return { ...readOperations(options), ...writeOperations(options) };
}
