import { sizeIssue } from './input.ts';
import type { ValidateOptions, ValidationResult, Validator } from './types.ts';

export interface NdjsonRecordResult extends ValidationResult {
  /** 1-based line number of the record in the input. */
  line: number;
}

export interface NdjsonSummary {
  /** Non-blank lines, each one record. */
  records: number;
  valid: number;
  invalid: number;
  /** Empty or whitespace-only lines, skipped. */
  blankLines: number;
  bytes: number;
}

export interface NdjsonOptions extends ValidateOptions {
  /**
   * Called for every record, valid or not, in input order. A returned promise is awaited
   * before more input is read, so a slow consumer slows the reader instead of piling up results.
   */
  onRecord?: (result: NdjsonRecordResult) => void | Promise<void>;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Validates newline-delimited JSON, one document per line, from any byte stream (a Node
 * Readable is one). Memory stays flat however long the input: at most one line is held, and a
 * line over the validator's size limit is counted and skipped rather than buffered. Lines are
 * split on bytes, not through readline, so that each line's UTF-8 can be checked as it arrived
 * and an oversized line never has to be held whole.
 */
export async function validateNdjson(
  input: AsyncIterable<Uint8Array | string>,
  validator: Validator,
  options: NdjsonOptions = {},
): Promise<NdjsonSummary> {
  const summary: NdjsonSummary = { records: 0, valid: 0, invalid: 0, blankLines: 0, bytes: 0 };
  const validateOptions: ValidateOptions = options.kind ? { kind: options.kind } : {};
  const limit = validator.maxBytes;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 0;

  const finishLine = async (bytes: Buffer | undefined, size: number) => {
    line++;
    let result: ValidationResult;
    if (bytes === undefined) {
      result = { valid: false, issues: [{ ...sizeIssue(size, limit), line }] };
    } else {
      let end = bytes.length;
      if (end > 0 && bytes[end - 1] === CARRIAGE_RETURN) end--;
      if (isBlank(bytes, end)) {
        summary.blankLines++;
        return;
      }
      result = validator.validateBytes(bytes.subarray(0, end), validateOptions);
      // A record is a single line, so the position inside it is a column on this line.
      for (const issue of result.issues) issue.line = line;
    }
    summary.records++;
    if (result.valid) summary.valid++;
    else summary.invalid++;
    if (options.onRecord) {
      const record = result as NdjsonRecordResult;
      record.line = line;
      const waiting = options.onRecord(record);
      if (waiting) await waiting;
    }
  };

  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    summary.bytes += buffer.length;
    let start = 0;
    for (let newline = buffer.indexOf(NEWLINE, start); newline !== -1; newline = buffer.indexOf(NEWLINE, start)) {
      const size = pendingBytes + (newline - start);
      if (size > limit) await finishLine(undefined, size);
      else if (pending.length === 0) await finishLine(buffer.subarray(start, newline), size);
      else await finishLine(Buffer.concat([...pending, buffer.subarray(start, newline)]), size);
      pending = [];
      pendingBytes = 0;
      start = newline + 1;
    }
    if (start < buffer.length) {
      const rest = buffer.length - start;
      // Past the limit only the count is kept: the line will be reported as too large.
      if (pendingBytes + rest <= limit) pending.push(Buffer.from(buffer.subarray(start)));
      else pending = [];
      pendingBytes += rest;
    }
  }
  if (pendingBytes > 0) {
    if (pendingBytes > limit) await finishLine(undefined, pendingBytes);
    else await finishLine(Buffer.concat(pending), pendingBytes);
  }
  return summary;
}

function isBlank(bytes: Buffer, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x09 && b !== CARRIAGE_RETURN) return false;
  }
  return true;
}
