import { issueLines } from '../../lib/validator/report.ts';
import { reportIssues, summarise, type FileReport } from './file-report.ts';

/**
 * The run as JUnit XML, the report every CI system shows as tests: one test case per file, a
 * <failure> with every problem for an invalid one, an <error> for one that could not be read.
 */
export function junitXml(reports: FileReport[], seconds: number): string {
  const s = summarise(reports);
  const cases = reports.map((report) => {
    const open = `    <testcase classname="nrx.validate" name="${xml(report.file)}">`;
    if ('error' in report) return `${open}\n      <error message="${xml(report.error)}" type="unreadable"/>\n    </testcase>`;
    if (report.valid) return `${open}</testcase>`;
    const issues = reportIssues(report);
    const lines = issues.flatMap((issue) => issueLines(report.file, issue));
    if (report.format === 'ndjson' && report.failuresTruncated) lines.push(`(more failing records not listed: see --max-failures)`);
    if (report.format === 'ndjson' && report.summary.records === 0) lines.push(`${report.file}: no records: the input is empty`);
    const message = `${issues.length || 1} problem${issues.length === 1 ? '' : 's'}`;
    return `${open}\n      <failure message="${message}" type="invalid">${xml(lines.join('\n'))}</failure>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="nrx validate" tests="${s.files}" failures="${s.invalid}" errors="${s.unreadable}" time="${seconds.toFixed(3)}">`,
    `  <testsuite name="nrx validate" tests="${s.files}" failures="${s.invalid}" errors="${s.unreadable}" skipped="0" time="${seconds.toFixed(3)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function xml(text: string): string {
  // Characters XML 1.0 cannot carry at all are dropped; the five special ones escaped.
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
