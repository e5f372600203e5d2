/**
 * Per-request state, reachable from anywhere the request's work runs (resolvers, the policy hook,
 * store transactions) without threading it through every signature. Field-level policy records
 * each disclosure decision here; the audit trail writes them before the response leaves.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Principal } from '../auth/types.ts';

/** One field decision about one record, as the audit trail keeps it: paths and bases, never values. */
export interface DisclosureRecord {
  /** The kind and id of the document the field belongs to. */
  document: { kind: string; id: string };
  /** The subject's pseudonym as this gateway stores it. */
  subject: string;
  /** The receiving member. */
  recipient: string;
  purpose: string;
  /** Concrete JSON Pointer of the field within the document (array indices included). */
  path: string;
  action: 'release' | 'transform' | 'withhold';
  transform?: string;
  /** What allowed it: `consent:<id>#<provision>`, `agreement:<id>@<version>#<clause>`, `legal-basis:<code>`. */
  basis?: string;
  /** Why it was withheld (a policy reason code). */
  reason?: string;
  /** True when a legal basis other than consent allowed it: flagged for the data-protection officer. */
  override?: boolean;
}

export interface RequestState {
  requestId: string;
  principal?: Principal;
  /** The GraphQL operation name, for the request log line. */
  operationName?: string;
  /** SHA-256 of the GraphQL document and operation name, for the audit trail. */
  operationHash?: string;
  /** The AuthError code of a refused request, for the request log line and the audit trail. */
  refusal?: string;
  /** Field decisions taken while answering this request, in order. */
  disclosures: DisclosureRecord[];
}

const storage = new AsyncLocalStorage<RequestState>();

export function newRequestState(): RequestState {
  return { requestId: randomUUID(), disclosures: [] };
}

/** Runs `work` with `state` as the current request. */
export function withRequest<T>(state: RequestState, work: () => T): T {
  return storage.run(state, work);
}

/** The request being served, when called from within one. */
export function currentRequest(): RequestState | undefined {
  return storage.getStore();
}
