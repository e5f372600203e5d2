/**
 * Bad input and faults between two gateway processes: forged, re-signed, unknown, suspended,
 * replayed, future-version and invalid messages are each refused with their own code and audited,
 * and the gateway keeps serving; a receiver that is down gets the message once it is back (after
 * dead-lettering and retryDelivery); consent withdrawn between submit and delivery narrows what
 * is sent; both audit trails verify.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSigningKey, generateSigningKey } from '../../gateway/auth/keys.ts';
import { issueToken } from '../../gateway/auth/token.ts';
import { digestOf, payloadOf, signMessage, type Receipt, type ReferralEnvelope, type StatusEnvelope } from '../../gateway/federation/messages.ts';
import type { HostedKey } from '../../gateway/federation/peer-identity.ts';
import { openPglite } from '../../gateway/store/pglite.ts';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { startFleet, type Fleet } from '../support/gateway-processes.ts';
import { eventually, example, motherConsent, must, RECORD_CONSENT, REFERRAL, referralWhen, RETRY, SOS_TO_LEFOE, SUBMIT, WITHDRAW_CONSENT, stopAndVerifyAudit } from './helpers.ts';

let fleet: Fleet;
/** The referral of a later minor version the receiver accepted (its unknown property must not be stored). */
let newerReferralId: string | undefined;
/** The referral whose receipts the sender refused (its audit entries are checked at the end). */
let refusedReceiptsOf: string | undefined;

beforeAll(async () => {
  fleet = await startFleet([
    {
      name: 'rs', gatewayId: 'RS/GOV/CPTV',
      members: [{ id: 'RS/GOV/CPTV', agencyType: 'coordinating-body' }, { id: 'RS/NGO/ASTRA', agencyType: 'sos-helpline' }, { id: 'RS/NGO/SUSPENDED', agencyType: 'shelter', suspended: true }],
      // Quick retries and few of them, so that a dead letter comes within the test.
      config: { federation: { delivery: { baseDelayMs: 100, maxDelayMs: 400, maxAttempts: 3 } } },
    },
    { name: 'at', gatewayId: 'AT/NGO/LEFOE', members: [{ id: 'AT/NGO/LEFOE', agencyType: 'victim-service' }] },
  ], { agreements: [SOS_TO_LEFOE] });
}, 400_000);

afterAll(async () => {
  await fleet?.stop();
});

async function hostedKey(memberId: string, jwk: JWK = fleet.memberKeys.get(memberId)!): Promise<HostedKey> {
  const { alg, key } = await importSigningKey(jwk);
  return { memberId, kid: jwk.kid!, alg, key, privateJwk: jwk };
}

/** A gateway token of the Serbian gateway for the Austrian one, as its delivery worker sends. */
const rsToken = () => issueToken({ privateJwk: fleet.memberKeys.get('RS/GOV/CPTV')!, issuer: 'RS/GOV/CPTV', subject: 'RS/GOV/CPTV', audience: ['AT/NGO/LEFOE'], purpose: 'referral', role: 'service', ttlSeconds: 300 });

