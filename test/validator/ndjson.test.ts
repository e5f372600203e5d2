import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { createValidator, validateNdjson, type NdjsonRecordResult } from '../../lib/validator/index.ts';
import { fixtureReferral, fixtureSpecDir } from './helpers.ts';

const validator = createValidator({ specDir: fixtureSpecDir });

async function run(chunks: Array<string | Buffer>, v = validator) {
  const records: NdjsonRecordResult[] = [];
  const summary = await validateNdjson(Readable.from(chunks, { objectMode: true }), v, { onRecord: (r) => void records.push(r) });
  return { summary, records };
}

const good = JSON.stringify(fixtureReferral());
const badSex = (() => {
  const doc = fixtureReferral();
  doc.sections.person.sex = 'femal';
  return JSON.stringify(doc);
})();

describe('validateNdjson', () => {
  it('reports every record with its line number when a bad line sits in the middle', async () => {
    const { summary, records } = await run([`${good}\n${good}\n{"kind": "referral", oops\n${badSex}\n${good}\n`]);
    expect(summary).toMatchObject({ records: 5, valid: 3, invalid: 2, blankLines: 0 });
    expect(records.map((r) => [r.line, r.valid])).toEqual([[1, true], [2, true], [3, false], [4, false], [5, true]]);
    expect(records[2]!.issues[0]).toMatchObject({ keyword: 'parse', line: 3 });
    expect(records[3]!.issues[0]).toMatchObject({ keyword: 'oneOf', line: 4, pointer: '/sections/person/sex', suggestion: 'female' });
    expect(good.slice(records[3]!.issues[0]!.column! - 1)).toMatch(/^"female"/);
  });

  it('joins lines split across chunks, even inside a multi-byte character, and handles CRLF and a last line without newline', async () => {
    const doc = fixtureReferral();
    doc.sections.person.givenName = 'Ана';
    const line = Buffer.from(JSON.stringify(doc));
    const cyrillic = line.indexOf(Buffer.from('А')) + 1;
    const { summary, records } = await run([line.subarray(0, cyrillic), Buffer.concat([line.subarray(cyrillic), Buffer.from('\r\n\n  \n')]), good]);
    expect(summary).toMatchObject({ records: 2, valid: 2, blankLines: 2 });
    expect(records.map((r) => r.line)).toEqual([1, 4]);
  });

  it('reports invalid UTF-8 and oversized lines per record, and carries on', async () => {
    const small = createValidator({ specDir: fixtureSpecDir, maxBytes: good.length });
    const { summary, records } = await run([Buffer.concat([Buffer.from('{"kind":"\xff"}', 'latin1'), Buffer.from(`\n${good}x${good}\n`), Buffer.from(`${good}\n`)])], small);
    expect(records.map((r) => [r.line, r.valid, r.issues[0]?.keyword])).toEqual([[1, false, 'encoding'], [2, false, 'size'], [3, true, undefined]]);
    expect(summary).toMatchObject({ records: 3, valid: 1, invalid: 2 });
  });

  it('checks every record as the kind the caller chose', async () => {
    const records: NdjsonRecordResult[] = [];
    await validateNdjson(Readable.from([`${good}\n`]), validator, { kind: 'status-update', onRecord: (r) => void records.push(r) });
    expect(records[0]).toMatchObject({ valid: false, kind: 'status-update' });
  });

  it('counts no records in empty input', async () => {
    expect((await run([])).summary).toMatchObject({ records: 0, valid: 0, invalid: 0 });
  });

  it('waits for a slow consumer before reading on', async () => {
    const order: string[] = [];
    // A bare async iterable, not a Readable, so that no read-ahead buffer hides the pacing.
    const input = (async function* () {
      for (let i = 0; i < 3; i++) {
        order.push(`read ${i}`);
        yield `${good}\n`;
      }
    })();
    await validateNdjson(input, validator, {
      onRecord: async (r) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        order.push(`done ${r.line}`);
      },
    });
    expect(order).toEqual(['read 0', 'done 1', 'read 1', 'done 2', 'read 2', 'done 3']);
  });
});
