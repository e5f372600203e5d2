import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey } from '../../../gateway/auth/keys.ts';
import { tableAppender, checkpointSigner } from '../../../gateway/audit/index.ts';
import type { Db } from '../../../gateway/store/db.ts';
import { migrate, readMigrations } from '../../../gateway/store/migrate.ts';
import { openPglite } from '../../../gateway/store/pglite.ts';
import { openJournalAppender } from '../../../gateway/audit/journal-appender.ts';
import { openCliTestDb, sampleEntry, serverUrl, tamper } from './support.ts';

const nrx = fileURLToPath(new URL('../../../bin/nrx.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'nrx-audit-cli-'));
const keyFile = join(dir, 'gateway.public.jwk');
let opened: Awaited<ReturnType<typeof openCliTestDb>>;
let db: Db;
/** Where the command finds the database: a data directory, or the server and the test's schema. */
let target: string[];

function nrxRun(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [nrx, ...args], { env: { ...process.env, NRX_DATA_DIR: '' } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}
const run = (args: string[]) => nrxRun(['audit', 'verify', ...args]);

beforeAll(async () => {
  opened = await openCliTestDb('nrx_test_audit_cli', dir);
  ({ db, target } = opened);
  const keys = await generateSigningKey();
  writeFileSync(keyFile, JSON.stringify(keys.publicJwk));
  const log = tableAppender({ db, gateway: 'RS/GOV/CPTV', signer: await checkpointSigner(keys.privateJwk), checkpointEvery: 10 });
  for (let i = 1; i <= 35; i++) await db.transaction((tx) => log.append(tx, sampleEntry(i)));
  await opened.release();
});
afterAll(async () => {
  await opened?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('nrx audit export', () => {
  it('writes every entry as a FHIR AuditEvent with its field decisions, which the trail stores apart', async () => {
    const result = await nrxRun(['audit', 'export', ...target, '--format', 'ndjson']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line)).filter((r) => r.resourceType === 'AuditEvent');
    expect(events).toHaveLength(35);
    for (const event of events) {
      expect(event.entity.find((e: { detail?: unknown }) => e.detail).detail).toEqual([
        { type: 'transformed', valueString: 'person.dateOfBirth (consent:c-42)' },
        { type: 'withheld', valueString: 'person.name' },
      ]);
    }
  });
});

describe('nrx audit verify', () => {
  it('reports an intact trail and exits 0', async () => {
    const result = await run([...target, '--key', keyFile]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/audit trail intact: 35 entries, last hash [0-9a-f]{64}, 3 checkpoints \(signatures checked\)/);
    expect(result.code).toBe(0);
  });

  it('prints the report as JSON', async () => {
    const result = await run([...target, '--key', keyFile, '--json']);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, entries: 35, checkpoints: 3, signaturesChecked: true });
  });

  it('asks for the key when checkpoints are signed, and exits 2', async () => {
    const result = await run(target);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/give the public keys.*--key FILE or --skip-signatures/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('explains bad input without a stack trace', async () => {
    for (const args of [[], ['--data-dir', join(dir, 'nowhere')], ['--database-url', 'mysql://x/y'], ['--data-dir', dir, '--key', join(dir, 'missing.jwk')]]) {
      const result = await run(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^nrx audit verify: .+\n$/);
    }
  });

  it('names the first bad entry and exits 1', async () => {
    if (!serverUrl) db = await openPglite(join(dir, 'data', 'db'));
    const { rows } = await db.query<{ body: string }>('SELECT body FROM audit_log WHERE seq = 17');
    const altered = rows[0]!.body.replace('"assistance"', '"criminal-justice"');
    await tamper(db, ['UPDATE audit_log SET body = $1 WHERE seq = 17'], [[altered]]);
    if (!serverUrl) await db.close();
    const result = await run([...target, '--key', keyFile]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/audit trail BROKEN at entry 17 \[hash-mismatch\]: entry 17 was altered/);
    expect(result.stdout).toMatch(/16 entries verified before it, 1 checkpoints/);
  });
});

describe('nrx audit verify on a data directory a crash left', () => {
  it('first puts the entries the gateway committed to its journal into the table, then verifies them all', async () => {
    // Always the embedded database: only it commits reads through a journal.
    const data = join(dir, 'crashed');
    const crashed = await openPglite(join(data, 'db'));
    await migrate(crashed);
    await crashed.transaction((tx) => tableAppender({ db: crashed, gateway: 'RS/GOV/CPTV' }).append(tx, sampleEntry(1)));
    const journal = await openJournalAppender({ db: crashed, gateway: 'RS/GOV/CPTV', dir: join(data, 'audit-journal'), limits: { copyAfterMs: 3_600_000 } });
    await journal.record([sampleEntry(2), sampleEntry(3)]);
    await journal.record([sampleEntry(4)]);
    // The process dies here: the database closes, the journal is never emptied.
    await crashed.close();

    const result = await run(['--data-dir', data, '--skip-signatures']);
    expect(result.stderr).toBe('3 entries left in the audit journal were put into the audit table first\n');
    expect(result.stdout).toMatch(/audit trail intact: 4 entries/);
    expect(result.code).toBe(0);
    // Replayed once: the journal is gone, and a second run finds nothing to add.
    const again = await run(['--data-dir', data, '--skip-signatures']);
    expect(again.stderr).toBe('');
    expect(again.stdout).toMatch(/audit trail intact: 4 entries/);
  });
});

describe('nrx audit verify on a data directory an earlier gateway version left with a journal', () => {
  it('asks for the gateway to be started once, which upgrades the database before replaying, and changes nothing', async () => {
    const data = join(dir, 'earlier');
    const earlier = await openPglite(join(data, 'db'));
    await migrate(earlier, readMigrations().filter((m) => m.version < 5));
    await earlier.close();
    mkdirSync(join(data, 'audit-journal'));
    writeFileSync(join(data, 'audit-journal', 'segment-000000000001.log'), '');
    const result = await run(['--data-dir', data, '--skip-signatures']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^nrx audit verify: .*earlier gateway version.*start the gateway once/);
    const after = await openPglite(join(data, 'db'));
    expect((await after.query("SELECT to_regclass('audit_field_sets')::text AS t")).rows[0]).toEqual({ t: null });
    await after.close();
  });
});
