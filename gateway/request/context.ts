/**
 * Everything about one request in one typed object: who asked, what they asked, and what answering
 * it decided (field decisions for the audit trail, withheld and transformed paths and connector
 * problems for the response). Made once where the request enters (gateway/server/http.ts), it is
 * the GraphQL context, and passed from there as an argument: no part of a request lives in a side
 * table or in ambient storage.
 */
import { randomBytes } from 'node:crypto';
import { userPseudonym, type DisclosureRecord } from '../audit/disclosures.ts';
import { operationHash } from '../audit/hash.ts';
import type { Principal } from '../auth/types.ts';
import type { ConsentMemo } from '../policy/views.ts';
import type { ReasonCode, ReleaseCondition } from '../policy/types.ts';
import type { AuditActor } from '../store/index.ts';

/** A reason a response gives for a withheld field: the engine's, or the guard's own (a value reached a field outside any view). */
export type WithheldReason = ReasonCode | 'NOT_GUARDED';

export interface WithheldPath {
  path: (string | number)[];
  reason: WithheldReason;
  /** What would release it (the field group, clause or consent provision needed). */
  release?: ReleaseCondition;
}

/** A transformed value whose form does not fit the field's GraphQL type: served here, the field is null. */
export interface TransformedPath {
  path: (string | number)[];
  transform: string;
  value: unknown;
}

/** Why part of a case view is missing: a connector failed, timed out or is held off by its circuit breaker. */
export interface ConnectorErrorReport {
  connector: string;
  code: string;
  message: string;
}

/** A request refused as a bulk request (gateway/server/bulk-requests.ts): what it asked for, never whom. */
export interface BulkRefusal {
  /** The query field that asked. */
  field: string;
  /** How many subjects it named, when it named them. */
  subjects?: number;
  /** The document fields it selected by, when it selected by attribute. */
  attributes?: string[];
}

export interface RequestContext {
  readonly requestId: string;
  /** Who asked: set once, by authentication, before anything about the schema is read. */
  principal: Principal | undefined;
  /** The GraphQL document and operation name as received; the audit trail hashes them when it records the request. */
  operation: { document: string; name: string | null } | undefined;
  /** The AuthError code of a refused request, for the request log line and the audit trail. */
  refusal: string | undefined;
  /**
   * Field decisions taken while answering, in order; present only when something records them
   * (the audit trail), so that without one no decision is written down for nothing.
   */
  disclosures: DisclosureRecord[] | undefined;
  /** Fields left out of the response, with the reason (`extensions.nrx.withheld`). */
  withheld: WithheldPath[] | undefined;
  /** Transformed values served beside the data (`extensions.nrx.transformed`). */
  transformed: TransformedPath[] | undefined;
  /** Connector problems met, one per connector and code (`extensions.nrx.connectorErrors`). */
  connectorErrors: Map<string, ConnectorErrorReport> | undefined;
  /** Her consent records as loaded for this request, by subject: every decision of the request reads the same ones. */
  consents: ConsentMemo | undefined;
  /** Set when the request was refused as a bulk request; the audit trail records it as one entry. */
  bulk: BulkRefusal | undefined;
}

/** A request whose caller is known: what resolvers and operations act for. Authentication runs before any resolver. */
export interface AuthenticatedRequest extends RequestContext {
  principal: Principal;
}

// Request ids: a random prefix per process and a counter, unique across restarts and processes
// sharing a log, without drawing random bytes for every request.
const idPrefix = randomBytes(6).toString('hex');
let idCounter = 0;

export function createRequestContext(): RequestContext {
  return {
    requestId: `${idPrefix}-${(++idCounter).toString(36)}`,
    principal: undefined,
    operation: undefined,
    refusal: undefined,
    disclosures: undefined,
    withheld: undefined,
    transformed: undefined,
    connectorErrors: undefined,
    consents: undefined,
    bulk: undefined,
  };
}

/** A request made by the gateway itself on behalf of `principal` (seeding, benchmarks), outside HTTP. */
export function requestFor(principal: Principal): AuthenticatedRequest {
  const request = createRequestContext();
  request.principal = principal;
  return request as AuthenticatedRequest;
}

export function noteWithheld(request: RequestContext, path: (string | number)[], reason: WithheldReason, release?: ReleaseCondition): void {
  (request.withheld ??= []).push({ path, reason, ...(release ? { release } : {}) });
}

export function noteTransformed(request: RequestContext, transformed: TransformedPath): void {
  (request.transformed ??= []).push(transformed);
}

/** Records connector problems; only the connector, the code and its message (which never quotes a record). */
export function noteConnectorErrors(request: RequestContext, errors: readonly ConnectorErrorReport[]): void {
  if (errors.length === 0) return;
  const seen = (request.connectorErrors ??= new Map());
  for (const e of errors) {
    const key = `${e.connector}\u0000${e.code}`;
    if (!seen.has(key)) seen.set(key, { connector: e.connector, code: e.code, message: e.message });
  }
}

/** Her consent records loaded for this request (see ConsentMemo). */
export function consentMemo(request: RequestContext): ConsentMemo {
  return (request.consents ??= new Map());
}

/** What the response reports under `extensions.nrx`: withheld paths, misfit transforms, connector problems. */
export function responseExtensions(request: RequestContext): Record<string, unknown> | undefined {
  const { withheld, transformed, connectorErrors } = request;
  if (!withheld && !transformed && !connectorErrors?.size) return undefined;
  return {
    ...(withheld ? { withheld } : {}),
    ...(transformed ? { transformed } : {}),
    ...(connectorErrors?.size ? { connectorErrors: [...connectorErrors.values()] } : {}),
  };
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
export function requestOperationHash(request: RequestContext): string | undefined {
  return request.operation ? hashOf(request.operation.document, request.operation.name) : undefined;
}

/** Who the audit trail names for a write made for this request (the store is told, Store.for). */
export function auditActorOf(request: RequestContext): AuditActor {
  const principal = request.principal;
  const operationHash = requestOperationHash(request);
  return {
    ...(principal ? { requester: principal.member.id, user: userPseudonym(principal) } : {}),
    ...(operationHash ? { operationHash } : {}),
  };
}
