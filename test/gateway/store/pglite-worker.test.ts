import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { Db } from '../../../gateway/store/db.ts';
import { openPglite, pgliteOver } from '../../../gateway/store/pglite.ts';
import { startPgliteWorker } from '../../../gateway/store/pglite-link.ts';

const TABLE = `CREATE TABLE t (
  id int PRIMARY KEY, label text, big bigint, flag boolean, at timestamptz, doc jsonb, raw bytea,
  raws bytea[], labels text[], bigs bigint[], ids uuid[]
)`;

let db: Db;
beforeAll(async () => {
  db = await openPglite();
  await db.exec(TABLE);
});
afterAll(() => db.close());

/** The error a call rejects with (and a failed test if it resolves). */
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('the call should have failed'),
    (error: unknown) => error as Error & Record<string, unknown>,
  );

const settledYet = (promise: Promise<unknown>) => {
  let settled = false;
  promise.then(() => (settled = true), () => (settled = true));
  return () => settled;
};

describe('embedded PGlite in a worker thread', () => {
  it('runs scripts and queries', async () => {
    await db.exec('CREATE TABLE script_a (n int); CREATE TABLE script_b (n int); INSERT INTO script_a VALUES (1), (2)');
    expect((await db.query<{ n: number }>('SELECT n FROM script_a ORDER BY n')).rows).toEqual([{ n: 1 }, { n: 2 }]);
    expect(await db.query('SELECT 1 AS one WHERE false')).toEqual({ rows: [] });
    expect(await db.exec('SELECT 1')).toBeUndefined();
  });

  it('takes and returns every parameter type the gateway uses, exactly as PGlite in this thread does', async () => {
    const hash = createHash('sha256').update('entry').digest();
    const pooled = Buffer.from('a pooled buffer'); // a view into Node's shared pool
    const params = [
      1, 'ä "quoted" \\ text', 12345678901234, true, '2025-01-02T03:04:05.678Z', { note: 'ä', list: [1, null], nested: { at: 'x' } }, pooled,
      [hash, new Uint8Array([0, 255]), pooled], ['a', null, 'c'], [1n, 2, 9007199254740993n], ['00000000-0000-4000-8000-000000000001'],
    ];
    const insert = 'INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *';
    const local = await PGlite.create();
    try {
      await local.exec(TABLE);
      const expected = (await local.query(insert, params)).rows;
      const { rows } = await db.query(insert, params);
      expect(rows).toEqual(expected);
      const row = rows[0] as Record<string, unknown>;
      expect(row.raw).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(row.raw as Uint8Array).toString()).toBe('a pooled buffer');
      expect((row.raws as Uint8Array[]).map((r) => Buffer.from(r).toString('hex'))).toEqual([hash.toString('hex'), '00ff', pooled.toString('hex')]);
      expect(row.at).toEqual(new Date('2025-01-02T03:04:05.678Z'));
      const dateParam = (await db.query<{ at: Date }>('SELECT $1::timestamptz AS at', [new Date('2025-05-06T07:08:09Z')])).rows[0]!.at;
      expect(dateParam).toEqual(new Date('2025-05-06T07:08:09Z'));
      const unnest = 'SELECT * FROM unnest($1::bigint[], $2::bytea[], $3::text[]) AS u(seq, hash, body)';
      const batch = [[1, 2], [hash, pooled], ['one', null]];
      expect((await db.query(unnest, batch)).rows).toEqual((await local.query(unnest, batch)).rows);
    } finally {
      await local.close();
    }
  });

  it('keeps the fields callers look at on errors, with a stack from the calling side', async () => {
    await db.query('INSERT INTO t (id) VALUES ($1)', [100]);
    const duplicate = await rejection(db.query('INSERT INTO t (id) VALUES ($1)', [100]));
    expect(duplicate).toBeInstanceOf(Error);
    expect(duplicate).toMatchObject({ code: '23505', constraint: 't_pkey', table: 't', severity: 'ERROR', detail: 'Key (id)=(100) already exists.', query: 'INSERT INTO t (id) VALUES ($1)', params: [100] });
    expect(duplicate.message).toMatch(/duplicate key value violates unique constraint "t_pkey"/);
    expect(duplicate.stack).toContain('pglite-worker.test.ts');
    await expect(db.query('SELEC 1')).rejects.toMatchObject({ code: '42601', position: '1', message: expect.stringMatching(/syntax error/) });
    await expect(db.exec('SELECT * FROM missing_table')).rejects.toMatchObject({ code: '42P01' });
    const failedIn = await rejection(db.transaction((tx) => tx.query('INSERT INTO t (id) VALUES (100)')));
    expect(failedIn.code).toBe('23505');
  });

  it('commits a transaction when its work resolves and rolls it back, rejecting with the same error, when it throws', async () => {
    const value = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO t (id, label) VALUES (200, $1)', ['kept']);
      return (await tx.query<{ label: string }>('SELECT label FROM t WHERE id = 200')).rows[0]!.label;
    });
    expect(value).toBe('kept');
    const refusal = new Error('the caller changed its mind');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t (id) VALUES (201)');
        await tx.exec('UPDATE t SET label = NULL WHERE id = 200');
        throw refusal;
      }),
    ).rejects.toBe(refusal);
    expect((await db.query('SELECT id, label FROM t WHERE id IN (200, 201)')).rows).toEqual([{ id: 200, label: 'kept' }]);
  });

  it('reports a transaction PostgreSQL rolled back instead of committing, as PGlite does', async () => {
    const outcome = db.transaction(async (tx) => {
      await tx.query('INSERT INTO t (id) VALUES (100)').catch(() => {}); // aborts the transaction
      return 'done';
    });
    await expect(outcome).rejects.toMatchObject({ code: '25P02' });
  });

  it('makes statements outside a transaction wait until it ends, and runs transactions one after another', async () => {
    let outside: Promise<{ rows: Array<{ n: number }> }> | undefined;
    let outsideSettled: () => boolean = () => false;
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO t (id) VALUES (300)');
      outside = db.query<{ n: number }>('SELECT count(*)::int AS n FROM t WHERE id = 300');
      outsideSettled = settledYet(outside);
      for (let i = 0; i < 5; i++) await tx.query('SELECT pg_sleep(0.005)');
      expect(outsideSettled()).toBe(false);
    });
    expect((await outside!).rows).toEqual([{ n: 1 }]);

    await db.exec('CREATE TABLE counter (n int); INSERT INTO counter VALUES (0)');
    const steps: string[] = [];
    const increment = (name: string) =>
      db.transaction(async (tx) => {
        steps.push(`${name} begins`);
        const { rows } = await tx.query<{ n: number }>('SELECT n FROM counter');
        await new Promise((resolve) => setTimeout(resolve, 20));
        await tx.query('UPDATE counter SET n = $1', [rows[0]!.n + 1]);
        steps.push(`${name} ends`);
      });
    await Promise.all([increment('a'), increment('b'), increment('c')]);
    expect((await db.query('SELECT n FROM counter')).rows).toEqual([{ n: 3 }]);
    expect(steps).toEqual(['a begins', 'a ends', 'b begins', 'b ends', 'c begins', 'c ends']);
  });

  it('leaves the event loop free while a long statement runs', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      // Some hundreds of milliseconds of WASM: run in this thread, it would let no tick through.
      await db.query('SELECT count(*) FROM generate_series(1, 2000000)');
      expect(ticks).toBeGreaterThan(0);
    } finally {
      clearInterval(timer);
    }
  });
});

