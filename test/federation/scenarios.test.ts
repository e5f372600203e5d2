/**
 * DOMAIN.md scenarios 1, 5 and 8 across three gateways, each a separate process with its own store
 * and keys (Serbia, Austria, Moldova), through the public GraphQL API only: the referral is
 * filtered for its recipient, delivered with a signed receipt, filtered again by the receiver as
 * its new holder, and the recipient's status feedback comes back until both sides agree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '../support/gateway-processes.ts';
import { randomUUID } from 'node:crypto';
import { example, motherConsent, SOS_TO_LEFOE, must, POST_UPDATE, RECORD_CONSENT, referralWhen, RESPOND, SUBMIT, threeCountries } from './helpers.ts';

const PERSON = `query($id: ID!) { referral(id: $id) { id status document { purpose subject sections { person { givenName familyName ageBand dateOfBirth homeCommunity { region country } } identifications { issuerType status } } } } }`;

let fleet: Fleet;

beforeAll(async () => {
  fleet = await startFleet(threeCountries(), { agreements: [SOS_TO_LEFOE] });
}, 400_000);

afterAll(async () => {
  await fleet?.stop();
});

describe('scenario 8: an Austrian NGO refers a Serbian woman home', () => {
  it('delivers the fields she agreed to, with a signed receipt, and the status feedback comes back', async () => {
    const at = fleet.get('at');
    const rs = fleet.get('rs');
    const lefoe = await at.token('AT/NGO/LEFOE', { purpose: 'return-reintegration' });
    const cptv = await rs.token('RS/GOV/CPTV', { purpose: 'return-reintegration' });
    await must(at, lefoe, RECORD_CONSENT, { d: example('08-consent-return') });
    const referral = example('08-austria-ngo-returns-serbian-woman');
    const submitted = await must(at, lefoe, SUBMIT, { d: referral });
    expect(submitted.submitReferral.status).toBe('sent');

    // The sender holds the receipt, signed by the recipient, and the status it reported.
    const sent = await referralWhen(at, lefoe, referral.id, (r) => r.deliveries[0]?.state === 'delivered' && r.status === 'received', 'delivery of the referral');
    expect(sent.deliveries).toHaveLength(1);
    expect(sent.deliveries[0].receipt).toMatchObject({ signedBy: 'RS/GOV/CPTV', digest: expect.stringMatching(/^[0-9a-f]{64}$/) });

    // The recipient reads it with her name (she agreed), without what she refused (date of birth, documents, contact).
    const received = (await must(rs, cptv, PERSON, { id: referral.id })).referral;
    expect(received.status).toBe('received');
    expect(received.document.sections.person).toMatchObject({ givenName: 'Marija', familyName: 'Petrović' });
    expect(received.document.sections.person.dateOfBirth).toBeNull();
    expect(received.document.sections.identifications[0].issuerType).toBe('ngo-without-police');

    // Feedback: accepted, then in progress, each applied in order on the sender's side.
    await must(rs, cptv, RESPOND, { id: referral.id, decision: 'accept' });
    await referralWhen(at, lefoe, referral.id, (r) => r.status === 'accepted', 'the acceptance reaching the sender');
    const inProgress = { ...example('08-status-3-in-progress'), sequence: 3, previousStatus: 'accepted' };
    await must(rs, cptv, POST_UPDATE, { id: referral.id, d: inProgress });
    const settled = await referralWhen(at, lefoe, referral.id, (r) => r.status === 'in-progress' && r.deliveries.length === 1, 'in progress reaching the sender');
    const there = (await must(rs, cptv, `query($id: ID!) { referral(id: $id) { status statusHistory { status } deliveries { state } } }`, { id: referral.id })).referral;
    expect(there.status).toBe(settled.status);
    expect(there.statusHistory.map((u: any) => u.status)).toEqual(settled.statusHistory.map((u: any) => u.status));
    expect(there.deliveries.every((d: any) => d.state === 'delivered')).toBe(true);
  }, 300_000);
});

describe('scenario 1: a Moldovan woman identified in Serbia', () => {
  it('keeps the shelter referral at home, and sends Moldova nothing that identifies her without her consent', async () => {
    const rs = fleet.get('rs');
    const md = fleet.get('md');
    const cptv = await rs.token('RS/GOV/CPTV', { purpose: 'assistance' });
    // The referral to the shelter stays on the Serbian gateway: no message to any peer.
    const shelterReferral = example('01-serbia-moldovan-woman-shelter');
    await must(rs, cptv, SUBMIT, { d: shelterReferral });
    const local = (await must(rs, cptv, `query($id: ID!) { referral(id: $id) { status deliveries { state } } }`, { id: shelterReferral.id })).referral;
    expect(local).toEqual({ status: 'sent', deliveries: [] });

    // Moldova's coordinating body is told what the agreement allows without her consent: no name.
    const toMoldova = { ...shelterReferral, id: randomUUID(), recipient: 'MD/GOV/CNPTV', purpose: 'return-reintegration', consentRefs: undefined, recipientService: undefined };
    delete toMoldova.consentRefs;
    delete toMoldova.recipientService;
    const cptvReturn = await rs.token('RS/GOV/CPTV', { purpose: 'return-reintegration' });
    await must(rs, cptvReturn, SUBMIT, { d: toMoldova });
    await referralWhen(rs, cptvReturn, toMoldova.id, (r) => r.deliveries[0]?.state === 'delivered' && r.status === 'received', 'delivery to Moldova');
    const cnptv = await md.token('MD/GOV/CNPTV', { purpose: 'return-reintegration' });
    const there = (await must(md, cnptv, `query($id: ID!) { referral(id: $id) { document { subject sections { person { preferredName givenName citizenships } } } } }`, { id: toMoldova.id })).referral;
    expect(there.document.sections.person.preferredName).toBeNull();
    expect(there.document.subject).not.toBe(shelterReferral.subject);

    // Moldova declines with a coded reason; Serbia sees it.
    await must(md, cnptv, RESPOND, { id: toMoldova.id, decision: 'decline', reasons: ['outside-area'] });
    const declined = await referralWhen(rs, cptvReturn, toMoldova.id, (r) => r.status === 'declined-by-provider', 'the decline reaching Serbia');
    expect(declined.statusHistory.map((u: any) => u.status)).toEqual(['received', 'declined-by-provider']);
  }, 300_000);
});

describe('scenario 5: an SOS line asks across the border about a missing daughter', () => {
  it("sends minimal identifiers under the mother's consent, and the answer comes back", async () => {
    const rs = fleet.get('rs');
    const at = fleet.get('at');
    const astra = await rs.token('RS/NGO/ASTRA', { purpose: 'identification' });
    await must(rs, astra, RECORD_CONSENT, { d: motherConsent() });
    const query = example('05-sos-line-missing-daughter');
    await must(rs, astra, SUBMIT, { d: query });
    const sent = await referralWhen(rs, astra, query.id, (r) => r.deliveries[0]?.state === 'delivered', 'delivery to Austria');
    // Nothing she (the mother, for her daughter) allowed was dropped by the receiver's own policy.
    expect(sent.deliveries[0].receipt.withheldOnReceipt).not.toContain('/sections/person/givenName');
    const lefoe = await at.token('AT/NGO/LEFOE', { purpose: 'identification' });
    const there = (await must(at, lefoe, `query($id: ID!) { referral(id: $id) { document { sections { person { givenName familyName dateOfBirth currentAddress { region country } } } } } }`, { id: query.id })).referral;
    expect(there.document.sections.person).toMatchObject({ givenName: 'Jelena', familyName: 'Marković', dateOfBirth: null });
    await must(at, lefoe, RESPOND, { id: query.id, decision: 'accept' });
    const completed = { kind: 'referral-status-update', specVersion: '1.0.0', id: randomUUID(), referralId: query.id, sequence: 3, status: 'completed', previousStatus: 'accepted', from: 'AT/NGO/LEFOE', to: 'RS/NGO/ASTRA', at: new Date().toISOString() };
    await must(at, lefoe, POST_UPDATE, { id: query.id, d: completed });
    const done = await referralWhen(rs, astra, query.id, (r) => r.status === 'completed', 'completion reaching the SOS line');
    expect(done.statusHistory.map((u: any) => u.status)).toEqual(['received', 'accepted', 'completed']);
  }, 300_000);
});
