/**
 * Batches of the peer protocol (spec/peer-protocol.md §5) between real gateway processes on one
 * PostgreSQL server. The receiver runs as a replica behind a small proxy at the address the trust
 * list names, so a test can take it away, count the requests, or play a 1.1 gateway that has no
 * batch route. Covers: a batch of good, bad, duplicate and replayed messages answered one by one and
 * stored once; the sender's batches; a batch whose transaction fails losing nothing; the fallback to
 * single messages for a peer without the route.
 */
import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { JWK } from 'jose';
import { importSigningKey } from '../../gateway/auth/keys.ts';
import { issueToken } from '../../gateway/auth/token.ts';
import { payloadOf, signMessage, type Receipt, type ReferralEnvelope, type StatusEnvelope } from '../../gateway/federation/messages.ts';
import type { HostedKey } from '../../gateway/federation/peer-identity.ts';
import { randomSchema } from '../gateway/support/federation.ts';
import { databaseWithSchema, startFleet, type Fleet, type GatewayProcess } from '../support/gateway-processes.ts';
import { eventually, example, motherConsent, must, RECORD_CONSENT, SOS_TO_LEFOE, SUBMIT, stopAndVerifyAudit } from './helpers.ts';

const serverUrl = process.env.NRX_TEST_DATABASE_URL;
if (!serverUrl) console.warn('batch: skipped, it needs a PostgreSQL server (set NRX_TEST_DATABASE_URL)');

const BATCH_PATH = '/peer/v1/message-batches';

/** What the proxy in front of the receiver does with a request. */
type ProxyMode = 'forward' | 'down' | 'without-batches';