async function post(path: string, message: string, token?: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${fleet.get('at').url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? (await rsToken())}` },
    body: JSON.stringify({ message }),
  });
  return { status: response.status, body: await response.json() };
}

function envelope(overrides: Partial<ReferralEnvelope> = {}): ReferralEnvelope {
  const referral = { ...example('05-sos-line-missing-daughter'), id: randomUUID() };
  return {
    kind: 'peer-referral-envelope', specVersion: '1.1.0', messageId: randomUUID(), from: 'RS/NGO/ASTRA', to: 'AT/NGO/LEFOE', sentAt: new Date().toISOString(),
    referralId: referral.id, document: referral, withheld: [], transformed: [], consents: [motherConsent()], ...overrides,
  };
}

describe('messages a receiving gateway refuses', () => {
  it('names each bad message with its own code, stores nothing, and keeps serving', async () => {
    const astra = await hostedKey('RS/NGO/ASTRA');
    const refusals: Record<string, string> = {};
    const refused = async (label: string, path: string, message: string, token?: string) => {
      const { status, body } = await post(path, message, token);
      expect(body.kind, label).toBe('peer-error');
      expect(status, label).toBeGreaterThanOrEqual(400);
      refusals[label] = body.code;
    };
    // Re-signed: the coordinating body signed an envelope that says it is from the SOS line.
    const cptvKey = await hostedKey('RS/GOV/CPTV');
    await refused('re-signed', '/peer/v1/referrals', await signMessage(envelope(), { ...cptvKey, memberId: 'RS/NGO/ASTRA' }));
    const forged = await signMessage(envelope(), astra);
    await refused('forged', '/peer/v1/referrals', forged.slice(0, -4) + (forged.endsWith('AAAA') ? 'BBBB' : 'AAAA'));
    const { privateJwk: stranger } = await generateSigningKey({ kid: 'not-in-the-trust-list' });
    await refused('unknown key', '/peer/v1/referrals', await signMessage(envelope(), await hostedKey('RS/NGO/ASTRA', stranger)));
    // Well signed, but delivered by a gateway that does not host its sender.
    await refused('from a member the calling gateway does not host', '/peer/v1/referrals', await signMessage({ ...envelope(), from: 'AT/NGO/LEFOE', document: { ...envelope().document, sender: 'AT/NGO/LEFOE' } } as ReferralEnvelope, await hostedKey('AT/NGO/LEFOE')));
    await refused('suspended sender', '/peer/v1/referrals', await signMessage({ ...envelope(), from: 'RS/NGO/SUSPENDED' } as ReferralEnvelope, await hostedKey('RS/NGO/SUSPENDED')));
    await refused('future major version', '/peer/v1/referrals', await signMessage({ ...envelope(), specVersion: '2.0.0' }, astra));
    await refused('invalid document', '/peer/v1/referrals', await signMessage(envelope({ document: { ...envelope().document, purpose: 'not-a-purpose' } }), astra));
    await refused('a profile the receiver does not have', '/peer/v1/referrals', await signMessage(envelope({ profile: 'zz' }), astra));
    await refused('not for this gateway', '/peer/v1/referrals', await signMessage({ ...envelope(), to: 'RS/GOV/CPTV' }, astra));
    await refused('no token', '/peer/v1/referrals', await signMessage(envelope(), astra), 'not-a-token');
    const status: StatusEnvelope = {
      kind: 'peer-status-envelope', specVersion: '1.1.0', messageId: randomUUID(), from: 'RS/NGO/ASTRA', to: 'AT/NGO/LEFOE', sentAt: new Date().toISOString(), referralId: randomUUID(), sequence: 2,
      document: { kind: 'referral-status-update', specVersion: '1.1.0', id: randomUUID(), referralId: '', sequence: 2, status: 'withdrawn', from: 'RS/NGO/ASTRA', to: 'AT/NGO/LEFOE', at: new Date().toISOString() },
    };
    (status.document as any).referralId = status.referralId;
    await refused('status update for a referral never exchanged', '/peer/v1/status-updates', await signMessage(status, astra));

    // A good message is stored once: the same bytes again get the same receipt, other content under its id is a replay.
    const good = envelope();
    const signed = await signMessage(good, astra);
    const first = await post('/peer/v1/referrals', signed);
    expect(first.status).toBe(200);
    const again = await post('/peer/v1/referrals', signed);
    expect(again.body).toEqual({ receipt: first.body.receipt, duplicate: true });
    await refused('replay with other content', '/peer/v1/referrals', await signMessage({ ...good, sentAt: new Date(Date.now() + 1000).toISOString() }, astra));
    // A later 1.x minor is accepted; a property this gateway does not know is dropped, not kept with an unknown sensitivity.
    const newer = envelope();
    newer.document = { ...newer.document, specVersion: '1.9.0', urgencyNote: 'a field of a later minor version' };
    expect((await post('/peer/v1/referrals', await signMessage(newer, astra))).status).toBe(200);
    newerReferralId = newer.referralId;

    expect(refusals).toEqual({
      're-signed': 'PEER_SIGNATURE_INVALID',
      forged: 'PEER_SIGNATURE_INVALID',
      'unknown key': 'PEER_SENDER_UNKNOWN',
      'from a member the calling gateway does not host': 'PEER_GATEWAY_MISMATCH',
      'suspended sender': 'PEER_SENDER_SUSPENDED',
      'future major version': 'PEER_VERSION_UNSUPPORTED',
      'invalid document': 'PEER_MESSAGE_INVALID',
      'a profile the receiver does not have': 'PEER_MESSAGE_INVALID',
      'not for this gateway': 'PEER_RECIPIENT_UNKNOWN',
      'no token': 'TOKEN_MALFORMED',
      'status update for a referral never exchanged': 'PEER_REFERRAL_UNKNOWN',
      'replay with other content': 'PEER_REPLAY',
    });
    // Still serving: the recipient reads the one referral that was accepted.
    const lefoe = await fleet.get('at').token('AT/NGO/LEFOE', { purpose: 'identification' });
    const held = await must(fleet.get('at'), lefoe, `{ referralsReceived(first: 50) { edges { node { id } } } }`);
    expect(held.referralsReceived.edges.map((e: any) => e.node.id)).toEqual([newer.referralId, good.referralId]);
    const kept = await fleet.get('at').graphql(lefoe, `query($id: ID!) { referral(id: $id) { document { specVersion } } }`, { id: newer.referralId });
    expect(kept.body.data.referral.document.specVersion).toBe('1.9.0');
  }, 300_000);
});

/** The SOS line with her mother's consent recorded, and the Austrian gateway stopped, ready for a referral that cannot arrive. */
async function withReceiverStopped() {
  const rs = fleet.get('rs');
  const at = fleet.get('at');
  const astra = await rs.token('RS/NGO/ASTRA', { purpose: 'identification' });
  await must(rs, astra, RECORD_CONSENT, { d: motherConsent({ id: randomUUID() }) });
  await at.stop();
  return { rs, at, astra };
}

describe('a receiver that is down', () => {
  it('dead-letters the message with its reason after the attempts, and delivers it once on retryDelivery', async () => {
    const { rs, at, astra } = await withReceiverStopped();
    const referral = { ...example('05-sos-line-missing-daughter'), id: randomUUID() };
    await must(rs, astra, SUBMIT, { d: referral });
    const dead = await referralWhen(rs, astra, referral.id, (r) => r.deliveries[0]?.state === 'dead', 'the dead letter');
    expect(dead.deliveries[0]).toMatchObject({ attempts: 3, lastErrorCode: 'PEER_UNREACHABLE' });
    const outbox = await must(rs, astra, `{ outbox(state: "dead") { messageId referralId lastErrorCode } }`);
    expect(outbox.outbox).toContainEqual(expect.objectContaining({ referralId: referral.id, lastErrorCode: 'PEER_UNREACHABLE' }));

    await at.start();
    await must(rs, astra, RETRY, { id: referral.id });
    const delivered = await referralWhen(rs, astra, referral.id, (r) => r.deliveries[0]?.state === 'delivered' && r.status === 'received', 'delivery after the retry');
    expect(delivered.deliveries).toHaveLength(1);
    const lefoe = await at.token('AT/NGO/LEFOE', { purpose: 'identification' });
    expect((await must(at, lefoe, REFERRAL, { id: referral.id })).referral.status).toBe('received');
  }, 300_000);
});

describe('a peer that answers with receipts for something never sent', () => {
  it('refuses each receipt with its code, audits it, dead-letters the message, and delivers it once on retryDelivery', async () => {
    const { rs, at, astra } = await withReceiverStopped();
    const lefoe = await hostedKey('AT/NGO/LEFOE');
    const forged = await hostedKey('AT/NGO/LEFOE', { ...(await generateSigningKey({ kid: 'not-in-the-trust-list' })).privateJwk, kid: 'not-in-the-trust-list' });
    // On the Austrian gateway's address, a peer whose receipts are wrong in a new way each time.
    let answers = 0;
    const wrongReceipt = async (jws: string): Promise<string> => {
      const sent = payloadOf<ReferralEnvelope>(jws);
      const receipt: Receipt = { kind: 'peer-receipt', specVersion: '1.2.0', messageId: sent.messageId, messageDigest: digestOf(jws), from: sent.to, to: sent.from, referralId: sent.referralId, receivedAt: new Date().toISOString() } as Receipt;
      const way = answers++ % 3;
      if (way === 0) return signMessage({ ...receipt, messageId: randomUUID() }, lefoe);
      if (way === 1) return signMessage({ ...receipt, messageDigest: digestOf(`${jws}.`) }, lefoe);
      return signMessage(receipt, forged);
    };
    const peer = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', async () => {
        const { messages, message } = JSON.parse(body) as { messages?: string[]; message?: string };
        const answer = messages ? { results: await Promise.all(messages.map(async (m) => ({ receipt: await wrongReceipt(m) }))) } : { receipt: await wrongReceipt(message!) };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => peer.listen(at.port, '127.0.0.1', resolve));
    const referral = { ...example('05-sos-line-missing-daughter'), id: randomUUID() };
    try {
      await must(rs, astra, SUBMIT, { d: referral });
      const dead = await referralWhen(rs, astra, referral.id, (r) => r.deliveries[0]?.state === 'dead', 'the dead letter');
      expect(dead.deliveries[0]).toMatchObject({ attempts: 3, lastErrorCode: 'PEER_RECEIPT_INVALID', receipt: null });
      expect(dead.status).toBe('sent');
    } finally {
      await new Promise((resolve) => peer.close(resolve));
    }
    await at.start();
    await must(rs, astra, RETRY, { id: referral.id });
    const delivered = await referralWhen(rs, astra, referral.id, (r) => r.deliveries[0]?.state === 'delivered' && r.status === 'received', 'delivery after the retry');
    expect(delivered.deliveries).toHaveLength(1);
    expect(delivered.deliveries[0].receipt.signedBy).toBe('AT/NGO/LEFOE');
    refusedReceiptsOf = referral.id;
  }, 300_000);
});

describe('consent withdrawn between submit and delivery', () => {
  it('sends nothing she no longer permits, and the sender sees what was withheld and why', async () => {
    const rs = fleet.get('rs');
    const at = fleet.get('at');
    const astra = await rs.token('RS/NGO/ASTRA', { purpose: 'identification' });
    // Her own reference: no consent of the earlier tests speaks for her.
    const subject = 'rs-astra-withdrawn-1';
    const consent = motherConsent({ id: randomUUID(), subject });
    await must(rs, astra, RECORD_CONSENT, { d: consent });
    await at.stop();
    const base = example('05-sos-line-missing-daughter');
    const referral = { ...base, id: randomUUID(), subject, consentRefs: [consent.id], sections: { ...base.sections, person: { ...base.sections.person, subject } } };
    await must(rs, astra, SUBMIT, { d: referral });
    await must(rs, astra, WITHDRAW_CONSENT, { id: consent.id });
    // The next attempt finds her consent gone (stopped), or the receiver still down until the attempts run out (dead).
    await referralWhen(rs, astra, referral.id, (r) => ['dead', 'stopped'].includes(r.deliveries[0]?.state), 'the end of the attempts while the receiver is down');
    await at.start();
    await must(rs, astra, RETRY, { id: referral.id });
    const settled = await referralWhen(rs, astra, referral.id, (r) => ['delivered', 'stopped'].includes(r.deliveries[0]?.state), 'the delivery after the withdrawal');
    const delivery = settled.deliveries[0];
    if (delivery.state === 'stopped') {
      expect(delivery.lastErrorCode).toBe('DELIVERY_NOTHING_RELEASED');
      const lefoe = await at.token('AT/NGO/LEFOE', { purpose: 'identification' });
      expect((await at.graphql(lefoe, REFERRAL, { id: referral.id })).body.data.referral).toBeNull();
    } else {
      expect(delivery.narrowed).toEqual(expect.arrayContaining(['/sections/person/givenName', '/sections/person/familyName']));
      const lefoe = await at.token('AT/NGO/LEFOE', { purpose: 'identification' });
      const there = (await must(at, lefoe, `query($id: ID!) { referral(id: $id) { document { sections { person { givenName familyName } } } } }`, { id: referral.id })).referral;
      expect(there.document.sections.person).toEqual({ givenName: null, familyName: null });
    }
  }, 300_000);
});

describe('both audit trails', () => {
  it('record every refusal and receipt, and verify', async () => {
    const at = fleet.get('at');
    const rs = fleet.get('rs');
    await eventually(async () => ((await rs.graphql(await rs.token('RS/NGO/ASTRA'), `{ outbox(state: "pending") { messageId } }`)).body.data?.outbox.length === 0 ? true : undefined), 'an idle outbox');
    await stopAndVerifyAudit(at, rs);
    // The operator's view of the same outbox, from the command line (the embedded store: gateway stopped).
    const listed = await fleet.nrx(['outbox', 'list', '--data-dir', rs.dataDir, '--json']);
    expect(listed.status, listed.stderr).toBe(0);
    const messages = listed.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(messages.length).toBeGreaterThanOrEqual(2);
    expect(messages.every((m: any) => ['delivered', 'stopped'].includes(m.state))).toBe(true);
    const delivered = messages.find((m: any) => m.state === 'delivered');
    const notRetried = await fleet.nrx(['outbox', 'retry', delivered.messageId, '--data-dir', rs.dataDir]);
    expect(notRetried.status).toBe(1);
    expect(notRetried.stderr).toContain('not retried, it is delivered');

    const sender = await openPglite(join(rs.dataDir, 'db'));
    try {
      const { rows } = await sender.query<{ body: string }>(`SELECT body FROM audit_log WHERE (body::jsonb)->>'type' IN ('receipt-refused', 'delivery-failed') ORDER BY seq`);
      const entries = rows.map((r) => (typeof r.body === 'string' ? JSON.parse(r.body) : r.body)).filter((e) => e.details.referral === `referral:${refusedReceiptsOf}`);
      // Every wrong receipt, each with what was wrong with it, then the message given up.
      expect(entries.map((e) => [e.type, e.details.code, e.details.problems])).toEqual([
        ['receipt-refused', 'PEER_RECEIPT_INVALID', ['message-id']],
        ['receipt-refused', 'PEER_RECEIPT_INVALID', ['message-digest']],
        ['receipt-refused', 'PEER_RECEIPT_INVALID', [expect.stringMatching(/^PEER_/)]],
        ['delivery-failed', 'PEER_RECEIPT_INVALID', undefined],
      ]);
    } finally {
      await sender.close();
    }
    const db = await openPglite(join(at.dataDir, 'db'));
    try {
      const { rows } = await db.query<{ type: string; n: string }>(`SELECT (body::jsonb)->>'type' AS type, count(*) AS n FROM audit_log GROUP BY 1`);
      const counts = Object.fromEntries(rows.map((r) => [r.type, Number(r.n)]));
      expect(counts['peer-message-refused']).toBeGreaterThanOrEqual(12);
      expect(counts['receipt-issued']).toBeGreaterThanOrEqual(2);
      expect(counts['referral-received']).toBeGreaterThanOrEqual(2);
      const stored = await db.query<{ unknown: boolean }>(`SELECT document ? 'urgencyNote' AS unknown FROM referrals WHERE id = $1`, [newerReferralId]);
      expect(stored.rows).toEqual([{ unknown: false }]);
    } finally {
      await db.close();
    }
  }, 300_000);
});
