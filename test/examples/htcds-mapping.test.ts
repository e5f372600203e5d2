import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { loadSpec } from '../../lib/spec/load.ts';
import { createAjv } from '../../lib/spec/ajv.ts';
import { repoRoot } from '../../lib/spec/paths.ts';
import { codelistOf, resolveInstancePath, valueSchemaOf } from './schema-pointer.ts';

interface MappedField {
  htcds: string;
  label: string;
  aliases?: string[];
  nrx?: string;
  values?: Record<string, string | boolean | null>;
  valueLabels?: Record<string, string>;
  constants?: Record<string, string | boolean>;
  targetBy?: { field: string; paths: Record<string, string> };
  transform?: string;
  note?: string;
  unmapped?: boolean;
  reason?: string;
}

interface Mapping {
  source: { name: string; version: string };
  target: { spec: string; version: string; document: string };
  template: { sheet: string; nameRow: number; labelRow: number; unnamedColumns: Record<string, string> };
  fields: MappedField[];
}

// Copies of the IOM reference files (CC BY 4.0) travel with the mapping they test.
const referenceDir = join(repoRoot, 'spec/mappings/htcds-2.0');
const mapping = JSON.parse(readFileSync(join(repoRoot, 'spec/mappings/htcds-2.0.json'), 'utf8')) as Mapping;
const spec = loadSpec();
const ajv = createAjv(spec);
const referralId = spec.documentKinds.get(mapping.target.document)!;

interface TemplateColumn {
  letter: string;
  name: string | undefined;
  label: string | undefined;
}

async function templateColumns(): Promise<TemplateColumn[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(join(referenceDir, 'HTCDS Excel Spreadsheet v2.0.xlsx'));
  const sheet = workbook.getWorksheet(mapping.template.sheet)!;
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
  const columns: TemplateColumn[] = [];
  for (let index = 1; index <= sheet.columnCount; index++) {
    const name = text(sheet.getRow(mapping.template.nameRow).getCell(index).value);
    const label = text(sheet.getRow(mapping.template.labelRow).getCell(index).value);
    // Column A numbers the rows and has neither a name nor a label.
    if (name || label) columns.push({ letter: sheet.getColumn(index).letter, name, label });
  }
  return columns;
}

/** Every XLSForm question and the values of its choices, read from the form's body. */
function xlsformQuestions(): Map<string, string[]> {
  const xml = readFileSync(join(referenceDir, 'htcds_xlsform.xml'), 'utf8');
  const questions = new Map<string, string[]>();
  const body = xml.slice(xml.indexOf('<h:body>'));
  for (const match of body.matchAll(/<(select1|select|input) ref="\/data\/([^"]+)">([\s\S]*?)<\/\1>/g)) {
    const values = [...match[3]!.matchAll(/<value>([^<]*)<\/value>/g)].map((m) => m[1]!);
    questions.set(match[2]!, values);
  }
  return questions;
}

const byName = new Map<string, MappedField>();
for (const field of mapping.fields) for (const name of [field.htcds, ...(field.aliases ?? [])]) byName.set(name, field);

