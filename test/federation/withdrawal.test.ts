/**
 * A consent withdrawn after delivery, between two gateway processes (spec/peer-protocol.md §10):
 * the sender queues a notice with the withdrawal, the recipient's gateway narrows the copy it
 * holds (its GraphQL read no longer serves what rested on the consent), audits what it removed and
 * answers with a receipt; a duplicate changes nothing, a notice for an unknown referral or from a
 * member that did not send it is refused with its code, a notice to a gateway that is down arrives
 * once it is back, a referral narrowed at delivery gets no notice, and both audit trails verify.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSigningKey } from '../../gateway/auth/keys.ts';
import { issueToken } from '../../gateway/auth/token.ts';
import { payloadOf, signMessage, type ConsentWithdrawalEnvelope, type Receipt } from '../../gateway/federation/messages.ts';
import type { HostedKey } from '../../gateway/federation/peer-identity.ts';
import { openPglite } from '../../gateway/store/pglite.ts';
import { subjectAccessView } from '../../gateway/reports/subject-access.ts';
import { startFleet, type Fleet, type GatewayProcess } from '../support/gateway-processes.ts';
import { example, motherConsent, must, RECORD_CONSENT, SOS_TO_LEFOE, SUBMIT, WITHDRAW_CONSENT, stopAndVerifyAudit } from './helpers.ts';

const RS_SOS = 'RS/NGO/ASTRA';
const RS_CPTV = 'RS/GOV/CPTV';
const AT = 'AT/NGO/LEFOE';

const DELIVERIES = `query($id: ID!) { referral(id: $id) { id status deliveries { messageId kind withdrawnConsent state attempts lastErrorCode lastError narrowed receipt { signedBy withheldOnReceipt jws } } } }`;
const PERSON = `query($id: ID!) { referral(id: $id) { id document { sections { person { givenName familyName } } } } }`;

let fleet: Fleet;
let rs: GatewayProcess;
let at: GatewayProcess;

beforeAll(async () => {
  fleet = await startFleet([
    {
      name: 'rs', gatewayId: RS_CPTV,
      members: [{ id: RS_CPTV, agencyType: 'coordinating-body' }, { id: RS_SOS, agencyType: 'sos-helpline' }],
      // Quick retries, and enough of them to outlast a restart of the receiver.
      config: { federation: { delivery: { baseDelayMs: 100, maxDelayMs: 1000, maxAttempts: 60 } } },
    },
    { name: 'at', gatewayId: AT, members: [{ id: AT, agencyType: 'victim-service' }] },
  ], { agreements: [SOS_TO_LEFOE] });
  rs = fleet.get('rs');
  at = fleet.get('at');
}, 400_000);

afterAll(async () => {
  await fleet?.stop();
});

const sosToken = () => rs.token(RS_SOS, { purpose: 'identification' });
const lefoeToken = () => at.token(AT, { purpose: 'identification' });

/** The SOS line's query about a missing daughter, for her own reference, under her mother's consent (recorded here). */
async function submitUnderConsent(subject: string): Promise<{ consent: Record<string, any>; referral: Record<string, any> }> {
  const consent = motherConsent({ id: randomUUID(), subject });
  await must(rs, await sosToken(), RECORD_CONSENT, { d: consent });
  const base = example('05-sos-line-missing-daughter');
  const referral = { ...base, id: randomUUID(), subject, consentRefs: [consent.id], sections: { ...base.sections, person: { ...base.sections.person, subject } } };
  await must(rs, await sosToken(), SUBMIT, { d: referral });
  return { consent, referral };
}

