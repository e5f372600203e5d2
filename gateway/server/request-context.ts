/**
 * Per-request state, reachable from anywhere the request's work runs (resolvers, the policy hook,
 * store transactions) without threading it through every signature. Field-level policy records
 * each disclosure decision here; the audit trail writes them before the response leaves.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { operationHash } from '../audit/hash.ts';
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
  /** The GraphQL document and operation name as received; the audit trail hashes them when it records the request. */
  operation?: { document: string; name: string | null };
  /** Called once the request will append nothing more to the audit trail (see AuditBatcher.enter). */
  leaveAudit?: () => void;
  /** The AuthError code of a refused request, for the request log line and the audit trail. */
  refusal?: string;
  /**
   * Field decisions taken while answering this request, in order; present only when something
   * records them (the audit trail), so that without one no decision is written down for nothing.
   */
  disclosures?: DisclosureRecord[];
}

const storage = new AsyncLocalStorage<RequestState>();

// Request ids: a random prefix per process and a counter, unique across restarts and processes
// sharing a log, without drawing random bytes for every request.
const idPrefix = randomBytes(6).toString('hex');
let idCounter = 0;

export function newRequestState(): RequestState {
  return { requestId: `${idPrefix}-${(++idCounter).toString(36)}` };
}

/** Runs `work` with `state` as the current request. */
export function withRequest<T>(state: RequestState, work: () => T): T {
  return storage.run(state, work);
}

/** The request being served, when called from within one. */
export function currentRequest(): RequestState | undefined {
  return storage.getStore();
}

/**
 * Operation hashes by operation name and document: a client repeats the same few operations.
 * Bounded in count and in the length of a remembered document, so the memory it holds stays small.
 */
function operationHashes(capacity = 1000, longestDocument = 16_384) {
  const byName = new Map<string | null, Map<string, string>>();
  let size = 0;
  return (query: string, operationName: string | null): string => {
    if (query.length > longestDocument) return operationHash(query, operationName);
    let byQuery = byName.get(operationName);
    const known = byQuery?.get(query);
    if (known) return known;
    if (size >= capacity) {
      byName.clear();
      size = 0;
      byQuery = undefined;
    }
    if (!byQuery) byName.set(operationName, (byQuery = new Map()));
    const hash = operationHash(query, operationName);
    byQuery.set(query, hash);
    size++;
    return hash;
  };
}
const hashOf = operationHashes();

/** SHA-256 of the request's GraphQL document and operation name (see operationHash), or undefined before one was read. */
export function requestOperationHash(state: RequestState): string | undefined {
  return state.operation ? hashOf(state.operation.document, state.operation.name) : undefined;
}