describe('HTCDS 2.0 mapping', () => {
  it('names its source and target', () => {
    expect(mapping.source).toEqual({ name: 'IOM Human Trafficking Case Data Standard', version: '2.0' });
    expect(mapping.target).toEqual({ spec: 'NRX', version: spec.version, document: 'referral' });
    expect(referralId).toBeTruthy();
  });

  it('maps every column of the template header exactly once, by its verbatim name', async () => {
    const columns = await templateColumns();
    expect(columns.length).toBe(38);
    for (const column of columns) {
      const name = column.name ?? mapping.template.unnamedColumns[column.letter];
      expect(name, `column ${column.letter} (${column.label}) has no name and no entry in template.unnamedColumns`).toBeTruthy();
      const matches = mapping.fields.filter((f) => f.htcds === name);
      expect(matches.length, `column ${column.letter} ${name}`).toBe(1);
    }
    // The label row is in a different order from the name row for the mailing address; as sets they agree.
    const labels = columns.map((c) => c.label).sort();
    const mapped = columns.map((c) => byName.get(c.name ?? mapping.template.unnamedColumns[c.letter]!)!.label).sort();
    expect(mapped).toEqual(labels);
  });

  it('has one entry per HTCDS field, and aliases that do not collide', () => {
    const names = mapping.fields.flatMap((f) => [f.htcds, ...(f.aliases ?? [])]);
    expect(new Set(names).size).toBe(names.length);
    expect(mapping.fields.length).toBeGreaterThanOrEqual(100);
  });

  it('covers every question of the XLSForm and every listed choice value', () => {
    for (const [question, choices] of xlsformQuestions()) {
      const field = byName.get(question);
      expect(field, `XLSForm question ${question}`).toBeDefined();
      if (field!.unmapped) continue;
      for (const choice of choices) expect(Object.keys(field!.values ?? {}), `${question}: ${choice}`).toContain(choice);
    }
  });

  it('covers every named method of control of the field definitions', () => {
    const definitions = readFileSync(join(referenceDir, 'Field Definitions.md'), 'utf8');
    const names = [...definitions.matchAll(/^\| (MethodsOfControl[A-Za-z]+)\s*\|/gm)].map((m) => m[1]!);
    expect(names.length).toBe(17);
    for (const name of names) expect(byName.has(name), name).toBe(true);
  });

  it('either maps a field to an NRX path or says why not', () => {
    for (const field of mapping.fields) {
      expect(field.label, field.htcds).toBeTruthy();
      if (field.unmapped) {
        expect(field.unmapped).toBe(true);
        expect(field.nrx, field.htcds).toBeUndefined();
        expect(field.reason?.length ?? 0, `${field.htcds} needs a reason`).toBeGreaterThan(20);
      } else {
        expect(field.nrx, field.htcds).toMatch(/^\//);
      }
    }
  });

  it('points every mapped field at a path that exists in the referral schema', () => {
    for (const field of mapping.fields.filter((f) => f.nrx)) {
      expect(resolveInstancePath(spec, referralId, field.nrx!), `${field.htcds} -> ${field.nrx}`).toBeDefined();
      for (const path of Object.keys(field.constants ?? {})) {
        expect(resolveInstancePath(spec, referralId, path), `${field.htcds} constant ${path}`).toBeDefined();
      }
      if (field.targetBy) {
        const selector = byName.get(field.targetBy.field);
        expect(selector, `${field.htcds} is steered by ${field.targetBy.field}`).toBeDefined();
        for (const path of Object.values(field.targetBy.paths)) {
          expect(resolveInstancePath(spec, referralId, path), `${field.htcds} -> ${path}`).toBeDefined();
        }
        expect(Object.values(field.targetBy.paths)).toContain(field.nrx);
      }
    }
  });

  it('translates every coded value into a valid value of the target field', () => {
    let checked = 0;
    for (const field of mapping.fields.filter((f) => f.nrx && (f.values || f.constants))) {
      const targets: Array<[string, unknown]> = [
        ...Object.values(field.values ?? {}).filter((v) => v !== null).map((v) => [field.nrx!, v] as [string, unknown]),
        ...Object.entries(field.constants ?? {}),
      ];
      for (const [path, value] of targets) {
        const location = resolveInstancePath(spec, referralId, path)!;
        const codelist = codelistOf(spec, location);
        if (codelist) {
          const codes = spec.codelists.get(codelist)!.codes.map((c) => c.code);
          expect(codes, `${field.htcds}: '${String(value)}' is not a code of ${codelist}`).toContain(value);
        } else {
          const target = valueSchemaOf(spec, location);
          const validate = ajv.getSchema(`${target.id}#${target.pointer}`)!;
          expect(validate(value), `${field.htcds}: ${JSON.stringify(value)} for ${path}`).toBe(true);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('gives a label for every coded value it translates', () => {
    for (const field of mapping.fields.filter((f) => f.values)) {
      expect(Object.keys(field.valueLabels ?? {}).sort(), field.htcds).toEqual(Object.keys(field.values!).sort());
    }
  });
});
