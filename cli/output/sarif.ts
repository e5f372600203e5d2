import { pathToFileURL } from 'node:url';
import { reportIssues, type FileReport } from './file-report.ts';

/**
 * The run as a SARIF 2.1.0 log, the format code-scanning services (GitHub, GitLab, Azure DevOps)
 * read: one result per problem, located by file, line and column; the schema keyword that failed
 * is the rule; a file that could not be read is a tool execution notification, not a result.
 */
export function sarifLog(reports: FileReport[], tool: { version: string; cwd: string }): object {
  const rules = new Map<string, { id: string; shortDescription: { text: string } }>();
  const results = [];
  for (const report of reports) {
    for (const issue of reportIssues(report)) {
      if (!rules.has(issue.keyword)) rules.set(issue.keyword, { id: issue.keyword, shortDescription: { text: ruleText(issue.keyword) } });
      const region: Record<string, number> = {};
      if (issue.line !== undefined) region.startLine = issue.line;
      if (issue.column !== undefined && issue.line !== undefined) region.startColumn = issue.column;
      results.push({
        ruleId: issue.keyword,
        level: 'error',
        message: { text: issue.expected && issue.keyword !== 'kind' ? `${issue.message} (expected: ${issue.expected})` : issue.message },
        locations: [
          {
            physicalLocation: { artifactLocation: { uri: uri(report.file), uriBaseId: 'SRCROOT' }, ...(Object.keys(region).length ? { region } : {}) },
            ...(issue.pointer ? { logicalLocations: [{ fullyQualifiedName: issue.pointer, kind: 'member' }] } : {}),
          },
        ],
      });
    }
  }
  const unreadable = reports.filter((r): r is Extract<FileReport, { error: string }> => 'error' in r);
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'nrx validate',
            semanticVersion: tool.version,
            rules: [...rules.values()],
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: `${pathToFileURL(tool.cwd).href}/` } },
        invocations: [
          {
            executionSuccessful: unreadable.length === 0,
            toolExecutionNotifications: unreadable.map((r) => ({ level: 'error', message: { text: r.error }, locations: [{ physicalLocation: { artifactLocation: { uri: uri(r.file), uriBaseId: 'SRCROOT' } } }] })),
          },
        ],
        artifacts: reports.map((r) => ({ location: { uri: uri(r.file), uriBaseId: 'SRCROOT' } })),
        results,
      },
    ],
  };
}

function uri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function ruleText(keyword: string): string {
  const inputChecks: Record<string, string> = {
    parse: 'The input is not well-formed JSON',
    empty: 'The input is empty',
    encoding: 'The input is not UTF-8 text',
    size: 'The input is larger than the limit',
    kind: 'The document kind is missing or unknown',
  };
  return inputChecks[keyword] ?? `The document fails the schema keyword '${keyword}'`;
}