describe.skipIf(!serverUrl)('peer batches', () => {
  const senderSchema = randomSchema('nrx_test_batch_rs');
  const receiverSchema = randomSchema('nrx_test_batch_at');
  let fleet: Fleet;
  let rs: GatewayProcess;
  let receiver: GatewayProcess;
  let proxy: Server;
  let mode: ProxyMode = 'forward';
  const seen: string[] = [];
  let db: pg.Client;

  beforeAll(async () => {
    fleet = await startFleet([
      {
        name: 'rs', gatewayId: 'RS/GOV/CPTV', databaseUrl: await databaseWithSchema(serverUrl!, senderSchema),
        members: [{ id: 'RS/GOV/CPTV', agencyType: 'coordinating-body' }, { id: 'RS/NGO/ASTRA', agencyType: 'sos-helpline' }],
        config: { federation: { delivery: { baseDelayMs: 50, maxDelayMs: 300, maxAttempts: 1000 } } },
      },
      { name: 'at', gatewayId: 'AT/NGO/LEFOE', databaseUrl: await databaseWithSchema(serverUrl!, receiverSchema), members: [{ id: 'AT/NGO/LEFOE', agencyType: 'victim-service' }] },
    ], { agreements: [SOS_TO_LEFOE] });
    rs = fleet.get('rs');
    const at = fleet.get('at');
    receiver = await at.replica();
    await at.stop();
    // The proxy takes the address the trust list names for the Austrian gateway.
    proxy = createServer((req, res) => {
      seen.push(`${mode} ${req.url}`);
      if (mode === 'down') return void req.socket.destroy();
      if (mode === 'without-batches' && req.url === BATCH_PATH) {
        res.writeHead(404, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ kind: 'peer-error', code: 'NOT_FOUND', message: `nothing at ${BATCH_PATH}`, retryable: false }));
      }
      const upstream = httpRequest(`${receiver.url}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(at.port, '127.0.0.1', resolve));
    db = new pg.Client({ connectionString: serverUrl });
    await db.connect();
    const astra = await rs.token('RS/NGO/ASTRA', { purpose: 'identification' });
    await must(rs, astra, RECORD_CONSENT, { d: motherConsent() });
  }, 400_000);

  afterAll(async () => {
    proxy?.closeAllConnections();
    await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
    await fleet?.stop();
    await db?.query(`DROP SCHEMA IF EXISTS ${senderSchema} CASCADE; DROP SCHEMA IF EXISTS ${receiverSchema} CASCADE`).catch(() => {});
    await db?.end();
  });

  async function hostedKey(memberId: string, jwk: JWK = fleet.memberKeys.get(memberId)!): Promise<HostedKey> {
    const { alg, key } = await importSigningKey(jwk);
    return { memberId, kid: jwk.kid!, alg, key, privateJwk: jwk };
  }

  const rsToken = () => issueToken({ privateJwk: fleet.memberKeys.get('RS/GOV/CPTV')!, issuer: 'RS/GOV/CPTV', subject: 'RS/GOV/CPTV', audience: ['AT/NGO/LEFOE'], purpose: 'referral', role: 'service', ttlSeconds: 300 });

  async function post(path: string, body: unknown, token?: string): Promise<{ status: number; body: any }> {
    const response = await fetch(`${receiver.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? (await rsToken())}` },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }

  function envelope(overrides: Partial<ReferralEnvelope> = {}): ReferralEnvelope {
    const referral = { ...example('05-sos-line-missing-daughter'), id: randomUUID() };
    return {
      kind: 'peer-referral-envelope', specVersion: '1.2.0', messageId: randomUUID(), from: 'RS/NGO/ASTRA', to: 'AT/NGO/LEFOE', sentAt: new Date().toISOString(),
      referralId: referral.id, document: referral, withheld: [], transformed: [], consents: [motherConsent()], ...overrides,
    };
  }

  function statusEnvelope(referralId: string): StatusEnvelope {
    const at = new Date().toISOString();
    return {
      kind: 'peer-status-envelope', specVersion: '1.2.0', messageId: randomUUID(), from: 'RS/NGO/ASTRA', to: 'AT/NGO/LEFOE', sentAt: at, referralId, sequence: 2,
      document: { kind: 'referral-status-update', specVersion: '1.2.0', id: randomUUID(), referralId, sequence: 2, status: 'withdrawn', from: 'RS/NGO/ASTRA', to: 'AT/NGO/LEFOE', at },
    };
  }

  const inboxCount = async (messageIds: string[]) =>
    Number((await db.query(`SELECT count(*) AS n FROM ${receiverSchema}.peer_inbox WHERE message_id = ANY($1::uuid[])`, [messageIds])).rows[0].n);
  const referralCount = async (ids: string[]) =>
    (await db.query(`SELECT count(*) AS n, count(DISTINCT id) AS d FROM ${receiverSchema}.referrals WHERE id = ANY($1::uuid[])`, [ids])).rows[0] as { n: string; d: string };
  const auditOf = async (type: string) =>
    (await db.query(`SELECT body::jsonb -> 'details' AS details FROM ${receiverSchema}.audit_log WHERE type = $1 ORDER BY seq`, [type])).rows.map((r) => r.details);

  /** Referrals submitted while the receiver is away, left in the outbox, the sender stopped; its next start finds them all due. */
  async function queued(count: number): Promise<string[]> {
    const astra = await rs.token('RS/NGO/ASTRA', { purpose: 'identification' });
    mode = 'down';
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const referral = { ...example('05-sos-line-missing-daughter'), id: randomUUID() };
      await must(rs, astra, SUBMIT, { d: referral });
      ids.push(referral.id);
    }
    await rs.stop();
    return ids;
  }

  const outboxOf = async (ids: string[]) =>
    (await db.query(`SELECT id, state, attempts, last_error_code FROM ${senderSchema}.peer_outbox WHERE referral_id = ANY($1::uuid[])`, [ids])).rows as Array<{ id: string; state: string; attempts: number; last_error_code: string | null }>;
  const allDelivered = (ids: string[]) => eventually(async () => {
    const rows = await outboxOf(ids);
    return rows.length === ids.length && rows.every((r) => r.state === 'delivered') ? rows : undefined;
  }, `delivery of ${ids.length} referrals`, 120_000);

  it('answers each message of a batch as if it came alone, in order, and stores exactly the good ones once', async () => {
    const astra = await hostedKey('RS/NGO/ASTRA');
    const earlier = envelope();
    const earlierJws = await signMessage(earlier, astra);
    const alone = await post('/peer/v1/referrals', { message: earlierJws });
    expect(alone.status).toBe(200);

    const a = envelope();
    const b = envelope();
    const aJws = await signMessage(a, astra);
    const bJws = await signMessage(b, astra);
    const bReplay = await signMessage({ ...b, sentAt: new Date(Date.now() + 1000).toISOString() }, astra);
    const invalid = await signMessage(envelope({ document: { ...envelope().document, purpose: 'not-a-purpose' } }), astra);
    const update = statusEnvelope(earlier.referralId);
    const updateJws = await signMessage(update, astra);
    const strayUpdate = await signMessage(statusEnvelope(randomUUID()), astra);
    const messages = [aJws, invalid, updateJws, bJws, aJws, bReplay, strayUpdate, 'not a JWS', earlierJws];

    const { status, body } = await post(BATCH_PATH, { messages });
    expect(status).toBe(200);
    const results = body.results as any[];
    expect(results).toHaveLength(messages.length);
    const codes = results.map((r) => (r.kind === 'peer-error' ? r.code : r.duplicate ? 'duplicate' : 'receipt'));
    expect(codes).toEqual(['receipt', 'PEER_MESSAGE_INVALID', 'receipt', 'receipt', 'duplicate', 'PEER_REPLAY', 'PEER_REFERRAL_UNKNOWN', 'PEER_MESSAGE_MALFORMED', 'duplicate']);
    // Each receipt names its own message; a duplicate gets the receipt given the first time.
    expect(payloadOf<Receipt>(results[0].receipt).messageId).toBe(a.messageId);
    expect(payloadOf<Receipt>(results[2].receipt).messageId).toBe(update.messageId);
    expect(payloadOf<Receipt>(results[3].receipt).messageId).toBe(b.messageId);
    expect(results[4].receipt).toBe(results[0].receipt);
    expect(results[8].receipt).toBe(alone.body.receipt);
    expect(results[5].retryable).toBe(false);

    // Stored once each: the two referrals, the status update (applied), the earlier referral not again.
    expect(await inboxCount([a.messageId, b.messageId, update.messageId, earlier.messageId])).toBe(4);
    expect(await referralCount([a.referralId, b.referralId, earlier.referralId])).toEqual({ n: '3', d: '3' });
    const held = await db.query(`SELECT status FROM ${receiverSchema}.referrals WHERE id = $1`, [earlier.referralId]);
    expect(held.rows[0].status).toBe('withdrawn');
    // The same audit entries as alone: one receipt-issued per stored message, one refusal per refused one.
    const issued = (await auditOf('receipt-issued')).map((d) => d.message);
    for (const id of [a.messageId, b.messageId, update.messageId, earlier.messageId]) expect(issued.filter((m) => m === id), id).toHaveLength(1);
    const refused = (await auditOf('peer-message-refused')).map((d) => d.code);
    expect(refused).toEqual(expect.arrayContaining(['PEER_MESSAGE_INVALID', 'PEER_REPLAY', 'PEER_REFERRAL_UNKNOWN', 'PEER_MESSAGE_MALFORMED']));

    // The whole batch again changes nothing: every stored message answers with its receipt.
    const again = await post(BATCH_PATH, { messages: [aJws, updateJws, bJws] });
    expect(again.body.results).toEqual([{ receipt: results[0].receipt, duplicate: true }, { receipt: results[2].receipt, duplicate: true }, { receipt: results[3].receipt, duplicate: true }]);
    expect(await inboxCount([a.messageId, b.messageId, update.messageId])).toBe(3);
  }, 120_000);

  it('refuses a request as a whole for its token, its shape or its size, storing nothing', async () => {
    const astra = await hostedKey('RS/NGO/ASTRA');
    const good = envelope();
    const jws = await signMessage(good, astra);
    const token = await post(BATCH_PATH, { messages: [jws] }, 'not-a-token');
    expect(token).toMatchObject({ status: 401, body: { kind: 'peer-error', code: 'TOKEN_MALFORMED' } });
    for (const body of [{ messages: [] }, { messages: Array.from({ length: 101 }, () => jws) }, { message: jws }, { messages: jws }]) {
      const answer = await post(BATCH_PATH, body);
      expect(answer, JSON.stringify(body).slice(0, 60)).toMatchObject({ status: 400, body: { kind: 'peer-error', code: 'PEER_BATCH_INVALID' } });
    }
    expect(await post(BATCH_PATH, '{"messages": [')).toMatchObject({ status: 400, body: { code: 'PEER_MESSAGE_MALFORMED' } });
    expect(await inboxCount([good.messageId])).toBe(0);
  }, 60_000);

  it('sends a peer its due messages in batches and records every receipt once', async () => {
    const ids = await queued(12);
    mode = 'forward';
    seen.length = 0;
    await rs.start();
    await allDelivered(ids);
    expect(seen.filter((s) => s.endsWith(BATCH_PATH)).length).toBeGreaterThanOrEqual(1);
    expect(seen.filter((s) => s.endsWith('/peer/v1/referrals'))).toEqual([]);
    expect(await referralCount(ids)).toEqual({ n: '12', d: '12' });
    const messageIds = (await outboxOf(ids)).map((r) => r.id);
    expect(await inboxCount(messageIds)).toBe(12);
  }, 300_000);

  it('loses nothing when a batch cannot be stored together, or at all for a while: delivered once, later', async () => {
    // A fault the test controls: a second inbox row in one transaction fails it ('second'), or every row fails ('all').
    await db.query(`
      CREATE TABLE ${receiverSchema}.test_fault (mode text NOT NULL);
      CREATE FUNCTION ${receiverSchema}.test_inbox_fault() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM ${receiverSchema}.test_fault WHERE mode = 'all') THEN RAISE EXCEPTION 'test fault: the inbox takes nothing'; END IF;
        IF EXISTS (SELECT 1 FROM ${receiverSchema}.test_fault WHERE mode = 'second') AND current_setting('nrx_test.inserted', true) = 'yes' THEN
          RAISE EXCEPTION 'test fault: a second inbox row in one transaction';
        END IF;
        PERFORM set_config('nrx_test.inserted', 'yes', true);
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_inbox_fault BEFORE INSERT ON ${receiverSchema}.peer_inbox FOR EACH ROW EXECUTE FUNCTION ${receiverSchema}.test_inbox_fault();
      INSERT INTO ${receiverSchema}.test_fault VALUES ('second');`);
    try {
      // The batch's transaction fails: each message is stored on its own instead.
      const astra = await hostedKey('RS/NGO/ASTRA');
      const envelopes = [envelope(), envelope(), envelope()];
      const { status, body } = await post(BATCH_PATH, { messages: await Promise.all(envelopes.map((e) => signMessage(e, astra))) });
      expect(status).toBe(200);
      expect(body.results.map((r: any) => payloadOf<Receipt>(r.receipt).messageId)).toEqual(envelopes.map((e) => e.messageId));
      expect(await referralCount(envelopes.map((e) => e.referralId))).toEqual({ n: '3', d: '3' });

      // Nothing can be stored: every message is refused as retryable, the sender tries again, and
      // once the fault is gone each is delivered once.
      await db.query(`UPDATE ${receiverSchema}.test_fault SET mode = 'all'`);
      const ids = await queued(6);
      mode = 'forward';
      await rs.start();
      await eventually(async () => ((await outboxOf(ids)).every((r) => r.attempts >= 2 && r.last_error_code === 'INTERNAL') ? true : undefined), 'failed attempts while the inbox takes nothing');
      await db.query(`DELETE FROM ${receiverSchema}.test_fault`);
      const delivered = await allDelivered(ids);
      expect(delivered.every((r) => r.attempts >= 2)).toBe(true);
      expect(await referralCount(ids)).toEqual({ n: '6', d: '6' });
      expect(await inboxCount(delivered.map((r) => r.id))).toBe(6);
    } finally {
      await db.query(`DROP TRIGGER IF EXISTS test_inbox_fault ON ${receiverSchema}.peer_inbox; DROP TABLE IF EXISTS ${receiverSchema}.test_fault`);
    }
  }, 300_000);

  it('sends messages one by one to a peer without the batch route, and keeps doing so for it', async () => {
    const first = await queued(5);
    mode = 'without-batches';
    seen.length = 0;
    await rs.start();
    await allDelivered(first);
    expect(seen.filter((s) => s.endsWith(BATCH_PATH))).toHaveLength(1);
    expect(seen.filter((s) => s.endsWith('/peer/v1/referrals'))).toHaveLength(5);
    expect(await referralCount(first)).toEqual({ n: '5', d: '5' });

    // Remembered: the next messages for that peer go one by one without asking again.
    const astra = await rs.token('RS/NGO/ASTRA', { purpose: 'identification' });
    const more: string[] = [];
    await Promise.all(Array.from({ length: 4 }, async () => {
      const referral = { ...example('05-sos-line-missing-daughter'), id: randomUUID() };
      more.push(referral.id);
      await must(rs, astra, SUBMIT, { d: referral });
    }));
    await allDelivered(more);
    expect(seen.filter((s) => s.endsWith(BATCH_PATH))).toHaveLength(1);
    expect(await referralCount(more)).toEqual({ n: '4', d: '4' });
  }, 300_000);

  it('leaves both audit trails verifiable', async () => {
    await stopAndVerifyAudit(rs, receiver);
  }, 120_000);
});
