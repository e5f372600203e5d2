import type { ConnectorProblem } from './errors.ts';
import type { Referral, ReferralStatusUpdate, Service } from '../schema/generated/nrx.d.ts';

/**
 * The contract every connector fulfils, whatever the agency's own system is (a case database,
 * a spreadsheet, a REST service). Records leave a connector only as NRX objects that passed
 * the spec: a partial referral `sections` object per case, service documents, and referral
 * status update documents. A record that cannot be mapped or fails the spec is reported as a
 * problem and never served.
 */

export type ConnectorType = 'postgres' | 'mysql' | 'spreadsheet' | 'http' | 'memory';

export const operations = ['getCase', 'findCases', 'listServices', 'deliverReferral', 'readStatus', 'pushStatus'] as const;
export type Operation = (typeof operations)[number];

/**
 * The only ways to look a case up. Each is an exact identifier; there is deliberately no
 * name or free-text search (no fishing for a person across agencies).
 */
export const identifierKinds = ['subject', 'localCaseNumber'] as const;
export type IdentifierKind = (typeof identifierKinds)[number];

export interface CaseIdentifier {
  kind: IdentifierKind;
  value: string;
}

// The documents a connector serves and takes are the spec's, as generated from it
// (schema/generated/nrx.d.ts): a spec change a connector does not follow fails the type check.

/** Part of a referral's `sections` object (person, needs, dependants, ...), as the spec defines it. */
export type ReferralSections = Referral['sections'];

/** One local case of one subject, mapped to NRX. A subject may have several (a reopened case). */
export interface CaseRecord {
  connector: string;
  /** The subject reference (pseudonym) the case belongs to. */
  subject: string;
  /** The agency's own case number, when it has one; it identifies the record in problems. */
  localCaseNumber?: string;
  sections: ReferralSections;
}

/** Served records plus what could not be served; one bad record never hides the others. */
export interface CaseLookup {
  records: CaseRecord[];
  problems: ConnectorProblem[];
}

/** A service document (kind `service`) as the spec defines it. */
export type ServiceDocument = Service;

export interface ServiceLookup {
  services: ServiceDocument[];
  problems: ConnectorProblem[];
}

/** A referral document (kind `referral`). */
export type ReferralDocument = Referral;

/** A referral status update document (kind `referral-status-update`). */
export type StatusUpdateDocument = ReferralStatusUpdate;

export interface DeliveryReceipt {
  connector: string;
  referralId: string;
}

export interface Health {
  ok: boolean;
  latencyMs: number;
  message?: string;
}

export interface Connector {
  readonly name: string;
  readonly type: ConnectorType;
  /** The operations this connector is configured for; the others throw NOT_SUPPORTED. */
  readonly capabilities: ReadonlySet<Operation>;
  /** The identifier kinds findCases accepts for this connector. */
  readonly identifierKinds: ReadonlySet<IdentifierKind>;

  /** The cases of one subject. */
  getCase(reference: string): Promise<CaseLookup>;
  /** The cases of many subjects in one call to the agency's system (what the fan-out batches into). */
  getCases(references: string[]): Promise<CaseLookup>;
  /** Cases matching any of the identifiers; each kind must be one the configuration allows. */
  findCases(identifiers: CaseIdentifier[]): Promise<CaseLookup>;
  listServices(): Promise<ServiceLookup>;
  /** Hands a referral (validated against the spec first) to the agency's system. */
  deliverReferral(referral: ReferralDocument): Promise<DeliveryReceipt>;
  /** The current status of a referral the agency holds, or null when it does not hold it. */
  readStatus(referralId: string): Promise<StatusUpdateDocument | null>;
  /** Records a status update (validated against the spec first) in the agency's system. */
  pushStatus(update: StatusUpdateDocument): Promise<void>;
  health(): Promise<Health>;
  close(): Promise<void>;
}
