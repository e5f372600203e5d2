import { createReadStream } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { Command } from 'commander';
import type { ExitState } from './index.ts';
import { createValidator, validateNdjson, SpecError, DEFAULT_MAX_BYTES, type NdjsonRecordResult, type NdjsonSummary, type ValidationResult, type Validator } from '../../lib/validator/index.ts';
import { sizeIssue } from '../../lib/validator/input.ts';
import { documentLines, issueLines, ndjsonSummaryLine } from '../../lib/validator/report.ts';

interface ValidateCommandOptions {
  kind?: string;
  format: string;
  ndjson?: boolean;
  maxBytes: string;
  maxFailures: string;
  spec?: string;
}

type FileReport =
  | ({ file: string; format: 'json' } & ValidationResult)
  | { file: string; format: 'ndjson'; valid: boolean; summary: NdjsonSummary; failures: NdjsonRecordResult[]; failuresTruncated: boolean }
  | { file: string; valid: false; error: string };

class UsageError extends Error {}

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
    .argument('<target>', 'file, directory, or - for standard input')
    .option('--kind <kind>', "validate as this document kind instead of the one the payload names")
    .option('--format <format>', 'output format: text or json', 'text')
    .option('--ndjson', 'read the input as NDJSON whatever its name (needed for NDJSON on standard input)')
    .option('--max-bytes <size>', 'largest JSON document (or NDJSON line) accepted, in bytes; suffixes k and m allowed', String(DEFAULT_MAX_BYTES))
    .option('--max-failures <n>', 'with --format json, the most failing NDJSON records listed per file', '1000')
    .option('--spec <dir>', 'validate against the spec in this directory instead of the published one')
    .action(async (target: string, options: ValidateCommandOptions) => {
      try {
        exit.code = await runValidate(target, options);
      } catch (error) {
        if (!(error instanceof UsageError) && !(error instanceof SpecError)) throw error;
        process.stderr.write(`nrx validate: ${error.message}\n`);
        exit.code = EXIT_USAGE;
      }
    });
}

async function runValidate(target: string, options: ValidateCommandOptions): Promise<number> {
  if (options.format !== 'text' && options.format !== 'json') throw new UsageError(`--format must be 'text' or 'json', not '${options.format}'`);
  const maxBytes = parseSize(options.maxBytes);
  const maxFailures = Number(options.maxFailures);
  if (!Number.isInteger(maxFailures) || maxFailures < 0) throw new UsageError(`--max-failures must be a whole number, not '${options.maxFailures}'`);
  let validator: Validator;
  try {
    validator = createValidator({ ...(options.spec ? { specDir: resolve(options.spec) } : {}), maxBytes });
  } catch (error) {
    throw new UsageError(`cannot load the spec: ${(error as Error).message}`);
  }
  if (options.kind !== undefined && !validator.kinds.includes(options.kind)) {
    throw new UsageError(`unknown kind '${options.kind}' for --kind; the kinds are: ${validator.kinds.join(', ')}`);
  }

  const files = await listTargets(target);
  const json = options.format === 'json';
  const reports: FileReport[] = [];
  for (const file of files) {
    const ndjson = Boolean(options.ndjson) || /\.(ndjson|jsonl)$/i.test(file);
    const report = ndjson
      ? await checkNdjson(file, validator, options.kind, json ? undefined : print, maxFailures)
      : await checkJson(file, validator, options.kind);
    reports.push(report);
    if (json) continue;
    if ('error' in report) process.stderr.write(`nrx validate: ${report.error}\n`);
    else if (report.format === 'json') await print(documentLines(displayName(file), report).join('\n'));
    else await print(ndjsonSummaryLine(displayName(file), report.summary));
  }

  const unreadable = reports.filter((r) => 'error' in r).length;
  const invalid = reports.filter((r) => !r.valid).length - unreadable;
  if (json) {
    const summary = { files: reports.length, valid: reports.length - invalid - unreadable, invalid, unreadable };
    await print(JSON.stringify({ valid: invalid + unreadable === 0, files: reports, summary }, null, 2));
  }
  return unreadable > 0 ? EXIT_USAGE : invalid > 0 ? EXIT_INVALID : EXIT_VALID;
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
): Promise<FileReport> {
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
    const summary = await validateNdjson(input, validator, { ...(kind ? { kind } : {}), onRecord });
    return { file: name, format: 'ndjson', valid: summary.invalid === 0 && summary.records > 0, summary, failures, failuresTruncated };
  } catch (error) {
    if (error instanceof SpecError) throw error;
    return { file: name, valid: false, error: readError(file, error) };
  }
}

/** The files a target names: itself, or every JSON and NDJSON file under a directory. */
async function listTargets(target: string): Promise<string[]> {
  if (target === STDIN) return [STDIN];
  let info;
  try {
    info = await stat(target);
  } catch (error) {
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