describe('the worker thread going away', () => {
  it('rejects pending and later calls with an error naming the embedded database, when the thread is killed', async () => {
    const link = await startPgliteWorker();
    const dying = pgliteOver(link);
    const pending = dying.query('SELECT count(*) FROM generate_series(1, 100000000)');
    const queued = dying.query('SELECT 1');
    setTimeout(() => void link.worker.terminate(), 50);
    await expect(pending).rejects.toThrow(/embedded database.*stopped unexpectedly/);
    await expect(queued).rejects.toThrow(/embedded database/);
    await expect(dying.query('SELECT 1')).rejects.toThrow(/embedded database/);
    await expect(dying.transaction(async () => 1)).rejects.toThrow(/embedded database/);
    await expect(dying.close()).resolves.toBeUndefined();
  });

  it('rejects the call that ran it out of memory, and every later one', async () => {
    const link = await startPgliteWorker({ resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 4 } });
    const starved = pgliteOver(link);
    await expect(starved.query("SELECT g, 'row ' || g AS label FROM generate_series(1, 1000000) g")).rejects.toThrow(/embedded database.*crashed.*memory/);
    await expect(starved.query('SELECT 1')).rejects.toThrow(/embedded database/);
    await starved.close();
  });

  it('closes once however often close is called, and refuses calls afterwards', async () => {
    const closing = await openPglite();
    await closing.query('SELECT 1');
    const first = closing.close();
    expect(closing.close()).toBe(first);
    await first;
    await expect(closing.close()).resolves.toBeUndefined();
    await expect(closing.query('SELECT 1')).rejects.toThrow(/embedded database.*closed/);
  });

  it('keeps a process alive while a call is pending, and not once it is idle', () => {
    const pglite = fileURLToPath(new URL('../../../gateway/store/pglite.ts', import.meta.url));
    const script = `
      const { openPglite } = await import(${JSON.stringify(pglite)});
      const db = await openPglite();
      db.query('SELECT 41 + 1 AS answer').then(({ rows }) => console.log(JSON.stringify(rows)));
    `;
    // `--input-type=module` also checks that the worker does not inherit an option it refuses.
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(child.stderr).toBe('');
    expect(child.stdout.trim()).toBe('[{"answer":42}]');
    expect(child.status).toBe(0);
  });
});

