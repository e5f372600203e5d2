import { afterAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { register } from '../../cli/commands/connector.ts';

const dir = mkdtempSync(join(tmpdir(), 'nrx-connector-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; out: string }> {
  const program = new Command('nrx').exitOverride();
  const exit = { code: 0 };
  register(program, exit);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return { code: exit.code, out };
}

const write = (name: string, value: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};

const good = {
  name: 'demo-shelter',
  type: 'memory',
  capabilities: ['getCase', 'findCases'],
  identifiers: ['subject', 'localCaseNumber'],
  source: { cases: [{ subject: 'sub-ana-0001', localCaseNumber: 'S-1', sections: { person: { subject: 'sub-ana-0001', sex: 'female' } } }] },
  samples: { subjects: ['sub-ana-0001'], identifiers: [{ kind: 'localCaseNumber', value: 'S-1' }] },
};

describe('nrx connector test', () => {
  it('passes a working connector and exits 0', async () => {
    const { code, out } = await run('connector', 'test', write('good.json', good));
    expect(out).toContain('PASS  mappings fit the spec');
    expect(out).toContain('PASS  health');
    expect(out).toContain('PASS  getCase sub-ana-0001');
    expect(out).toContain('PASS  findCases localCaseNumber=S-1');
    expect(out).toContain('PASS  findCases refuses a name search');
    expect(out).toContain('PASS  getCase refuses an injection attempt');
    expect(out).toMatch(/\d+ passed, 0 failed/);
    expect(code).toBe(0);
  });

  it('says why a configured case number comes back empty', async () => {
    const noNumber = structuredClone(good) as any;
    noNumber.record = { subject: '/subject', caseNumber: '/localCaseNumber' };
    delete noNumber.source.cases[0].localCaseNumber;
    noNumber.samples = { subjects: ['sub-ana-0001'] };
    const { code, out } = await run('connector', 'test', write('no-number.json', noNumber));
    expect(out).toContain('FAIL  getCase sub-ana-0001');
    expect(out).toContain("CASE_NUMBER_MISSING: connector 'demo-shelter': record 'sub-ana-0001' has no case number at record.caseNumber (/localCaseNumber); it is served without one");
    expect(code).toBe(1);
  });

  it('--show prints the mapped records with every value masked; --show-values refuses a pipe', async () => {
    const { code, out } = await run('connector', 'test', '--show', write('show.json', good));
    expect(code).toBe(0);
    expect(out).toContain('PASS  getCase sub-ana-0001');
    expect(out).toContain('"subject": "<string>"');
    expect(out).toContain('"sex": "<string>"');
    expect(out).not.toContain('female');
    const stderr: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (stderr.push(String(chunk)), true));
    const isTTY = process.stdout.isTTY;
    process.stdout.isTTY = false;
    try {
      const refused = await run('connector', 'test', '--show-values', write('show-values.json', good));
      expect(refused.code).toBe(2);
      expect(refused.out).toBe('');
    } finally {
      process.stdout.isTTY = isTTY;
      spy.mockRestore();
    }
    expect(stderr.join('')).toContain('--show-values prints personal data and does so only to a terminal');
  });

  it('fails a sample record that does not fit the spec, and exits 1', async () => {
    const bad = structuredClone(good);
    bad.source.cases[0]!.sections.person.sex = 'F';
    const { code, out } = await run('connector', 'test', write('bad-record.json', bad));
    expect(out).toContain('FAIL  getCase sub-ana-0001');
    expect(out).toContain("INVALID_RECORD: connector 'demo-shelter': record 'S-1'");
    expect(code).toBe(1);
  });

  it('reports a mapping to a code outside the codelist before touching the system', async () => {
    const config = {
      name: 'ngo-csv', type: 'spreadsheet', capabilities: ['getCase'], record: { subject: '/ref' },
      source: { path: join(dir, 'nowhere'), cases: { table: 'cases' } },
      mapping: { case: [{ from: '/sex', to: '/sections/person/sex', codes: { Z: 'woman' } }] },
    };
    const { code, out } = await run('connector', 'test', write('bad-mapping.yaml', JSON.stringify(config)));
    expect(out).toContain("FAIL  configuration and mappings");
    expect(out).toContain("'Z' translates to 'woman', which is not in the codelist sex");
    expect(code).toBe(1);
  });

  it('reports an unreachable system as a failed health check, with JSON output on request', async () => {
    const config = { ...good, identifiers: ['subject'], samples: { subjects: ['sub-ana-0001'] }, name: 'down-api', type: 'http', record: { subject: '/s' }, source: { baseUrl: 'http://127.0.0.1:1', cases: { path: '/cases' } }, mapping: { case: [{ from: '/s', to: '/sections/person/subject' }] } };
    const { code, out } = await run('connector', 'test', write('down.json', config), '--json');
    const report = JSON.parse(out);
    expect(report.passed).toBe(false);
    expect(report.results.find((r: { name: string }) => r.name === 'health')).toMatchObject({ status: 'fail', detail: expect.stringContaining("connector 'down-api'") });
    expect(code).toBe(1);
  });

  it('explains a file that is not a configuration', async () => {
    const { code, out } = await run('connector', 'test', write('broken.json', '{ "name": '));
    expect(out).toContain('does not parse');
    expect(out).not.toContain('    at ');
    expect(code).toBe(1);
  });
});
