/**
 * The one error base of the project. Every error NRX raises on purpose is an NrxError (or a
 * subclass) with a stable, documented `code`; callers branch on the code, never on the message
 * or the class name. The CLI's exit codes and the GraphQL error codes are mapped from the code
 * in one place each, from the registry of codes (lib/error-codes.ts): a new error needs only a
 * code there, and a code the registry lacks does not type-check.
 */
import { errorCodeInfo, type ErrorCode, type ErrorCodeInfo } from './error-codes.ts';

export class NrxError<Code extends ErrorCode = ErrorCode> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }

  override get name(): string {
    return this.constructor.name;
  }

  /** The registry's entry for this error's code. */
  get info(): ErrorCodeInfo {
    return errorCodeInfo(this.code);
  }
}

export function isNrxError(error: unknown): error is NrxError {
  return error instanceof NrxError;
}
