/** Helpers over spec documents the operations share: validation errors, values at a pointer. */
import type { ValidationIssue } from '../../lib/validator/index.ts';
import { gatewayError } from '../../schema/graphql/errors.ts';
import { pointerNames } from '../../lib/json-pointer.ts';

export type Doc = Record<string, unknown>;

/** Values at a JSON Pointer whose array items are entered without an index. */
export function valuesAt(document: unknown, pointer: string): unknown[] {
  let current: unknown[] = [document];
  for (const key of pointerNames(pointer)) {
    const next: unknown[] = [];
    for (const value of current) {
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) if (item !== null && typeof item === 'object' && !Array.isArray(item) && key in item) next.push((item as Doc)[key]);
    }
    current = next;
  }
  return current.flatMap((v) => (Array.isArray(v) ? v : [v]));
}

export const sameJson = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

export function specValidationError(kind: string, issues: ValidationIssue[]) {
  const first = issues[0];
  const summary = first ? `${first.pointer || '/'}: ${first.message}` : 'invalid';
  return gatewayError('SPEC_VALIDATION', `the ${kind} document does not follow the spec (${issues.length} issue${issues.length === 1 ? '' : 's'}; first: ${summary})`, {
    kind,
    issues: issues.map(({ pointer, line, column, keyword, message, expected, found, suggestion }) => ({
      pointer,
      keyword,
      message,
      ...(line !== undefined ? { line, column } : {}),
      ...(expected !== undefined ? { expected } : {}),
      ...(found !== undefined ? { found } : {}),
      ...(suggestion !== undefined ? { suggestion } : {}),
    })),
  });
}
