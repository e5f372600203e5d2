import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../lib/spec/paths.ts';
import { agreementFiles } from './helpers.ts';

function nrx(args: string[]): { code: number; out: string; err: string } {
  try {
    const out = execFileSync(process.execPath, [join(repoRoot, 'bin', 'nrx.js'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { code: 0, out, err: '' };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, out: e.stdout, err: e.stderr };
  }
}

describe('nrx policy check', () => {
  it('passes the example agreements', () => {
    const r = nrx(['policy', 'check', ...agreementFiles]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/no findings/);
  });

  it('exits 1 on findings and 2 on invalid input, without a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nrx-policy-'));
    try {
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, JSON.stringify({ kind: 'data-sharing-agreement', specVersion: '1.0.0', id: 'stats-health', version: '1.0.0', title: 'Stats', parties: [{ country: 'RS' }], validPeriod: { start: '2025-01-01' },
        clauses: [{ id: '1', purpose: 'statistics', to: [{ memberClass: 'EDU' }], fieldGroups: ['health'] }] }));
      const r = nrx(['policy', 'check', '--format', 'json', bad]);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.out).findings[0]).toMatchObject({ code: 'STATISTICS_SPECIAL_CATEGORY', agreement: 'stats-health', clause: '1' });
      const invalid = join(dir, 'invalid.json');
      writeFileSync(invalid, JSON.stringify({ kind: 'data-sharing-agreement', id: 'x' }));
      const v = nrx(['policy', 'check', invalid]);
      expect(v.code).toBe(2);
      expect(v.err).toMatch(/not a valid data-sharing agreement/);
      expect(v.err).not.toMatch(/\bat .*\.ts:\d+/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
