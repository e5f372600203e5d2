import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { ValidationIssue } from './types.ts';

export interface Position {
  line: number;
  column: number;
}

/** Turns offsets into 1-based line and column, computing line starts once per text. */
export class LineIndex {
  readonly #starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.#starts.push(i + 1);
  }

  position(offset: number): Position {
    let low = 0;
    let high = this.#starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.#starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.#starts[low]! + 1 };
  }
}

const parseMessages: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: "expected ':' after the property name",
  CommaExpected: "expected ',' or a closing bracket",
  CloseBraceExpected: "expected '}' to close the object",
  CloseBracketExpected: "expected ']' to close the array",
  EndOfFileExpected: 'unexpected content after the end of the document',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid \\u escape in a string',
  InvalidEscapeCharacter: 'invalid escape character in a string',
  InvalidCharacter: 'control characters in a string must be escaped',
};

/**
 * The issue for text JSON.parse refused, with the line and column of the first syntax error.
 * `fallback` is JSON.parse's own message, for the rare text jsonc-parser accepts but JSON does not.
 */
export function parseIssue(text: string, fallback: string): ValidationIssue {
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return { pointer: '', keyword: 'parse', message: `malformed JSON: ${fallback}`, schemaPath: '' };
  const { line, column } = new LineIndex(text).position(first.offset);
  const snippet = text.slice(first.offset, first.offset + Math.max(1, Math.min(first.length, 20)));
  const reason = parseMessages[printParseErrorCode(first.error)] ?? printParseErrorCode(first.error);
  return {
    pointer: '',
    line,
    column,
    keyword: 'parse',
    message: `malformed JSON at line ${line}, column ${column}: ${reason}`,
    ...(snippet.trim() ? { found: JSON.stringify(snippet) } : { found: 'end of input' }),
    schemaPath: '',
  };
}
