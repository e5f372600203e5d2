/**
 * The gateway's referral workflow behind the GraphQL API: who may see and do what, validation
 * against the spec, and the status updates that feed every change back to the sender. Every call
 * acts for one request (gateway/request/context.ts), given as its first argument.
 */
import type { TrustList } from '../auth/types.ts';
import type { Validator } from '../../lib/validator/index.ts';
import type { Spec } from '../../lib/spec/types.ts';
import type { GatewayOperations } from '../../schema/graphql/operations.ts';
import type { CaseGatherer } from '../../connectors/fanout.ts';
import type { DisclosureRecorder } from '../audit/disclosure-records.ts';
import type { ViewBuilder } from '../policy/views.ts';
import type { Store } from '../store/index.ts';
import { readOperations } from './read-operations.ts';
import { writeOperations } from './write-operations.ts';

export interface OperationsOptions {
  spec: Spec;
  store: Store;
  trustList: TrustList;
  validator: Validator;
  now?: () => Date;
  /** Field-level policy; without it every party reads every field of its records (enforcement off). */
  policy?: { views: ViewBuilder; recorder: DisclosureRecorder };
  /** Called after a consent record changes, so that a cache drops her records. */
  onConsentChange?: (subject: string) => void;
  /** The agencies' own systems: the fan-out over the connectors and the member each connector belongs to. */
  agencies?: { gatherer: CaseGatherer; memberOf: ReadonlyMap<string, string> };
}

export { INITIAL_STATUS } from './write-operations.ts';

export function createOperations(options: OperationsOptions): GatewayOperations {
  return { ...readOperations(options), ...writeOperations(options) };
}
