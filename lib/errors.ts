/**
 * The one error base of the project. Every error NRX raises on purpose is an NrxError (or a
 * subclass) with a stable, documented `code`; callers branch on the code, never on the message
 * or the class name. The CLI's exit codes and the GraphQL error codes are mapped from the code
 * in one place each, so a new error needs only a code here.
 */
export class NrxError<Code extends string = string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }

  override get name(): string {
    return this.constructor.name;
  }
}

export function isNrxError(error: unknown): error is NrxError {
  return error instanceof NrxError;
}
