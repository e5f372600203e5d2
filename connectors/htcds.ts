import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Spec } from '../lib/spec/types.ts';
import { ConnectorError } from './errors.ts';
import { parsePointer, readAll } from './mapping/pointer.ts';
import type { CodeTable, FieldMapping } from './mapping/types.ts';
import type { TransformSpec } from './mapping/transforms.ts';
import { NrxError } from '../lib/errors.ts';
import { pointerToken } from '../lib/json-pointer.ts';

/** One line of the spec's HTCDS mapping (spec/mappings/htcds-2.0.json). */
export interface HtcdsField {
  htcds: string;
  nrx?: string;
  unmapped?: boolean;
  reason?: string;
  values?: Record<string, string | null>;
  valueLabels?: Record<string, string>;
  transform?: string;
}

export interface HtcdsMapping {
  template?: { sheet?: string; nameRow?: number; firstDataRow?: number };
  fields: HtcdsField[];
}

/** The HTCDS transforms a spreadsheet connector carries out, as connector transforms. */
const supported: Record<string, TransformSpec[] | 'jsonata'> = {
  code: [],
  date: ['date'],
  'split-list': ['list'],
  'place-to-country': ['list', 'uppercase'],
  fallback: [],
  'age-under-18-to-boolean': 'jsonata',
};

/**
 * Sections whose required fields a spreadsheet row cannot fill: an identification needs the
 * issuer's member id, which HTCDS holds only as an organisation's name. Such columns are left
 * out of the case view rather than guessed.
 */
const notServed = ['/sections/identifications/'];

export function readHtcdsMapping(connector: string, file: string, baseDir?: string): HtcdsMapping {
  const path = resolve(baseDir ?? process.cwd(), file);
  try {
    const mapping = JSON.parse(readFileSync(path, 'utf8')) as HtcdsMapping;
    if (!Array.isArray(mapping.fields)) throw new NrxError('MAPPING_INVALID', 'it has no fields list');
    return mapping;
  } catch (error) {
    throw new ConnectorError({ connector, code: 'CONFIG_INVALID', message: `the HTCDS mapping ${path} cannot be used: ${(error as Error).message}` });
  }
}

const columnPointer = (header: string) => '/' + pointerToken(header);

/** The columns of the HTCDS mapping a connector serves: person-level fields, under /sections/. */
export function servedFields(mapping: HtcdsMapping): HtcdsField[] {
  return mapping.fields.filter(
    (f) =>
      !f.unmapped &&
      f.nrx?.startsWith('/sections/') &&
      !notServed.some((p) => f.nrx!.startsWith(p)) &&
      (f.transform === undefined || supported[f.transform] !== undefined),
  );
}

/** Where the value of an HTCDS column goes: a `*` means the one element a row makes. */
const rowTarget = (nrx: string) => nrx.replaceAll('/*/', '/0/');

/**
 * The spec's HTCDS mapping as a connector case mapping. Coded columns accept the value names
 * and the value labels; list columns are split on ';' or ','; a fallback column is applied
 * first so that the main column overwrites it; ids NRX requires are derived from the subject.
 */
export function htcdsCaseMapping(connector: string, file: string, baseDir: string | undefined, _spec: Spec, subjectColumn = '/nrx_SubjectRef'): FieldMapping[] {
  const mapping = readHtcdsMapping(connector, file, baseDir);
  const fields = servedFields(mapping);
  const rules: FieldMapping[] = [{ from: subjectColumn, to: '/sections/person/subject' }];
  const arrays = new Set<string>();
  for (const field of fields) {
    const to = rowTarget(field.nrx!);
    const from = columnPointer(field.htcds);
    const plan = field.transform ? supported[field.transform]! : [];
    let rule: FieldMapping;
    if (plan === 'jsonata') rule = { from, to, jsonata: '$number($) < 18' };
    else {
      rule = { from, to };
      if (plan.length) rule.transform = plan;
    }
    if (field.values) rule.codes = withLabels(field);
    if (field.transform === 'fallback') rules.splice(1, 0, rule);
    else rules.push(rule);
    const element = /^(\/sections\/[A-Za-z]+)\/\*\//.exec(field.nrx!);
    if (element) arrays.add(element[1]!);
  }
  // One array element per row; it exists only when one of its columns is filled.
  for (const array of arrays) {
    const columns = fields.filter((f) => f.nrx!.startsWith(`${array}/*/`)).map((f) => `$exists(\`${f.htcds}\`)`);
    rules.push({ to: `${array}/0/id`, jsonata: `(${columns.join(' or ')}) ? $uuidFor('${connector}', '${array}', $lookup($, '${subjectColumn.slice(1)}')) : undefined` });
  }
  return rules;
}

/** Value names and their labels both translate, so a sheet filled with either reads the same. */
function withLabels(field: HtcdsField): CodeTable {
  const table: CodeTable = { ...field.values };
  for (const [name, label] of Object.entries(field.valueLabels ?? {})) {
    if (Object.hasOwn(field.values!, name) && !Object.hasOwn(table, label)) table[label] = field.values![name]!;
  }
  return table;
}

/**
 * NRX sections back to one HTCDS row (column name -> cell value): each NRX code turned back
 * into the first HTCDS value name that maps to it, lists joined with ';', dates as YYYY-MM-DD.
 */
export function exportHtcdsRow(mapping: HtcdsMapping, sections: Record<string, unknown>): Record<string, string> {
  const row: Record<string, string> = {};
  const document = { sections };
  for (const field of servedFields(mapping)) {
    if (field.transform === 'fallback' || field.transform === 'age-under-18-to-boolean') continue;
    const found = readAll(document, parsePointer(rowTarget(field.nrx!))).map((p) => p.value);
    if (found.length === 0) continue;
    const back = (value: unknown) => {
      const entry = field.values && Object.entries(field.values).find(([, nrx]) => nrx === value);
      return entry ? entry[0] : String(value);
    };
    row[field.htcds] = found.flatMap((v) => (Array.isArray(v) ? v : [v])).map(back).join(';');
  }
  return row;
}
