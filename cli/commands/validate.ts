import { createReadStream } from 'node:fs';
import { glob, readFile, readdir, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { Command } from 'commander';
import type { ExitState } from './index.ts';
import type { NdjsonRecordResult, Validator } from '../../lib/validator/index.ts';
import { DEFAULT_MAX_BYTES } from '../../lib/validator/types.ts';
import { sizeIssue } from '../../lib/validator/input.ts';
import { documentLines, issueLines, ndjsonSummaryLine } from '../../lib/validator/report.ts';
import { NrxError } from '../../lib/errors.ts';
import type { FileReport } from '../output/file-report.ts';
import { summarise, summaryLine } from '../output/file-report.ts';
import { colourLine, painter } from '../output/terminal.ts';
import { progressBar, type Progress } from '../output/progress.ts';

interface ValidateCommandOptions {
  kind?: string;
  format: string;
  ndjson?: boolean;
  maxBytes: string;
  maxFailures: string;
  spec?: string;
  profile?: string;
  profiles?: string;
  progress: boolean;
}

const FORMATS = ['text', 'json', 'sarif', 'junit'] as const;

class UsageError extends NrxError {
  constructor(message: string) {
    super('CLI_USAGE', message);
  }
}

const EXIT_VALID = 0;
const EXIT_INVALID = 1;
const EXIT_USAGE = 2;
const STDIN = '-';

export function register(program: Command, exit: ExitState): void {
  program
    .command('validate')
    .description(
      'Validate NRX documents: a JSON file, an NDJSON file (one document per line), a directory ' +
        '(every .json, .ndjson and .jsonl file in it, recursively) or "-" for standard input. The schema ' +
        "is chosen from each document's 'kind'. Exit status: 0 all valid, 1 something invalid (including " +
        'malformed, empty, binary or oversized input), 2 usage error or unreadable input.',
    )
    .argument('<targets...>', 'files, directories, glob patterns (quoted, e.g. "data/**/*.json"), or - for standard input')
    .option('--kind <kind>', "validate as this document kind instead of the one the payload names")
    .option('--format <format>', `output format: ${FORMATS.join(', ')} (SARIF 2.1.0 for code scanning, JUnit XML for CI test reports)`, 'text')
    .option('--no-progress', 'never show the progress bar (it is shown only on a terminal, on standard error)')
    .option('--ndjson', 'read the input as NDJSON whatever its name (needed for NDJSON on standard input)')
    .option('--max-bytes <size>', 'largest JSON document (or NDJSON line) accepted, in bytes; suffixes k and m allowed', String(DEFAULT_MAX_BYTES))
    .option('--max-failures <n>', 'with --format json, sarif or junit, the most failing NDJSON records listed per file', '1000')
    .option('--spec <dir>', 'validate against the spec in this directory instead of the published one')
    .option('--profile <code>', "the country profile for documents that name none (a document's own 'profile' always wins)")
    .option('--profiles <dir>', 'the country profiles directory (default: spec/profiles)')
    .action(async (targets: string[], options: ValidateCommandOptions) => {
      const { SpecError } = await import('../../lib/validator/index.ts');
      try {
        exit.code = await runValidate(targets, options, program.version() ?? '0.0.0');
      } catch (error) {
        if (!(error instanceof UsageError) && !(error instanceof SpecError)) throw error;
        process.stderr.write(`nrx validate: ${error.message}\n`);
        exit.code = EXIT_USAGE;
      }
    });
}

async function runValidate(targets: string[], options: ValidateCommandOptions, version: string): Promise<number> {
  const started = performance.now();
  const format = options.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not '${options.format}'`);
  const maxBytes = parseSize(options.maxBytes);
  const maxFailures = Number(options.maxFailures);
  if (!Number.isInteger(maxFailures) || maxFailures < 0) throw new UsageError(`--max-failures must be a whole number, not '${options.maxFailures}'`);
  const { createValidator } = await import('../../lib/validator/index.ts');
  let validator: Validator;
  try {
    validator = createValidator({
      ...(options.spec ? { specDir: resolve(options.spec) } : {}),
      ...(options.profiles ? { profilesDir: resolve(options.profiles) } : {}),
      ...(options.profile ? { defaultProfile: options.profile } : {}),
      maxBytes,
    });
  } catch (error) {
    throw new UsageError(`cannot load the spec${options.profile ? ` or profile '${options.profile}'` : ''}: ${(error as Error).message}`);
  }
  if (options.kind !== undefined && !validator.kinds.includes(options.kind)) {
    throw new UsageError(`unknown kind '${options.kind}' for --kind; the kinds are: ${validator.kinds.join(', ')}`);
  }

  const { files, expanded } = await listAllTargets(targets);
  const text = format === 'text';
  const paint = painter(process.stdout);
  let progress: Progress | undefined;
  const printText = (lines: string) => {
    progress?.clear();
    return print(lines.split('\n').map((l) => colourLine(l, paint)).join('\n'));
  };
  // A bar over the files when there are several, over the bytes of a single NDJSON file.
  const oneNdjson = files.length === 1 && files[0] !== STDIN && isNdjson(files[0]!, options);
  progress = files.length > 1 || oneNdjson
    ? await progressBar({ unit: oneNdjson ? 'bytes' : 'files', total: oneNdjson ? (await stat(files[0]!)).size : files.length, enabled: options.progress })
    : undefined;
  const reports: FileReport[] = [];
  try {
    for (const file of files) {
      const report = isNdjson(file, options)
        ? await checkNdjson(file, validator, options.kind, text ? printText : undefined, maxFailures, oneNdjson ? progress : undefined)
        : await checkJson(file, validator, options.kind);
      reports.push(report);
      if (!oneNdjson) progress?.update(reports.length);
      if (!text) continue;
      if ('error' in report) process.stderr.write(`nrx validate: ${report.error}\n`);
      else if (report.format === 'json') await printText(documentLines(displayName(file), report).join('\n'));
      else await printText(ndjsonSummaryLine(displayName(file), report.summary));
    }
  } finally {
    progress?.stop();
  }

  const summary = summarise(reports);
  const seconds = (performance.now() - started) / 1000;
  if (format === 'json') {
    const { records: _records, invalidRecords: _invalidRecords, ...counts } = summary;
    await print(JSON.stringify({ valid: summary.invalid + summary.unreadable === 0, files: reports, summary: counts }, null, 2));
  } else if (format === 'sarif') {
    const { sarifLog } = await import('../output/sarif.ts');
    await print(JSON.stringify(sarifLog(reports, { version, cwd: process.cwd() }), null, 2));
  } else if (format === 'junit') {
    const { junitXml } = await import('../output/junit.ts');
    await print(junitXml(reports, seconds).trimEnd());
  } else if (files.length > 1 || expanded) {
    const line = summaryLine(summary, seconds);
    await print(summary.invalid + summary.unreadable ? paint('red', line) : paint('green', line));
  }
  return summary.unreadable > 0 ? EXIT_USAGE : summary.invalid > 0 ? EXIT_INVALID : EXIT_VALID;
}

function isNdjson(file: string, options: ValidateCommandOptions): boolean {
  return Boolean(options.ndjson) || /\.(ndjson|jsonl)$/i.test(file);
}

async function checkJson(file: string, validator: Validator, kind: string | undefined): Promise<FileReport> {
  const options = kind ? { kind } : {};
  let bytes: Buffer;
  try {
    if (file === STDIN) {
      const read = await readLimited(process.stdin, validator.maxBytes);
      if (read.tooLarge) return { file: displayName(file), format: 'json', valid: false, issues: [sizeIssue(read.size, validator.maxBytes, true)] };
      bytes = read.bytes;
    } else {
      const { size } = await stat(file);
      // An oversized file is refused before it is read into memory.
      if (size > validator.maxBytes) return { file: displayName(file), format: 'json', valid: false, issues: [sizeIssue(size, validator.maxBytes)] };
      bytes = await readFile(file);
    }
  } catch (error) {
    return { file: displayName(file), valid: false, error: readError(file, error) };
  }
  return { file: displayName(file), format: 'json', ...validator.validateBytes(bytes, options) };
}

async function checkNdjson(
  file: string,
  validator: Validator,
  kind: string | undefined,
  printText: ((text: string) => Promise<void>) | undefined,
  maxFailures: number,
  progress?: Progress,
): Promise<FileReport> {
  const { validateNdjson, SpecError } = await import('../../lib/validator/index.ts');
  const name = displayName(file);
  const failures: NdjsonRecordResult[] = [];
  let failuresTruncated = false;
  const onRecord = (record: NdjsonRecordResult): Promise<void> | void => {
    if (record.valid) return;
    if (printText) return printText(record.issues.flatMap((issue) => issueLines(name, issue)).join('\n'));
    if (failures.length < maxFailures) failures.push(record);
    else failuresTruncated = true;
  };
  try {
    const input: Readable = file === STDIN ? process.stdin : createReadStream(file, { highWaterMark: 1024 * 1024 });
    if (progress) input.on('data', () => progress.update((input as Readable & { bytesRead: number }).bytesRead));
    const summary = await validateNdjson(input, validator, { ...(kind ? { kind } : {}), onRecord });
    return { file: name, format: 'ndjson', valid: summary.invalid === 0 && summary.records > 0, summary, failures, failuresTruncated };
  } catch (error) {
    if (error instanceof SpecError) throw error;
    return { file: name, valid: false, error: readError(file, error) };
  }
}

/**
 * Every file the targets name, in order, each once. `expanded` says whether a directory or a
 * pattern stood for files the user did not list one by one (then a summary line closes the report).
 */
async function listAllTargets(targets: string[]): Promise<{ files: string[]; expanded: boolean }> {
  if (targets.filter((t) => t === STDIN).length > 1) throw new UsageError('standard input (-) can be named only once');
  const seen = new Set<string>();
  const files: string[] = [];
  let expanded = false;
  for (const target of targets) {
    const listed = await listTargets(target);
    if (listed.length !== 1 || listed[0] !== target) expanded = true;
    for (const file of listed) {
      if (seen.has(file)) continue;
      seen.add(file);
      files.push(file);
    }
  }
  return { files, expanded };
}

/** Glob characters, as a shell would have expanded them had the pattern not been quoted. */
const GLOB = /[*?[\]{}]/;

/** The files a target names: itself, every JSON and NDJSON file under a directory, or a glob pattern's matches. */
async function listTargets(target: string): Promise<string[]> {
  if (target === STDIN) return [STDIN];
  let info;
  try {
    info = await stat(target);
  } catch (error) {
    if (GLOB.test(target) && (error as NodeJS.ErrnoException).code === 'ENOENT') return listGlob(target);
    throw new UsageError(readError(target, error));
  }
  if (!info.isDirectory()) return [target];
  const files = (await readdir(target, { recursive: true, withFileTypes: true }))
    // A symbolic link is listed too, so that a broken one is reported rather than silently skipped.
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && /\.(json|ndjson|jsonl)$/i.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  if (files.length === 0) throw new UsageError(`no .json, .ndjson or .jsonl files in directory '${target}'`);
  return files;
}

async function listGlob(pattern: string): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of glob(pattern, { withFileTypes: true })) {
    if (entry.isDirectory()) continue;
    files.push(join(entry.parentPath, entry.name));
  }
  if (files.length === 0) throw new UsageError(`no files match '${pattern}'`);
  // Relative patterns give relative names, as the shell would.
  const cwd = `${process.cwd()}/`;
  return files.map((f) => (!pattern.startsWith('/') && f.startsWith(cwd) ? f.slice(cwd.length) : f)).sort();
}

async function readLimited(input: Readable, maxBytes: number): Promise<{ bytes: Buffer; tooLarge: false } | { size: number; tooLarge: true }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      input.destroy();
      return { size, tooLarge: true };
    }
    chunks.push(chunk as Buffer);
  }
  return { bytes: Buffer.concat(chunks), tooLarge: false };
}

function parseSize(text: string): number {
  const match = /^(\d+)\s*(k|kib|kb|m|mib|mb)?$/i.exec(text.trim());
  if (!match) throw new UsageError(`--max-bytes must be a number of bytes such as 10485760 or 10m, not '${text}'`);
  const unit = (match[2] ?? '').toLowerCase();
  const value = Number(match[1]) * (unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 * 1024 : 1);
  if (value < 1) throw new UsageError('--max-bytes must be at least 1');
  return value;
}

function readError(file: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EISDIR: 'it is a directory',
    ENOTDIR: 'a part of the path is not a directory',
  };
  return `cannot read '${displayName(file)}': ${(code && reasons[code]) ?? (error as Error).message}`;
}

function displayName(file: string): string {
  return file === STDIN ? '<stdin>' : file;
}

async function print(text: string): Promise<void> {
  if (!process.stdout.write(`${text}\n`)) await once(process.stdout, 'drain');
}
