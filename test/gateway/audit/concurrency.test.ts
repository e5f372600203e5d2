import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, verifyAuditLog } from '../../../gateway/audit/index.ts';
import { openTestDb, sampleEntry, serverUrl, type TestDb } from './support.ts';

const PER_WORKER = 500;
const worker = fileURLToPath(new URL('./append-worker.ts', import.meta.url));
let t: TestDb;

beforeAll(async () => {
  t = await openTestDb('nrx_test_audit_conc');
  await t.db.exec('CREATE TABLE audit_test_writes (worker text NOT NULL, n integer NOT NULL)');
});
afterAll(async () => {
  await t?.close();
});

function runWorker(name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker, serverUrl!, t.schema!, String(PER_WORKER), '8', name], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`worker ${name} exited ${code}: ${err}`))));
  });
}

async function expectExactlyOneChain(): Promise<void> {
  const report = await verifyAuditLog(t.db, { skipSignatures: true });
  expect(report).toMatchObject({ ok: true, entries: 2 * PER_WORKER, lastSeq: 2 * PER_WORKER });
  const { rows } = await t.db.query<{ n: unknown; writes: unknown; min: unknown; max: unknown }>(
    'SELECT (SELECT count(*) FROM audit_log) AS n, (SELECT count(*) FROM audit_test_writes) AS writes, min(seq) AS min, max(seq) AS max FROM audit_log',
  );
  expect([rows[0]!.n, rows[0]!.writes, rows[0]!.min, rows[0]!.max].map(Number)).toEqual([2 * PER_WORKER, 2 * PER_WORKER, 1, 2 * PER_WORKER]);
}

async function appendInProcess(): Promise<void> {
  const log = auditLog({ gateway: 'RS/GOV/CPTV' });
  const lane = async (name: string) => {
    for (let n = 0; n < PER_WORKER; n += 25) {
      await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          t.db.transaction(async (tx) => {
            await tx.query('INSERT INTO audit_test_writes (worker, n) VALUES ($1, $2)', [name, n + i]);
            await log.append(tx, { ...sampleEntry(n + i), details: { worker: name, n: n + i } });
          }),
        ),
      );
    }
  };
  await Promise.all([lane('a'), lane('b')]);
}

// Against the server: two real processes, as two gateways would be. The embedded database lives in
// one process, so there the two writers are concurrent async lanes.
const writers = serverUrl ? 'two gateway processes sharing one PostgreSQL server' : 'two concurrent writers on the embedded database';

describe(writers, () => {
  it('append 2 x 500 entries from many concurrent transactions: gap-free, one intact chain', async () => {
    if (serverUrl) {
      const outputs = await Promise.all([runWorker('a'), runWorker('b')]);
      expect(outputs.map((o) => JSON.parse(o))).toEqual([{ appended: PER_WORKER }, { appended: PER_WORKER }]);
    } else {
      await appendInProcess();
    }
    await expectExactlyOneChain();
    const perWorker = await t.db.query<{ w: string; n: unknown }>("SELECT body::jsonb -> 'details' ->> 'worker' AS w, count(*) AS n FROM audit_log GROUP BY 1 ORDER BY 1");
    expect(perWorker.rows.map((r) => [r.w, Number(r.n)])).toEqual([['a', PER_WORKER], ['b', PER_WORKER]]);
  }, 120_000);
});
