/**
 * The journal's lines are audit rows in COPY's text format: they must give back every body byte
 * for byte, both when the journal is replayed (parseCopyLine) and when COPY reads them into the
 * table, whatever the body holds (backslashes, escaped quotes, any Unicode).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_COLUMNS, copyLine, parseCopyLine } from '../../../gateway/audit/copy-lines.ts';
import type { AuditEntry } from '../../../gateway/audit/entry.ts';
import type { Db } from '../../../gateway/store/db.ts';
import { migrate } from '../../../gateway/store/migrate.ts';
import { openPglite } from '../../../gateway/store/pglite.ts';

const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({ id: 1, at: '2026-11-30T10:00:00.000Z', type: 'disclosure-decision', requester: 'RS/NGO/ATINA', purpose: 'assistance', subject: 'subj-000001', ...over });
const hex = (c: string) => c.repeat(64);

describe('audit rows in COPY text format', () => {
  it('give back the body and the links of any entry, byte for byte', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (body, seq) => {
        const line = copyLine(seq, hex('a'), hex('b'), entry(), body);
        expect(line.endsWith('\n')).toBe(true);
        expect(line.slice(0, -1)).not.toMatch(/[\n\r]/);
        expect(parseCopyLine(line.slice(0, -1))).toEqual({ seq, prevHex: hex('a'), hashHex: hex('b'), body, line: line.slice(0, -1) });
      }),
      { numRuns: 2000 },
    );
  });

  it('refuse what copyLine does not write', () => {
    const good = copyLine(7, hex('a'), hex('b'), entry(), '{"a":1}').slice(0, -1);
    expect(parseCopyLine(good)).toMatchObject({ seq: 7 });
    for (const bad of [good.replace('7\t', '07\t'), good.replace(`\\\\x${hex('a')}`, 'xx'), good.split('\t').slice(0, 9).join('\t'), `${good}\textra`, good.replace(/\t7\t/, '\t8\t'), `${good.slice(0, -2)}xx`]) {
      expect(parseCopyLine(bad)).toBeUndefined();
    }
  });

  it('name the field decision list, and read a line written before lists were stored apart as naming none', () => {
    const named = copyLine(7, hex('a'), hex('b'), entry({ fieldSet: hex('c') }), '{"a":1}').slice(0, -1);
    expect(named.endsWith(`\t\\\\x${hex('c')}`)).toBe(true);
    expect(parseCopyLine(named)?.line).toBe(named);
    const earlier = copyLine(7, hex('a'), hex('b'), entry(), '{"a":1}').slice(0, -1).split('\t').slice(0, 10).join('\t');
    expect(parseCopyLine(earlier)).toMatchObject({ seq: 7, body: '{"a":1}', line: `${earlier}\t\\N` });
  });
});

describe('COPY reading the lines into the audit table', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openPglite();
    await migrate(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('stores each body and column exactly, and NULL for a member the entry lacks', async () => {
    const bodies = ['{"note":"a \\"quoted\\" \\\\ backslash"}', '{"u":"\\u0000 \\n \\t é 🙂"}', 'tab\there\\and\\nnewline\r\n'];
    const text = bodies.map((body, i) => copyLine(i + 1, hex('0'), hex('1'), entry({ id: i + 1, ...(i === 2 ? { requester: undefined, subject: undefined } : {}) }), body)).join('');
    await db.transaction((tx) => tx.copyFrom!(`COPY audit_log (${AUDIT_COLUMNS}) FROM '/dev/blob'`, text));
    const { rows } = await db.query<{ body: string; requester: string | null; subject: string | null; type: string; hash: Uint8Array }>('SELECT body, requester, subject, type, hash FROM audit_log ORDER BY seq');
    expect(rows.map((r) => r.body)).toEqual(bodies);
    expect(rows.map((r) => r.requester)).toEqual(['RS/NGO/ATINA', 'RS/NGO/ATINA', null]);
    expect(rows[2]!.subject).toBeNull();
    expect(Buffer.from(rows[0]!.hash).toString('hex')).toBe(hex('1'));
  });

  it('refuses malformed data with PostgreSQL\'s error, adds nothing, and goes on serving', async () => {
    const before = (await db.query<{ n: unknown }>('SELECT count(*) AS n FROM audit_log')).rows[0]!.n;
    await expect(db.copyFrom!(`COPY audit_log (${AUDIT_COLUMNS}) FROM '/dev/blob'`, 'not\ta\tline\n')).rejects.toMatchObject({ code: expect.stringMatching(/^22/) });
    expect((await db.query<{ n: unknown }>('SELECT count(*) AS n FROM audit_log')).rows[0]!.n).toEqual(before);
  });
});