describe('prepared statements in the worker', () => {
  it('answers a repeated statement alike each time, with fresh parameters', async () => {
    await db.exec('CREATE TABLE prep_a (n int PRIMARY KEY, label text)');
    for (let n = 1; n <= 12; n++) {
      const { rows } = await db.query<{ n: number; label: string }>('INSERT INTO prep_a VALUES ($1, $2) RETURNING n, label', [n, `label ${n}`]);
      expect(rows).toEqual([{ n, label: `label ${n}` }]);
    }
    const { rows } = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM prep_a WHERE n > $1', [6]);
    expect(rows).toEqual([{ count: 6 }]);
  });

  it('follows a table whose columns a script changed after the statement was prepared', async () => {
    await db.exec('CREATE TABLE prep_b (n int)');
    await db.exec('INSERT INTO prep_b VALUES (1)');
    for (let i = 0; i < 6; i++) expect((await db.query('SELECT * FROM prep_b WHERE n = $1', [1])).rows).toEqual([{ n: 1 }]);
    await db.exec("ALTER TABLE prep_b ADD COLUMN label text DEFAULT 'x'");
    expect((await db.query('SELECT * FROM prep_b WHERE n = $1', [1])).rows).toEqual([{ n: 1, label: 'x' }]);
    // Changed by a statement rather than a script: the cached plan is refused, then prepared again.
    await db.query('ALTER TABLE prep_b ADD COLUMN other int DEFAULT 7');
    expect((await db.query('SELECT * FROM prep_b WHERE n = $1', [1])).rows).toEqual([{ n: 1, label: 'x', other: 7 }]);
  });

  it('keeps a failed statement inside a transaction failing the transaction, and the statement usable after', async () => {
    await db.exec('CREATE TABLE prep_c (n int PRIMARY KEY)');
    const insert = 'INSERT INTO prep_c VALUES ($1)';
    await db.query(insert, [1]);
    const error = await rejection(db.transaction(async (tx) => {
      await tx.query(insert, [2]);
      await tx.query(insert, [1]);
    }));
    expect(error.code).toBe('23505');
    const aborted = await rejection(db.transaction(async (tx) => {
      await tx.query(insert, [1]).catch(() => undefined);
      await tx.query(insert, [3]);
    }));
    expect(aborted.code).toBe('25P02');
    await db.query(insert, [4]);
    expect((await db.query<{ n: number }>('SELECT n FROM prep_c ORDER BY n')).rows.map((r) => r.n)).toEqual([1, 4]);
  });

  it('reports a statement that does not parse, every time, without remembering it', async () => {
    for (let i = 0; i < 2; i++) expect((await rejection(db.query('SELEKT $1', [1]))).code).toBe('42601');
  });
});
