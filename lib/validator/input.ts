import { isUtf8 } from 'node:buffer';
import type { ValidationIssue } from './types.ts';

/** A check on raw input that fails before any parsing: a one-line issue, or undefined when the input may be parsed. */
export function checkBytes(bytes: Uint8Array, maxBytes: number): ValidationIssue | undefined {
  if (bytes.length > maxBytes) return sizeIssue(bytes.length, maxBytes);
  if (bytes.indexOf(0) !== -1) return inputIssue('encoding', 'the input is binary (it contains NUL bytes), not JSON text');
  if (!isUtf8(bytes)) return inputIssue('encoding', 'the input is not valid UTF-8 text');
  return undefined;
}

export function checkText(text: string, maxBytes: number): ValidationIssue | undefined {
  // A UTF-16 unit is at most 3 UTF-8 bytes, so short texts skip the byte count.
  if (text.length * 3 > maxBytes) {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > maxBytes) return sizeIssue(bytes, maxBytes);
  }
  if (text.includes('\u0000')) return inputIssue('encoding', 'the input is binary (it contains NUL characters), not JSON text');
  if (text.trim() === '') return inputIssue('empty', 'the input is empty; expected a JSON document');
  return undefined;
}

/**
 * `bytes` is the true size where it is known; `atLeast` says it is only a lower bound (input that
 * was not read to its end).
 */
export function sizeIssue(bytes: number, maxBytes: number, atLeast = false): ValidationIssue {
  // Rounded alike, the two sizes would read as equal ("10 MiB, over the limit of 10 MiB").
  const [size, max] = formatBytes(bytes) === formatBytes(maxBytes) ? [`${bytes} bytes`, `${maxBytes} bytes`] : [formatBytes(bytes), formatBytes(maxBytes)];
  return {
    ...inputIssue('size', `the document is ${atLeast ? 'at least ' : ''}${size}, over the limit of ${max}`),
    expected: `at most ${maxBytes} bytes`,
    found: `${atLeast ? 'at least ' : ''}${bytes} bytes`,
  };
}

export function inputIssue(keyword: string, message: string): ValidationIssue {
  return { pointer: '', keyword, message, schemaPath: '' };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

/** A byte-order mark is tolerated at the start of a document: editors on some systems add one. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
