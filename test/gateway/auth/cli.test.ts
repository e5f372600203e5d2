import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { main } from '../../../cli/main.ts';
import { member, trustListDocument } from './fixtures.ts';

let dir: string;

/** Runs `nrx` in this process with paths relative to the test directory, capturing its output. */
async function nrx(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const write = { stdout: process.stdout.write, stderr: process.stderr.write };
  process.stdout.write = ((chunk: string) => ((out.stdout += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((out.stderr += chunk), true)) as typeof process.stderr.write;
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    return { code: await main(args), ...out };
  } finally {
    process.chdir(cwd);
    process.stdout.write = write.stdout;
    process.stderr.write = write.stderr;
  }
}

const readJson = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nrx-cli-auth-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('nrx keys, trust-list and token', () => {
  it('generates keys, signs and verifies a trust list, and issues a token', async () => {
    const op = await nrx('keys', 'generate', '--kid', 'operator', '--out', 'operator.private.jwk');
    expect(op.code, op.stderr).toBe(0);
    expect(statSync(join(dir, 'operator.private.jwk')).mode & 0o777).toBe(0o600);
    expect(readJson('operator.public.jwk')).not.toHaveProperty('d');

    const member1 = await nrx('keys', 'generate', '--alg', 'EdDSA', '--out', '.');
    expect(member1.code, member1.stderr).toBe(0);
    const privateFile = readdirSync(dir).find((f) => f.endsWith('.private.jwk') && f !== 'operator.private.jwk')!;
    const memberKey = readJson(privateFile);
    expect(memberKey).toMatchObject({ alg: 'EdDSA', use: 'sig' });
    expect(privateFile).toBe(`${memberKey.kid}.private.jwk`);
    expect(statSync(join(dir, privateFile)).mode & 0o777).toBe(0o600);

    const { issued: _i, nextUpdate: _n, id: _id, sequence: _s, ...source } = trustListDocument([
      member('RS/GOV/CPTV', [readJson('operator.public.jwk'), readJson(`${memberKey.kid}.public.jwk`)]),
    ]);
    writeFileSync(join(dir, 'members.json'), JSON.stringify(source));
    const signed = await nrx('trust-list', 'sign', 'members.json', '--key', 'operator.private.jwk', '--out', 'trust-list.jws');
    expect(signed.code, signed.stderr).toBe(0);
    const verified = await nrx('trust-list', 'verify', 'trust-list.jws', '--key', 'operator.public.jwk');
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/NRX-SEE: valid/);
    expect(verified.stdout).toContain('RS/GOV/CPTV');

    const token = await nrx('token', '--key', privateFile, '--iss', 'RS/GOV/CPTV', '--sub', 'cw-7', '--aud', 'RS/GOV/GATEWAY', '--purpose', 'referral', '--role', 'dpo', '--ttl', '300');
    expect(token.code, token.stderr).toBe(0);
    const claims = decodeJwt(token.stdout.trim());
    expect(claims).toMatchObject({ iss: 'RS/GOV/CPTV', sub: 'cw-7', purpose: 'referral', role: 'dpo' });
    expect(claims.exp! - claims.iat!).toBe(300);
  });

  it('refuses to overwrite a key, and exits 2 with a clear message on usage errors and unreadable input', async () => {
    expect((await nrx('keys', 'generate', '--kid', 'dup', '--out', 'dup.jwk')).code).toBe(0);
    const again = await nrx('keys', 'generate', '--kid', 'dup', '--out', 'dup.jwk');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);

    const missing = await nrx('token', '--key', 'nope.jwk', '--iss', 'RS/GOV/CPTV', '--sub', 'u', '--aud', 'a', '--purpose', 'referral', '--role', 'dpo');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read key file nope\.jwk/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);

    const ttl = await nrx('token', '--key', 'dup.jwk', '--iss', 'RS/GOV/CPTV', '--sub', 'u', '--aud', 'a', '--purpose', 'referral', '--role', 'dpo', '--ttl', '3600');
    expect(ttl.code).toBe(2);
    expect(ttl.stderr).toMatch(/--ttl.*1 to 900/);

    expect((await nrx('token', '--key', 'dup.jwk')).code).toBe(2);
    expect((await nrx('trust-list', 'verify', 'absent.jws', '--key', 'dup.public.jwk')).stderr).toMatch(/cannot read trust list absent\.jws/);
    writeFileSync(join(dir, 'broken.json'), '{');
    const broken = await nrx('trust-list', 'sign', 'broken.json', '--key', 'dup.jwk', '--out', 'x.jws');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.json is not JSON/);
  });

  it('exits 1 when a trust list fails verification or validation', async () => {
    await nrx('keys', 'generate', '--kid', 'op2', '--out', 'op2.jwk');
    await nrx('keys', 'generate', '--kid', 'other', '--out', 'other.jwk');
    writeFileSync(join(dir, 'invalid.json'), JSON.stringify({ federation: 'X', members: [] }));
    const invalid = await nrx('trust-list', 'sign', 'invalid.json', '--key', 'op2.jwk', '--out', 'invalid.jws');
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/not valid/);

    const doc = trustListDocument([member('RS/GOV/CPTV', [readJson('op2.public.jwk')])]);
    writeFileSync(join(dir, 'ok.json'), JSON.stringify(doc));
    expect((await nrx('trust-list', 'sign', 'ok.json', '--key', 'op2.jwk', '--out', 'ok.jws')).code).toBe(0);
    const wrongKey = await nrx('trust-list', 'verify', 'ok.jws', '--key', 'other.public.jwk');
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toMatch(/ok\.jws: .*operator key/);
  });
});
