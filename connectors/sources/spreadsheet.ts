import { readFileSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import readXlsxFile, { type Sheet } from 'read-excel-file/node';
import type { ConnectorConfig, SheetSpec, SpreadsheetSourceConfig } from '../config.ts';
import type { IdentifierKind } from '../contract.ts';
import { ConnectorError, type ConnectorProblem } from '../errors.ts';
import { readOne } from '../mapping/pointer.ts';
import type { LocalRecord, Source } from '../source.ts';
import { attachRelated } from './related.ts';

/**
 * A folder of CSV files (one per table, `<table>.csv`) or an .xlsx workbook (one worksheet per
 * table). Rows are objects keyed by the header text. A file is read again when its
 * modification time changes, so an edited spreadsheet is served without a restart.
 */
export function spreadsheetSource(config: ConnectorConfig & { source: SpreadsheetSourceConfig }): Source {
  const connector = config.name;
  const { source } = config;
  const path = resolve(config.baseDir ?? process.cwd(), source.path);
  const workbook = extname(path).toLowerCase() === '.xlsx';
  const reader = workbook ? xlsxReader(connector, path) : csvReader(connector, path);
  const subjectAt = config.record?.subject ?? '/subject';
  const caseNumberAt = config.record?.caseNumber;

  const made: Source = {
    lookups: new Set<IdentifierKind>(caseNumberAt ? ['subject', 'localCaseNumber'] : ['subject']),
    async findCases(kind, values) {
      const at = kind === 'subject' ? subjectAt : caseNumberAt!;
      const wanted = new Set(values);
      const all = await reader.rows(source.cases);
      const rows = all.filter((row) => wanted.has(String(readOne(row, at) ?? '').trim())).map((row) => ({ ...row }));
      for (const [name, spec] of Object.entries(source.related ?? {})) {
        if (!config.record?.key) throw new ConnectorError({ connector, code: 'CONFIG_INVALID', message: 'related tables need record.key' });
        attachRelated(rows, config.record.key, name, await reader.rows({ table: spec.table ?? name }), spec.key);
      }
      return rows;
    },
    readProblems: () => reader.problems(),
    async ping() {
      await reader.rows(source.cases);
    },
    close: async () => {},
  };
  if (source.services) made.services = () => reader.rows(source.services!);
  return made;
}

interface TableReader {
  rows(sheet: SheetSpec): Promise<LocalRecord[]>;
  problems(): ConnectorProblem[];
}

function mtime(connector: string, file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    throw new ConnectorError({ connector, code: 'UNREACHABLE', message: `${file} cannot be read` });
  }
}

function csvReader(connector: string, folder: string): TableReader {
  const cache = new Map<string, { mtime: number; rows: LocalRecord[]; problems: ConnectorProblem[] }>();
  return {
    async rows(sheet) {
      const file = join(folder, `${sheet.table}.csv`);
      const modified = mtime(connector, file);
      const cached = cache.get(file);
      if (cached && cached.mtime === modified) return cached.rows;
      const problems: ConnectorProblem[] = [];
      const headerRow = sheet.headerRow ?? 1;
      let rows: LocalRecord[];
      try {
        rows = parse(readFileSync(file, 'utf8'), {
          bom: true,
          columns: (header: string[]) => header.map((h) => h.trim()),
          from_line: headerRow,
          skip_empty_lines: true,
          trim: true,
          skip_records_with_error: true,
          on_skip: (error: { message: string; lines?: number } | undefined) => {
            if (error) problems.push({ connector, code: 'MALFORMED_RECORD', record: `${sheet.table}.csv line ${error.lines ?? '?'}`, message: `connector '${connector}': ${sheet.table}.csv line ${error.lines ?? '?'} is skipped: ${error.message}` });
          },
        }) as LocalRecord[];
      } catch (error) {
        throw new ConnectorError({ connector, code: 'SOURCE_ERROR', message: `${sheet.table}.csv does not parse: ${(error as Error).message}` });
      }
      cache.set(file, { mtime: modified, rows, problems });
      return rows;
    },
    problems: () => [...cache.values()].flatMap((c) => c.problems),
  };
}

/** A cell as a plain value: strings trimmed, empty text as absent. */
function cellValue(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? value.trim() : value;
}

/**
 * An .xlsx workbook read with read-excel-file (maintained, no native code, a small dependency
 * chain): each worksheet as rows of plain values, formula cells as their stored results.
 */
function xlsxReader(connector: string, file: string): TableReader {
  let cache: { mtime: number; sheets: Map<string, Sheet['data']> } | undefined;
  const load = async () => {
    const modified = mtime(connector, file);
    if (cache && cache.mtime === modified) return cache.sheets;
    let sheets: Sheet[];
    try {
      sheets = await readXlsxFile(file, { trim: false });
    } catch (error) {
      throw new ConnectorError({ connector, code: 'SOURCE_ERROR', message: `${file} is not a readable .xlsx workbook: ${(error as Error).message}` });
    }
    cache = { mtime: modified, sheets: new Map(sheets.map((s) => [s.sheet, s.data])) };
    return cache.sheets;
  };
  return {
    async rows(sheet) {
      const data = (await load()).get(sheet.table);
      if (!data) throw new ConnectorError({ connector, code: 'SOURCE_ERROR', message: `the workbook has no worksheet '${sheet.table}'` });
      const headerRow = sheet.headerRow ?? 1;
      const headers = new Map<number, string>();
      (data[headerRow - 1] ?? []).forEach((cell, column) => {
        const text = cellValue(cell);
        if (text !== undefined && text !== '') headers.set(column, String(text));
      });
      const rows: LocalRecord[] = [];
      const first = sheet.firstDataRow ?? headerRow + 1;
      for (let r = first; r <= data.length; r++) {
        const cells = data[r - 1] ?? [];
        const row: LocalRecord = {};
        let filled = false;
        for (const [column, header] of headers) {
          const value = cellValue(cells[column]);
          if (value === undefined || value === '') continue;
          row[header] = value;
          filled = true;
        }
        if (filled) rows.push(row);
      }
      return rows;
    },
    problems: () => [],
  };
}
