import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from '../lib/spec/paths.ts';
import type { Spec } from '../lib/spec/types.ts';
import { ConnectorError } from './errors.ts';
import { parsePointer, readAll } from './mapping/pointer.ts';
import type { FieldMapping } from './mapping/types.ts';
import type { TransformSpec } from './mapping/transforms.ts';

/** One line of the spec's HTCDS mapping (spec/mappings/htcds-2.0.json). */
export type HtcdsField =
  | { htcds: string; nrx: string; values?: Record<string, string | null>; transform?: string; unmapped?: false }
  | { htcds: string; unmapped: true; reason: string };

export interface HtcdsMapping {
  fields: HtcdsField[];
}

export const defaultHtcdsMapping = resolve(repoRoot, 'spec/mappings/htcds-2.0.json');

/** The HTCDS transform names the spec's mapping uses, as connector transforms. */
const transforms: Record<string, TransformSpec | TransformSpec[]> = {
  date: 'date',
  'date-only': 'date',
  yesno: 'yesno',
  'yes-no': 'yesno',
  boolean: 'yesno',
  split: { split: ';' },
  list: { split: ';' },
  'split-semicolon': { split: ';' },
  'split-comma': { split: ',' },
  lowercase: 'lowercase',
  uppercase: 'uppercase',
  trim: 'trim',
  number: 'number',
  integer: 'integer',
};

export function readHtcdsMapping(connector: string, file: string, baseDir?: string): HtcdsMapping {
  const path = resolve(baseDir ?? process.cwd(), file);
  try {
    const mapping = JSON.parse(readFileSync(path, 'utf8')) as HtcdsMapping;
    if (!Array.isArray(mapping.fields)) throw new Error('it has no fields list');
    return mapping;
  } catch (error) {
    throw new ConnectorError({ connector, code: 'CONFIG_INVALID', message: `the HTCDS mapping ${path} cannot be used: ${(error as Error).message}` });
  }
}

const columnPointer = (header: string) => '/' + header.replaceAll('~', '~0').replaceAll('/', '~1');

/** The spec's HTCDS mapping as a connector case mapping: each mapped column read by its header. */
export function htcdsCaseMapping(connector: string, file: string, baseDir: string | undefined, _spec: Spec): FieldMapping[] {
  const mapping = readHtcdsMapping(connector, file, baseDir);
  const issues: string[] = [];
  const rules: FieldMapping[] = [];
  for (const field of mapping.fields) {
    if (field.unmapped) continue;
    const rule: FieldMapping = { from: columnPointer(field.htcds), to: field.nrx };
    if (field.values) rule.codes = field.values;
    if (field.transform) {
      const known = transforms[field.transform];
      if (!known) issues.push(`column '${field.htcds}' uses transform '${field.transform}', which connectors do not know`);
      else rule.transform = known;
    }
    rules.push(rule);
  }
  if (issues.length) throw new ConnectorError({ connector, code: 'MAPPING_INVALID', message: `the HTCDS mapping does not fit:\n  - ${issues.join('\n  - ')}` });
  return rules;
}

/**
 * NRX sections back to one HTCDS row (column header -> cell value): each NRX code turned back
 * into the HTCDS value that maps to it, dates and lists in the spreadsheet's form.
 */
export function exportHtcdsRow(mapping: HtcdsMapping, sections: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const document = { sections };
  for (const field of mapping.fields) {
    if (field.unmapped) continue;
    const found = readAll(document, parsePointer(field.nrx)).map((p) => p.value);
    if (found.length === 0) continue;
    const back = (value: unknown) => {
      if (!field.values) return value;
      const entry = Object.entries(field.values).find(([, nrx]) => nrx === value);
      return entry ? entry[0] : value;
    };
    const values = found.flatMap((v) => (Array.isArray(v) ? v : [v])).map(back);
    const transform = field.transform ? transforms[field.transform] : undefined;
    const separator = transform && typeof transform === 'object' && 'split' in transform ? transform.split : undefined;
    let cell: unknown = separator !== undefined ? values.join(`${separator} `) : values[0];
    if (transform === 'yesno' && typeof cell === 'boolean') cell = cell ? 'Yes' : 'No';
    row[field.htcds] = cell;
  }
  return row;
}
