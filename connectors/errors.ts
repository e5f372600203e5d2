import { NrxError } from '../lib/errors.ts';

/**
 * Why a connector could not answer, in a form the gateway can pass on unchanged as a GraphQL
 * error's `extensions`: which connector, a stable code, and, for a bad record, which record
 * and which field. Messages never carry the personal data of the record itself.
 */
export type ConnectorErrorCode =
  | 'CONFIG_INVALID'
  | 'MAPPING_INVALID'
  | 'UNREACHABLE'
  | 'AUTH_FAILED'
  | 'TIMEOUT'
  | 'CIRCUIT_OPEN'
  | 'BAD_REQUEST'
  | 'NOT_SUPPORTED'
  | 'NOT_FOUND'
  | 'UNKNOWN_CODE'
  | 'MALFORMED_RECORD'
  | 'INVALID_RECORD'
  | 'SOURCE_ERROR'
  /** The configuration names where a record's case number is (record.caseNumber), and the record has none there: served without it. */
  | 'CASE_NUMBER_MISSING';

export interface ConnectorProblem {
  connector: string;
  code: ConnectorErrorCode;
  message: string;
  /** The local record (case number or key) the problem is in, when it is about one record. */
  record?: string;
  /** The NRX field (JSON Pointer) or local field the problem is in. */
  field?: string;
  /** The subject the request was for, when known. */
  subject?: string;
}

export class ConnectorError extends NrxError<ConnectorErrorCode> {
  readonly connector: string;
  readonly record?: string;
  readonly field?: string;
  readonly subject?: string;

  constructor(problem: ConnectorProblem, options?: { cause?: unknown }) {
    super(problem.code, `connector '${problem.connector}': ${problem.message}`, options);
    this.connector = problem.connector;
    if (problem.record !== undefined) this.record = problem.record;
    if (problem.field !== undefined) this.field = problem.field;
    if (problem.subject !== undefined) this.subject = problem.subject;
  }

  toProblem(): ConnectorProblem {
    return {
      connector: this.connector,
      code: this.code,
      message: this.message,
      ...(this.record !== undefined ? { record: this.record } : {}),
      ...(this.field !== undefined ? { field: this.field } : {}),
      ...(this.subject !== undefined ? { subject: this.subject } : {}),
    };
  }
}

/** Any thrown value as a problem attributed to `connector`; foreign errors become SOURCE_ERROR. */
export function toProblem(connector: string, error: unknown): ConnectorProblem {
  if (error instanceof ConnectorError) return error.toProblem();
  const message = error instanceof Error ? error.message : String(error);
  return { connector, code: 'SOURCE_ERROR', message: `connector '${connector}': ${message}` };
}
