import type { ConnectorProblem } from './errors.ts';
import type { IdentifierKind, ReferralDocument, StatusUpdateDocument } from './contract.ts';

/** A record as the agency's system holds it: a row, a spreadsheet line, a JSON object. */
export type LocalRecord = Record<string, unknown>;

/**
 * What each kind of agency system must provide; the mapping, validation and error reporting
 * around it are shared (mapped-connector.ts). Each method throws ConnectorError on failure.
 */
export interface Source {
  /** Case records whose identifier of `kind` is one of `values`, with related rows attached. */
  findCases(kind: IdentifierKind, values: string[]): Promise<LocalRecord[]>;
  /** The identifier kinds this source has a lookup for. */
  readonly lookups: ReadonlySet<IdentifierKind>;
  services?(): Promise<LocalRecord[]>;
  deliver?(referral: ReferralDocument): Promise<void>;
  /** The local row of a referral, or null when the system does not hold it. */
  status?(referralId: string): Promise<LocalRecord | null>;
  pushStatus?(update: StatusUpdateDocument): Promise<void>;
  /** Resolves when the system answers; throws ConnectorError otherwise. */
  ping(): Promise<void>;
  /**
   * Problems found while reading the system that no single lookup caused (a CSV line that
   * does not parse): reported with every lookup, since the broken line may be the one asked for.
   */
  readProblems?(): ConnectorProblem[];
  close(): Promise<void>;
}
