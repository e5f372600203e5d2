import type { NdjsonRecordResult, NdjsonSummary, ValidationIssue, ValidationResult } from '../../lib/validator/index.ts';

/** What `nrx validate` found in one file: a JSON document's result, an NDJSON file's summary, or why it could not be read. */
export type FileReport =
  | ({ file: string; format: 'json' } & ValidationResult)
  | { file: string; format: 'ndjson'; valid: boolean; summary: NdjsonSummary; failures: NdjsonRecordResult[]; failuresTruncated: boolean }
  | { file: string; valid: false; error: string };

export interface RunSummary {
  files: number;
  valid: number;
  invalid: number;
  unreadable: number;
  /** NDJSON records over every NDJSON file. */
  records: number;
  invalidRecords: number;
}

export function summarise(reports: FileReport[]): RunSummary {
  const unreadable = reports.filter((r) => 'error' in r).length;
  const invalid = reports.filter((r) => !r.valid).length - unreadable;
  let records = 0;
  let invalidRecords = 0;
  for (const r of reports) {
    if ('summary' in r) {
      records += r.summary.records;
      invalidRecords += r.summary.invalid;
    }
  }
  return { files: reports.length, valid: reports.length - invalid - unreadable, invalid, unreadable, records, invalidRecords };
}

/** The closing line of a text report: how many files, how many of them valid, and the NDJSON records. */
export function summaryLine(s: RunSummary, seconds: number): string {
  const parts = [`${s.valid} valid`, `${s.invalid} invalid`];
  if (s.unreadable) parts.push(`${s.unreadable} unreadable`);
  const records = s.records ? `; ${s.records} NDJSON record${s.records === 1 ? '' : 's'}, ${s.invalidRecords} invalid` : '';
  return `${s.files} file${s.files === 1 ? '' : 's'}: ${parts.join(', ')}${records} (${seconds.toFixed(2)} s)`;
}

/** Every issue of a report with the NDJSON line it came from, for the CI formats. */
export function reportIssues(report: FileReport): ValidationIssue[] {
  if ('error' in report) return [];
  if (report.format === 'json') return report.issues;
  return report.failures.flatMap((f) => f.issues);
}
