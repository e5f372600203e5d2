import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { createConnector } from '../../connectors/index.ts';
import { exportHtcdsRow, readHtcdsMapping } from '../../connectors/htcds.ts';
import { specCheck } from '../../connectors/spec-check.ts';
import { repoRoot } from '../../lib/spec/paths.ts';

const dir = mkdtempSync(join(tmpdir(), 'nrx-sheet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Makes the next read see a new modification time even within the file system's time resolution. */
const touch = (file: string, secondsAhead: number) => utimesSync(file, new Date(), new Date(Date.now() + secondsAhead * 1000));

describe('spreadsheet connector: a folder of CSV files', () => {
  const folder = join(dir, 'csv');
  const config = {
    name: 'ngo-sheets',
    type: 'spreadsheet',
    capabilities: ['getCase', 'findCases'],
    identifiers: ['subject', 'localCaseNumber'],
    record: { subject: '/Pseudonym', caseNumber: '/Case no', key: '/Case no' },
    source: { path: folder, cases: { table: 'cases' }, related: { needs: { table: 'needs', key: '/Case no' } } },
    mapping: {
      case: [
        { from: '/Pseudonym', to: '/sections/person/subject' },
        { from: '/Sex', to: '/sections/person/sex', codes: { F: 'female', M: 'male' } },
        { from: '/Born', to: '/sections/person/dateOfBirth', transform: { date: 'DD/MM/YYYY' } },
        { from: '/Interpreter', to: '/sections/person/interpreterNeeded', transform: 'yesno' },
        { from: '/needs/*/Need id', to: '/sections/needs/*/id' },
        { from: '/needs/*/Need', to: '/sections/needs/*/category', codes: { food: 'economic.material-aid', shoes: 'economic.material-aid', school: 'education-training.schooling' } },
        { from: '/needs/*/For', to: '/sections/needs/*/beneficiary', codes: { her: 'person', child: 'dependant' } },
        { from: '/needs/*/Need', jsonata: "'open'", to: '/sections/needs/*/status' },
        { from: '/needs/*/Need', jsonata: "'pre-existing'", to: '/sections/needs/*/origin' },
      ],
    },
  };

  beforeAll(() => {
    mkdirSync(folder);
    writeFileSync(join(folder, 'cases.csv'), 'Case no,Pseudonym,Name,Sex,Born,Interpreter\nK-1,sub-vera-0001,Vera,F,03/11/1989,no\nK-2,sub-dana-0002,Dana,Q,01/01/1990,no\nK-3,"sub-broken-0003,oops\n');
    writeFileSync(join(folder, 'needs.csv'), 'Case no,Need id,Need,For\nK-1,5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e01,food,her\nK-1,5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e02,school,her\n');
  });

  it('serves rows as spec-valid sections with related rows, and reports unknown codes', async () => {
    const connector = await createConnector(config);
    const { records, problems } = await connector.getCases(['sub-vera-0001', 'sub-dana-0002']);
    expect(problems.filter((p) => p.code !== 'MALFORMED_RECORD' && p.code !== 'UNKNOWN_CODE')).toEqual([]);
    expect(records).toHaveLength(1);
    expect(records[0]!.sections).toEqual({
      person: { subject: 'sub-vera-0001', sex: 'female', dateOfBirth: '1989-11-03', interpreterNeeded: false },
      needs: [
        { id: '5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e01', category: 'economic.material-aid', beneficiary: 'person', status: 'open', origin: 'pre-existing' },
        { id: '5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e02', category: 'education-training.schooling', beneficiary: 'person', status: 'open', origin: 'pre-existing' },
      ],
    });
    expect(problems.find((p) => p.code === 'UNKNOWN_CODE')).toMatchObject({ connector: 'ngo-sheets', record: 'K-2', field: '/sections/person/sex' });
  });

  it('reports a malformed line by file and line, and keeps serving the others', async () => {
    const connector = await createConnector(config);
    const { records, problems } = await connector.getCase('sub-vera-0001');
    expect(records).toHaveLength(1);
    const malformed = problems.find((p) => p.code === 'MALFORMED_RECORD');
    expect(malformed?.record).toMatch(/^cases\.csv line \d+$/);
    expect(malformed?.message).toContain("connector 'ngo-sheets'");
  });

  it('picks up an edited file without a restart', async () => {
    const connector = await createConnector(config);
    expect((await connector.getCase('sub-new-0004')).records).toEqual([]);
    const file = join(folder, 'cases.csv');
    writeFileSync(file, 'Case no,Pseudonym,Name,Sex,Born,Interpreter\nK-1,sub-vera-0001,Vera,F,03/11/1989,no\nK-4,sub-new-0004,Nina,F,12/12/2000,yes\n');
    touch(file, 5);
    const { records, problems } = await connector.getCase('sub-new-0004');
    expect(problems).toEqual([]);
    expect(records[0]!.sections.person).toMatchObject({ dateOfBirth: '2000-12-12', interpreterNeeded: true });
  });
});

describe('spreadsheet connector: the IOM HTCDS 2.0 Excel template', () => {
  const template = join(repoRoot, 'spec/mappings/htcds-2.0/HTCDS Excel Spreadsheet v2.0.xlsx');
  const mappingFile = join(repoRoot, 'spec/mappings/htcds-2.0.json');
  const workbook = join(dir, 'htcds-cases.xlsx');
  const written = [
    {
      nrx_SubjectRef: 'sub-irina-0001', prs_FirstName: 'Irina', prs_SecondName: 'Ceban', prs_Birthdate: new Date(Date.UTC(1996, 4, 17)), prs_Gender: 'Feminine',
      prs_Citizenship: 'MD', prs_Email: 'irina@example.org', prs_MobilePhone: '+373 600 11 222', prs_MailingCity: 'Chișinău', prs_MailingCountry: 'MD',
      vic_TypeOfExploitation: 'SexualExploitation;ForcedLabour', vic_MethodsOfControl: 'DebtBondage', vic_LocationOfExploitation: 'RS',
    },
    { nrx_SubjectRef: 'sub-sasha-0002', prs_FirstName: 'Sasha', prs_Gender: 'Masculine', prs_Citizenship: 'UA', prs_Birthdate: new Date(Date.UTC(2001, 0, 2)) },
  ];
  const config = {
    name: 'iom-htcds',
    type: 'spreadsheet',
    capabilities: ['getCase'],
    record: { subject: '/nrx_SubjectRef' },
    source: { path: workbook, cases: { table: 'Sheet1', headerRow: 1, firstDataRow: 3 } },
    mapping: { htcds: mappingFile },
  };

  beforeAll(async () => {
    copyFileSync(template, workbook);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(workbook);
    const sheet = book.getWorksheet('Sheet1')!;
    const columns = new Map<string, number>();
    sheet.getRow(1).eachCell((cell, column) => columns.set(String(cell.value), column));
    // The template has no pseudonym column; the agency adds one after the last.
    const subjectColumn = sheet.getRow(1).cellCount + 1;
    sheet.getRow(1).getCell(subjectColumn).value = 'nrx_SubjectRef';
    columns.set('nrx_SubjectRef', subjectColumn);
    written.forEach((values, i) => {
      const row = sheet.getRow(3 + i);
      for (const [name, value] of Object.entries(values)) {
        const column = columns.get(name);
        if (!column) throw new Error(`the template has no column ${name}`);
        row.getCell(column).value = value;
      }
      row.commit();
    });
    await book.xlsx.writeFile(workbook);
  });

  it('reads rows written into the template as spec-valid NRX sections', async () => {
    const connector = await createConnector(config);
    const { records, problems } = await connector.getCases(['sub-irina-0001', 'sub-sasha-0002']);
    expect(problems).toEqual([]);
    expect(records).toHaveLength(2);
    const irina = records[0]!.sections as any;
    expect(irina.person).toMatchObject({ givenName: 'Irina', familyName: 'Ceban', dateOfBirth: '1996-05-17', sex: 'female', citizenships: ['MD'], currentAddress: { locality: 'Chișinău', country: 'MD' } });
    expect(irina.traffickingEpisodes).toHaveLength(1);
    expect(irina.traffickingEpisodes[0]).toMatchObject({ forms: ['sexual-exploitation', 'forced-labour'], meansOfControl: ['debt-bondage'], countriesOfExploitation: ['RS'] });
    expect(irina.traffickingEpisodes[0].id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5/);
    expect(specCheck().check('sections', irina)).toBeNull();
    expect((records[1]!.sections as any).traffickingEpisodes).toBeUndefined();
  });

  it('exports the sections back to HTCDS columns with the same values', async () => {
    const connector = await createConnector(config);
    const { records } = await connector.getCases(['sub-irina-0001', 'sub-sasha-0002']);
    const mapping = readHtcdsMapping('test', mappingFile);
    records.forEach((record, i) => {
      const exported = exportHtcdsRow(mapping, record.sections);
      const { nrx_SubjectRef: _subject, ...original } = written[i]!;
      const expected = Object.fromEntries(Object.entries(original).map(([k, v]) => [k, v instanceof Date ? v.toISOString().slice(0, 10) : v]));
      expect(exported).toEqual(expected);
    });
  });

  it('serves a row added to the workbook without a restart', async () => {
    const connector = await createConnector(config);
    expect((await connector.getCase('sub-late-0003')).records).toEqual([]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(workbook);
    const sheet = book.getWorksheet('Sheet1')!;
    const names = (sheet.getRow(1).values as unknown[]).map(String);
    const row = sheet.getRow(10);
    row.getCell(names.indexOf('nrx_SubjectRef')).value = 'sub-late-0003';
    row.getCell(names.indexOf('prs_Gender')).value = 'Masculine';
    row.commit();
    await book.xlsx.writeFile(workbook);
    touch(workbook, 5);
    const { records, problems } = await connector.getCase('sub-late-0003');
    expect(problems).toEqual([]);
    expect(records[0]!.sections.person).toEqual({ subject: 'sub-late-0003', sex: 'male' });
  });

  it('reports a value the HTCDS mapping does not know, naming the column', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(workbook);
    const sheet = book.getWorksheet('Sheet1')!;
    const names = (sheet.getRow(1).values as unknown[]).map(String);
    const row = sheet.getRow(11);
    row.getCell(names.indexOf('nrx_SubjectRef')).value = 'sub-odd-0004';
    row.getCell(names.indexOf('prs_Gender')).value = 'Female-ish';
    row.commit();
    await book.xlsx.writeFile(workbook);
    touch(workbook, 10);
    const connector = await createConnector(config);
    const { records, problems } = await connector.getCase('sub-odd-0004');
    expect(records).toEqual([]);
    expect(problems[0]).toMatchObject({ connector: 'iom-htcds', code: 'UNKNOWN_CODE', field: '/sections/person/sex' });
    expect(problems[0]!.message).toContain("local code 'Female-ish' (from /prs_Gender)");
  });
});

describe('spreadsheet connector: cells of every kind in an .xlsx workbook', () => {
  const workbook = join(dir, 'cells.xlsx');
  const config = {
    name: 'cells',
    type: 'spreadsheet',
    capabilities: ['getCase'],
    record: { subject: '/ref' },
    source: { path: workbook, cases: { table: 'Cases', headerRow: 2 } },
    mapping: {
      case: [
        { from: '/ref', to: '/sections/person/subject' },
        { from: '/name', to: '/sections/person/givenName' },
        { from: '/family', to: '/sections/person/familyName' },
      ],
    },
  };

  beforeAll(async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Cases');
    // A title row above the header, as agencies' sheets often have.
    sheet.getRow(1).getCell(1).value = 'Cases of the shelter';
    sheet.getRow(2).values = [undefined, 'ref', 'name', 'family'];
    sheet.getRow(3).values = [undefined, '  sub-cells-0001 ', { richText: [{ text: 'Ir' }, { text: 'ina', font: { bold: true } }] }, { formula: 'UPPER("ceban")', result: 'CEBAN' }];
    await book.xlsx.writeFile(workbook);
    writeFileSync(join(dir, 'broken.xlsx'), 'not a zip archive');
  });

  it('reads trimmed text, rich text as its text and formulas as their stored results, below a title row', async () => {
    const connector = await createConnector(config);
    const { records, problems } = await connector.getCase('sub-cells-0001');
    expect(problems).toEqual([]);
    expect(records[0]!.sections.person).toEqual({ subject: 'sub-cells-0001', givenName: 'Irina', familyName: 'CEBAN' });
  });

  it('reports a file that is not a workbook, and a missing worksheet, as the source failing', async () => {
    const broken = await createConnector({ ...config, source: { ...config.source, path: join(dir, 'broken.xlsx') } });
    await expect(broken.getCase('sub-cells-0001')).rejects.toMatchObject({ code: 'SOURCE_ERROR', message: expect.stringContaining('is not a readable .xlsx workbook') });
    const missing = await createConnector({ ...config, source: { ...config.source, cases: { table: 'Nope' } } });
    await expect(missing.getCase('sub-cells-0001')).rejects.toMatchObject({ code: 'SOURCE_ERROR', message: expect.stringContaining("no worksheet 'Nope'") });
  });
});