/** The referral's deliveries as the SOS line sees them, once `settled` holds. */
async function deliveries(id: string, settled: (all: any[]) => boolean, what: string): Promise<any[]> {
  const until = Date.now() + 90_000;
  let seen: unknown;
  for (;;) {
    const { body } = await rs.graphql(await sosToken(), DELIVERIES, { id });
    seen = body.data?.referral?.deliveries ?? body.errors;
    if (Array.isArray(seen) && settled(seen)) return seen;
    if (Date.now() > until) throw new Error(`${what} did not happen; last seen: ${JSON.stringify(seen)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const noticeOf = (all: any[]) => all.filter((d) => d.kind === 'consent-withdrawal');

async function hostedKey(memberId: string): Promise<HostedKey> {
  const jwk = fleet.memberKeys.get(memberId)!;
  const { alg, key } = await importSigningKey(jwk);
  return { memberId, kid: jwk.kid!, alg, key, privateJwk: jwk };
}

/** A call of the Serbian gateway to the Austrian one, with its gateway token, as its delivery worker makes. */
async function post(path: string, body: unknown): Promise<{ status: number; body: any }> {
  const token = await issueToken({ privateJwk: fleet.memberKeys.get(RS_CPTV)!, issuer: RS_CPTV, subject: RS_CPTV, audience: [AT], purpose: 'referral', role: 'service', ttlSeconds: 300 });
  const response = await fetch(`${at.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

const notice = (overrides: Partial<ConsentWithdrawalEnvelope>): ConsentWithdrawalEnvelope => ({
  kind: 'peer-consent-withdrawal-envelope', specVersion: '1.3.0', messageId: randomUUID(), from: RS_SOS, to: AT, sentAt: new Date().toISOString(),
  referralId: randomUUID(), consentId: randomUUID(), withdrawnAt: new Date().toISOString(), consents: [], ...overrides,
});

/** What the tests leave for the audit checks at the end. */
const told: { referralId?: string; consentId?: string; afterRestart?: string } = {};

describe('a consent withdrawn after delivery', () => {
  it('reaches the recipient, whose copy no longer holds what rested on it', async () => {
    const { consent, referral } = await submitUnderConsent('rs-astra-withdrawal-01');
    await deliveries(referral.id, (all) => all[0]?.state === 'delivered', 'delivery of the referral');
    const before = (await must(at, await lefoeToken(), PERSON, { id: referral.id })).referral;
    expect(before.document.sections.person).toEqual({ givenName: 'Jelena', familyName: 'Marković' });

    await must(rs, await sosToken(), WITHDRAW_CONSENT, { id: consent.id });
    const settled = await deliveries(referral.id, (all) => noticeOf(all)[0]?.state === 'delivered', 'delivery of the withdrawal');
    expect(settled.map((d) => d.kind)).toEqual(['referral', 'consent-withdrawal']);
    const [sent] = noticeOf(settled);
    expect(sent).toMatchObject({ withdrawnConsent: consent.id, state: 'delivered', receipt: { signedBy: AT } });
    expect(sent.receipt.withheldOnReceipt).toEqual(expect.arrayContaining(['/sections/person/givenName', '/sections/person/familyName']));
    const receipt = payloadOf<Receipt>(sent.receipt.jws);
    expect(receipt).toMatchObject({ messageId: sent.messageId, from: AT, to: RS_SOS, referralId: referral.id });

    // Every later read at the receiver serves the narrowed copy.
    const after = (await must(at, await lefoeToken(), PERSON, { id: referral.id })).referral;
    expect(after.document.sections.person ?? { givenName: null, familyName: null }).toEqual({ givenName: null, familyName: null });
    told.referralId = referral.id;
    told.consentId = consent.id;
  }, 300_000);

  it('changes nothing when the same notice comes again, alone or in a batch', async () => {
    const astra = await hostedKey(RS_SOS);
    const held = async () => JSON.stringify((await must(at, await lefoeToken(), PERSON, { id: told.referralId })).referral);
    const before = await held();
    const signed = await signMessage(notice({ referralId: told.referralId!, consentId: told.consentId! }), astra);
    const first = await post('/peer/v1/consent-withdrawals', { message: signed });
    expect(first.status).toBe(200);
    // Nothing rested on the consent any more: a receipt, and no field removed.
    expect(payloadOf<Receipt>(first.body.receipt).withheldOnReceipt).toBeUndefined();
    const again = await post('/peer/v1/consent-withdrawals', { message: signed });
    expect(again.body).toEqual({ receipt: first.body.receipt, duplicate: true });

    const other = await signMessage(notice({ referralId: told.referralId!, consentId: told.consentId! }), astra);
    const batch = await post('/peer/v1/message-batches', { messages: [other, other, signed] });
    expect(batch.status).toBe(200);
    const [one, twice, thrice] = batch.body.results;
    expect(one.receipt).toEqual(expect.any(String));
    expect(twice).toEqual({ receipt: one.receipt, duplicate: true });
    expect(thrice).toEqual({ receipt: first.body.receipt, duplicate: true });
    expect(await held()).toBe(before);
  }, 120_000);

  it('is refused for a referral not held here, from a member that did not send it, or still resting on the withdrawn consent', async () => {
    const refusals: Record<string, [number, string]> = {};
    const refused = async (label: string, message: string) => {
      const { status, body } = await post('/peer/v1/consent-withdrawals', { message });
      expect(body.kind, label).toBe('peer-error');
      refusals[label] = [status, body.code];
    };
    await refused('unknown referral', await signMessage(notice({}), await hostedKey(RS_SOS)));
    // The coordinating body is hosted by the same gateway, but the SOS line sent the referral.
    await refused('wrong member', await signMessage(notice({ from: RS_CPTV, referralId: told.referralId! }), await hostedKey(RS_CPTV)));
    await refused('withdrawn consent carried', await signMessage(notice({ referralId: told.referralId!, consentId: told.consentId!, consents: [motherConsent({ id: told.consentId!, subject: 'rs-astra-withdrawal-01' })] }), await hostedKey(RS_SOS)));
    const batch = await post('/peer/v1/message-batches', { messages: [await signMessage(notice({}), await hostedKey(RS_SOS))] });
    expect(batch.body.results[0]).toMatchObject({ kind: 'peer-error', code: 'PEER_REFERRAL_UNKNOWN' });
    expect(refusals).toEqual({
      'unknown referral': [404, 'PEER_REFERRAL_UNKNOWN'],
      'wrong member': [404, 'PEER_REFERRAL_UNKNOWN'],
      'withdrawn consent carried': [422, 'PEER_MESSAGE_INVALID'],
    });
  }, 120_000);

  it('reaches a recipient whose gateway was down, once it is back, and only once', async () => {
    const { consent, referral } = await submitUnderConsent('rs-astra-withdrawal-02');
    await deliveries(referral.id, (all) => all[0]?.state === 'delivered', 'delivery of the referral');
    await at.stop();
    await must(rs, await sosToken(), WITHDRAW_CONSENT, { id: consent.id });
    const retried = await deliveries(referral.id, (all) => noticeOf(all)[0]?.attempts >= 2, 'retries of the withdrawal');
    expect(noticeOf(retried)[0]).toMatchObject({ state: 'pending', lastErrorCode: 'PEER_UNREACHABLE' });
    await at.start();
    const settled = await deliveries(referral.id, (all) => noticeOf(all)[0]?.state === 'delivered', 'delivery of the withdrawal after the restart');
    expect(noticeOf(settled)).toHaveLength(1);
    const after = (await must(at, await lefoeToken(), PERSON, { id: referral.id })).referral;
    expect(after.document.sections.person ?? { givenName: null, familyName: null }).toEqual({ givenName: null, familyName: null });
    told.afterRestart = noticeOf(settled)[0].messageId;
  }, 300_000);

  it('is not sent after a referral the consent check at delivery already narrowed', async () => {
    await at.stop();
    const { consent, referral } = await submitUnderConsent('rs-astra-withdrawal-03');
    await must(rs, await sosToken(), WITHDRAW_CONSENT, { id: consent.id });
    await at.start();
    const settled = await deliveries(referral.id, (all) => ['delivered', 'stopped'].includes(all[0]?.state) && noticeOf(all)[0]?.state === 'stopped', 'the referral and its needless notice settling');
    expect(noticeOf(settled)[0]).toMatchObject({ withdrawnConsent: consent.id, lastErrorCode: 'DELIVERY_NOT_NEEDED', receipt: null });
    if (settled[0].state === 'delivered') {
      expect(settled[0].narrowed).toEqual(expect.arrayContaining(['/sections/person/givenName']));
      const there = (await must(at, await lefoeToken(), PERSON, { id: referral.id })).referral;
      expect(there.document.sections.person ?? { givenName: null, familyName: null }).toEqual({ givenName: null, familyName: null });
    }
  }, 300_000);

  it('is dead-lettered at once, with its reason, by a peer of protocol 1.2 that does not know the kind', async () => {
    const { consent, referral } = await submitUnderConsent('rs-astra-withdrawal-04');
    await deliveries(referral.id, (all) => all[0]?.state === 'delivered', 'delivery of the referral');
    await at.stop();
    // On the Austrian gateway's address, what a 1.2 gateway answers on a route it does not have.
    const older = createServer((req, res) => {
      req.resume();
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ kind: 'peer-error', code: 'NOT_FOUND', message: `nothing at ${req.url}`, retryable: false }));
    });
    await new Promise<void>((resolve) => older.listen(at.port, '127.0.0.1', resolve));
    try {
      await must(rs, await sosToken(), WITHDRAW_CONSENT, { id: consent.id });
      const settled = await deliveries(referral.id, (all) => noticeOf(all)[0]?.state === 'dead', 'the dead letter');
      expect(noticeOf(settled)[0]).toMatchObject({ attempts: 1, lastErrorCode: 'PEER_KIND_UNSUPPORTED', lastError: expect.stringContaining('does not take consent withdrawals') });
    } finally {
      await new Promise((resolve) => older.close(resolve));
    }
    await at.start();
  }, 300_000);
});

describe('both audit trails', () => {
  it('record the notice sent and the narrowing, naming the consent and the fields removed, and verify', async () => {
    await stopAndVerifyAudit(rs, at);
    const entries = async (gateway: GatewayProcess, type: string) => {
      const db = await openPglite(join(gateway.dataDir, 'db'));
      try {
        const { rows } = await db.query<{ body: string }>(`SELECT body FROM audit_log WHERE (body::jsonb)->>'type' = $1 ORDER BY seq`, [type]);
        return rows.map((row) => (typeof row.body === 'string' ? JSON.parse(row.body) : row.body));
      } finally {
        await db.close();
      }
    };
    const narrowed = await entries(at, 'referral-narrowed');
    const first = narrowed.filter((e) => e.details.referral === `referral:${told.referralId}`);
    // The notice the sender queued, and the two sent by hand (alone, then in a batch) that found nothing left to remove.
    expect(first.map((e) => e.details.removedCount)).toEqual([expect.any(Number), 0, 0]);
    expect(first[0]).toMatchObject({ requester: RS_SOS, details: { consent: `consent:${told.consentId}` } });
    expect(first[0].details.removed).toEqual(expect.arrayContaining(['sections/person/givenName', 'sections/person/familyName']));
    expect(JSON.stringify(narrowed)).not.toContain('Jelena');
    // Her access report at the receiver tells her of the narrowing once: not of notices that removed nothing.
    const hers = (await entries(at, 'referral-narrowed')).concat(await entries(at, 'receipt-issued')).filter((e) => e.subject === first[0].subject);
    const events = subjectAccessView({ subject: first[0].subject, lang: 'en', entries: hers, memberName: () => 'ASTRA' }).events.map((e) => e.text);
    expect(events.filter((text) => text.includes('withdrew your consent'))).toEqual(['ASTRA (RS/NGO/ASTRA) passed on that you withdrew your consent; what it allowed was removed from the copy of their referral held here']);
    expect(narrowed.filter((e) => e.details.message === told.afterRestart)).toHaveLength(1);
    const sent = (await entries(rs, 'receipt-recorded')).filter((e) => e.details.kind === 'consent-withdrawal');
    expect(sent.map((e) => e.details.consent)).toContain(`consent:${told.consentId}`);
    expect(sent.filter((e) => e.details.message === told.afterRestart)).toHaveLength(1);
  }, 300_000);
});
