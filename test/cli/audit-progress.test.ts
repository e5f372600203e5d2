import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../gateway/audit/index.ts';
import { migrate } from '../../gateway/store/migrate.ts';
import { openPglite } from '../../gateway/store/pglite.ts';
import { sampleEntry } from '../gateway/audit/support.ts';
import { nrx, nrxOnTerminal } from './run.ts';

const dir = mkdtempSync(join(tmpdir(), 'nrx-audit-progress-'));
const target = ['--data-dir', join(dir, 'data')];
const env = () => {
  const { NO_COLOR: _n, FORCE_COLOR: _f, CI: _c, ...rest } = process.env;
  return { ...rest, NO_COLOR: '1', NRX_DATA_DIR: '' };
};

beforeAll(async () => {
  const db = await openPglite(join(dir, 'data', 'db'));
  await migrate(db);
  const log = auditLog({ gateway: 'RS/GOV/CPTV' });
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
