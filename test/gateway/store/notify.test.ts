/**
 * The store's notifier on a PostgreSQL server: one listening connection serves every channel, its
 * loss is reported to whoever acts on it, and once it is back every channel's listener looks again.
 * A gateway hosting members (consents, directory and outbox all listening) holds one such connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openStore, type Store } from '../../../gateway/store/index.ts';
import { createNotifier, type NotificationHandler } from '../../../gateway/store/notify.ts';
import { randomSchema } from '../support/federation.ts';
import { databaseWithSchema, startFleet, type Fleet } from '../../support/gateway-processes.ts';

const serverUrl = process.env.NRX_TEST_DATABASE_URL;
if (!serverUrl) console.warn('notify: skipped, it needs a PostgreSQL server (set NRX_TEST_DATABASE_URL)');

/** The URL with an application name of its own, so that its connections can be told apart in pg_stat_activity. */
function named(url: string, applicationName: string): string {
  const withName = new URL(url);
  withName.searchParams.set('application_name', applicationName);
  return withName.toString();
}

async function withServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The backends of `applicationName` whose last statement was a LISTEN: the notifiers' connections. */
const listeningBackends = (applicationName: string) =>
  withServer(async (client) => (await client.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN %'`, [applicationName])).rows.map((r) => r.pid));

async function eventually<T>(look: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let value = await look();
  while (!done(value) && Date.now() < until) value = await new Promise((r) => setTimeout(r, 50)).then(look);
  return value;
}

/** A handler that keeps what it hears, and resolves `heard(n)` once it holds n payloads. */
function recorder() {
  const payloads: (string | undefined)[] = [];
  const handler: NotificationHandler = (payload) => void payloads.push(payload);
  return { payloads, handler, heard: (n: number) => eventually(async () => payloads.length, (length) => length >= n) };
}

describe.skipIf(!serverUrl)('the store notifier on a PostgreSQL server', () => {
  const schema = randomSchema('nrx_test_notifier');
  const applicationName = randomSchema('nrx_test_notifier_app');
  let store: Store;

  beforeAll(async () => {
    store = await openStore({ databaseUrl: named(await databaseWithSchema(serverUrl!, schema), applicationName) });
  });

  afterAll(async () => {
    await store?.db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await store?.close();
  });

  it('listens on two channels over one connection, and each hears only its own', async () => {
    const notifier = createNotifier(store.db);
    const sender = createNotifier(store.db);
    try {
      const consents = recorder();
      const outbox = recorder();
      await notifier.listen('nrx_test_one', consents.handler);
      await notifier.listen('nrx_test_two', outbox.handler);
      expect(await listeningBackends(applicationName)).toHaveLength(1);

      await sender.notify('nrx_test_one', 'subject-1');
      await sender.notify('nrx_test_two');
      await consents.heard(1);
      await outbox.heard(1);
      expect(consents.payloads).toEqual(['subject-1']);
      expect(outbox.payloads).toEqual(['']);
    } finally {
      await notifier.close();
      await sender.close();
    }
    expect(await eventually(() => listeningBackends(applicationName), (pids) => pids.length === 0)).toEqual([]);
  });

  it('reports the loss of its connection, reconnects, and has every channel look again', async () => {
    const errors: Error[] = [];
    const notifier = createNotifier(store.db, { reconnectMs: 50, onError: (error) => errors.push(error) });
    const sender = createNotifier(store.db);
    try {
      const losses: Error[] = [];
      notifier.onLost((error) => losses.push(error));
      const one = recorder();
      const two = recorder();
      await notifier.listen('nrx_test_one', one.handler);
      await notifier.listen('nrx_test_two', two.handler);
      const [pid] = await listeningBackends(applicationName);

      await withServer((client) => client.query('SELECT pg_terminate_backend($1)', [pid]));
      await eventually(async () => losses.length, (n) => n >= 1);
      expect(losses).toHaveLength(1);
      expect(errors.length).toBeGreaterThanOrEqual(1);

      // Back: both channels are told they may have missed something, on one new connection.
      await one.heard(1);
      await two.heard(1);
      expect(one.payloads).toEqual([undefined]);
      expect(two.payloads).toEqual([undefined]);
      const after = await listeningBackends(applicationName);
      expect(after).toHaveLength(1);
      expect(after[0]).not.toBe(pid);

      await sender.notify('nrx_test_one', 'again');
      await sender.notify('nrx_test_two', 'again');
      await one.heard(2);
      await two.heard(2);
      expect(one.payloads[1]).toBe('again');
      expect(two.payloads[1]).toBe('again');
    } finally {
      await notifier.close();
      await sender.close();
    }
  });
});

describe.skipIf(!serverUrl)('a gateway hosting members on a PostgreSQL server', () => {
  let fleet: Fleet;
  const schema = randomSchema('nrx_test_one_listener');
  const applicationName = randomSchema('nrx_test_gateway_app');

  beforeAll(async () => {
    fleet = await startFleet([{
      name: 'rs',
      gatewayId: 'RS/GOV/CPTV',
      members: [{ id: 'RS/GOV/CPTV', agencyType: 'coordinating-body' }, { id: 'RS/NGO/ATINA', agencyType: 'shelter' }],
      databaseUrl: named(await databaseWithSchema(serverUrl!, schema), applicationName),
    }]);
  }, 120_000);

  afterAll(async () => {
    await fleet?.stop();
    await withServer((client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
  });

  it('listens for consents, the directory and the outbox on one connection', async () => {
    expect(await listeningBackends(applicationName)).toHaveLength(1);
  });
});
