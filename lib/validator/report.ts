import type { NdjsonSummary } from './ndjson.ts';
import type { ValidationIssue, ValidationResult } from './types.ts';

/** One issue as a compiler-style line, `file:line:column: message`, with what was expected on the next line. */
export function issueLines(source: string, issue: ValidationIssue): string[] {
  const where = issue.line === undefined ? source : `${source}:${issue.line}${issue.column === undefined ? '' : `:${issue.column}`}`;
  const at = issue.pointer === '' ? '' : ` at ${issue.pointer}`;
  const lines = [`${where}: ${issue.message} (${issue.keyword}${at})`];
  if (issue.expected && issue.keyword !== 'kind') lines.push(`    expected: ${issue.expected}`);
  return lines;
}

export function documentLines(source: string, result: ValidationResult): string[] {
  if (result.valid) return [`${source}: valid ${result.kind}${result.profile ? ` (profile ${result.profile})` : ''}`];
  const lines = result.issues.flatMap((issue) => issueLines(source, issue));
  if (result.omittedIssues) lines.push(omittedLine(source, result));
  return lines;
}

/** The count of issues found past the listed ones, so that a capped report never reads as complete. */
export function omittedLine(source: string, result: ValidationResult): string {
  const n = result.omittedIssues ?? 0;
  return `${source}: ... and ${n} more issue${n === 1 ? '' : 's'} not listed (the first ${result.issues.length} are)`;
}

export function ndjsonSummaryLine(source: string, summary: NdjsonSummary): string {
  const verdict = summary.invalid === 0 && summary.records > 0 ? 'valid' : 'invalid';
  const empty = summary.records === 0 ? ' (no records: the input is empty)' : '';
  return `${source}: ${verdict}: ${summary.records} record${summary.records === 1 ? '' : 's'}, ${summary.valid} valid, ${summary.invalid} invalid${empty}`;
}
