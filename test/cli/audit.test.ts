import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableAppender } from '../../gateway/audit/index.ts';
import { migrate } from '../../gateway/store/migrate.ts';
import { openPglite } from '../../gateway/store/pglite.ts';
import { sampleEntry } from '../gateway/audit/support.ts';
import { nrx, nrxOnTerminal } from './run.ts';

const dir = mkdtempSync(join(tmpdir(), 'nrx-audit-cli-'));
const target = ['--data-dir', join(dir, 'data')];
const env = () => {
  const { NO_COLOR: _n, FORCE_COLOR: _f, CI: _c, ...rest } = process.env;
  return { ...rest, NO_COLOR: '1', NRX_DATA_DIR: '' };
};

beforeAll(async () => {
  const db = await openPglite(join(dir, 'data', 'db'));
  await migrate(db);
  const log = tableAppender({ db, gateway: 'RS/GOV/CPTV' });
  for (let i = 1; i <= 35; i++) await db.transaction((tx) => log.append(tx, sampleEntry(i)));
  await db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('nrx audit: progress on a terminal', () => {
  it('verify shows entries checked of the head, with rate and ETA, and nothing when piped', async () => {
    const terminal = await nrxOnTerminal(['audit', 'verify', ...target, '--skip-signatures'], { env: env() });
    expect(terminal.stdout).toMatch(/\d+\/35 entries \| [\d,]+\/s \| ETA /);
    expect(terminal.stdout).toContain('audit trail intact: 35 entries');
    const piped = await nrx(['audit', 'verify', ...target, '--skip-signatures'], { env: env() });
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe('');
  });

  it('export shows entries written of the total on a terminal, and nothing on standard error when piped', async () => {
    const terminal = await nrxOnTerminal(['audit', 'export', ...target, '--out', join(dir, 'out.ndjson')], { env: env() });
    expect(terminal.stdout).toMatch(/\d+\/35 entries \| [\d,]+\/s \| ETA /);
    const piped = await nrx(['audit', 'export', ...target], { env: env() });
    expect(piped.stderr).toBe('');
    expect(piped.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(35);
  });
});

describe('nrx audit report: agencies by their directory name', () => {
  const subject = sampleEntry(1).subject!;
  const directory = join(dir, 'directory.json');
  writeFileSync(directory, JSON.stringify({ kind: 'trust-list', members: [{ id: 'RS/NGO/ASTRA', name: 'ASTRA – Anti-Trafficking Action' }] }));

  it('names the recipient by its directory name and id, in the report\'s language', async () => {
    for (const [lang, sentence] of [['en', 'ASTRA – Anti-Trafficking Action (RS/NGO/ASTRA) received information about you'], ['sr', 'ASTRA – Anti-Trafficking Action (RS/NGO/ASTRA) je primio podatke o vama']]) {
      const result = await nrx(['audit', 'report', ...target, '--subject', subject, '--lang', lang!, '--directory', directory], { env: env() });
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain(sentence);
    }
  });

  it('says an agency is not in the directory, in the report\'s language', async () => {
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify([{ id: 'RS/GOV/CPTV', name: 'Centre' }]));
    const en = await nrx(['audit', 'report', ...target, '--subject', subject, '--directory', other], { env: env() });
    expect(en.stdout).toContain('an organisation not in the directory (RS/NGO/ASTRA) received information about you');
    const sr = await nrx(['audit', 'report', ...target, '--subject', subject, '--lang', 'sr', '--directory', other], { env: env() });
    expect(sr.stdout).toContain('organizacija koje nema u imeniku (RS/NGO/ASTRA) je primio podatke o vama');
  });

  it('refuses a signed trust list without the key to check it', async () => {
    const signed = join(dir, 'signed.jws');
    writeFileSync(signed, 'eyJhbGciOiJFUzI1NiJ9.eyJ4IjoxfQ.c2ln');
    const result = await nrx(['audit', 'report', ...target, '--subject', subject, '--directory', signed], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('give the operator\'s public key with --directory-key FILE');
  });
});
