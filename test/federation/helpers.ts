/** The three-gateway federation of the federation tests, and the GraphQL they use. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { repoRoot } from '../../lib/spec/paths.ts';
import type { GatewayPlan, GatewayProcess } from '../support/gateway-processes.ts';

export const example = (name: string): Record<string, any> => JSON.parse(readFileSync(join(repoRoot, 'spec', 'examples', `${name}.json`), 'utf8'));

/** Serbia (police, coordinating body, shelter, SOS line), Austria (a victim-service NGO), Moldova (its coordinating body). */
export function threeCountries(extra: Partial<Record<'rs' | 'at' | 'md', Partial<GatewayPlan>>> = {}): GatewayPlan[] {
  return [
    {
      name: 'rs', gatewayId: 'RS/GOV/CPTV', ...extra.rs,
      // The Serbian gateway follows the Serbian profile, so the published Serbian examples go in through its typed input.
      config: { profile: 'rs', ...extra.rs?.config },
      members: [
        { id: 'RS/GOV/CPTV', agencyType: 'coordinating-body' }, { id: 'RS/GOV/POLICE', agencyType: 'police' },
        { id: 'RS/NGO/ATINA', agencyType: 'shelter' }, { id: 'RS/NGO/ATINA/shelter', agencyType: 'shelter' }, { id: 'RS/NGO/ASTRA', agencyType: 'sos-helpline' },
      ],
    },
    { name: 'at', gatewayId: 'AT/NGO/LEFOE', members: [{ id: 'AT/NGO/LEFOE', agencyType: 'victim-service' }], ...extra.at },
    { name: 'md', gatewayId: 'MD/GOV/CNPTV', members: [{ id: 'MD/GOV/CNPTV', agencyType: 'coordinating-body' }], ...extra.md },
  ];
}

export const SUBMIT = 'mutation($d: ReferralInput!) { submitReferral(document: $d) { id status } }';
export const RECORD_CONSENT = 'mutation($d: ConsentRecordInput!) { recordConsent(document: $d) { id } }';
export const WITHDRAW_CONSENT = 'mutation($id: ID!) { withdrawConsent(id: $id) { id } }';
export const RESPOND = 'mutation($id: ID!, $decision: ReferralDecision!, $reasons: [ReferralDeclineReason!]) { respondToReferral(id: $id, decision: $decision, reasons: $reasons) { id status } }';
export const POST_UPDATE = 'mutation($id: ID!, $d: ReferralStatusUpdateInput!) { postStatusUpdate(referralId: $id, document: $d) { id status } }';
export const RETRY = 'mutation($id: ID!) { retryDelivery(referralId: $id) { state attempts } }';
export const DELIVERY_FIELDS = 'deliveries { messageId kind state attempts lastErrorCode lastError narrowed deliveredAt receipt { digest signedBy withheldOnReceipt jws } }';
export const REFERRAL = `query($id: ID!) { referral(id: $id) { id status sender recipient statusHistory { status author } ${DELIVERY_FIELDS} } }`;

/** Runs a GraphQL operation and fails the test on any error. */
export async function must(gateway: GatewayProcess, token: string, query: string, variables?: Record<string, unknown>): Promise<any> {
  const { status, body } = await gateway.graphql(token, query, variables);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  expect(status).toBe(200);
  return body.data;
}

/** Asks `probe` until it returns something other than undefined (deliveries settle asynchronously). */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > until) throw new Error(`${what} did not happen within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The referral as a member of `gateway` sees it, once `settled` holds for it. */
export async function referralWhen(gateway: GatewayProcess, token: string, id: string, settled: (referral: any) => boolean, what: string): Promise<any> {
  let seen: unknown;
  try {
    return await eventually(async () => {
      const { body } = await gateway.graphql(token, REFERRAL, { id });
      seen = body.data?.referral ?? body.errors;
      return body.data?.referral && settled(body.data.referral) ? body.data.referral : undefined;
    }, what);
  } catch (error) {
    throw new Error(`${(error as Error).message}; last seen: ${JSON.stringify(seen)}\n${gateway.logs().split('\n').filter((l) => l.includes('federation')).slice(-10).join('\n')}`);
  }
}

/** Scenario 5's agreement: the SOS line may ask the Austrian NGO to look for a missing person, under the consent of the one who asks. */
export const SOS_TO_LEFOE = {
  kind: 'data-sharing-agreement', specVersion: '1.0.0', id: 'rs-sos-at-ngo-location-query', version: '1.0.0',
  title: 'SOS line and an Austrian victim-service NGO: cross-border location queries', parties: [{ member: 'RS/NGO/ASTRA' }, { member: 'AT/NGO/LEFOE' }],
  validPeriod: { start: '2025-01-01' },
  clauses: [
    { id: '1', description: 'A missing-person query with minimal identifiers, under the consent of the one who asks.', purpose: 'identification', from: [{ member: 'RS/NGO/ASTRA' }], to: [{ member: 'AT/NGO/LEFOE' }], fieldGroups: ['identity', 'location', 'identification'], crossBorder: true },
  ],
};

/** The mother's consent of scenario 5, running on (the example's ran for three months from September 2026). */
export const motherConsent = (overrides: Record<string, unknown> = {}): Record<string, any> => ({ ...example('05-consent-mother'), period: { start: '2026-09-02', end: '2099-12-31' }, ...overrides });

/** The Austrian NGO's own case system holding one case for her, as a connector of the Austrian gateway. */
export function lefoeCaseSystem(subject: string, localCaseNumber: string, person: { givenName: string; dateOfBirth: string; locality: string }) {
  return {
    name: 'lefoe-cases',
    type: 'memory',
    member: 'AT/NGO/LEFOE',
    capabilities: ['getCase'],
    identifiers: ['subject'],
    source: {
      cases: [{
        subject,
        localCaseNumber,
        sections: {
          person: { subject, givenName: person.givenName, dateOfBirth: person.dateOfBirth, currentAddress: { country: 'AT', locality: person.locality } },
          needs: [{ id: crypto.randomUUID(), category: 'medical.screening', origin: 'trafficking-related', beneficiary: 'person', status: 'open' }],
        },
      }],
    },
  };
}

/** Stops the gateways and checks that each one's audit trail verifies (`nrx audit verify` on its store). */
export async function stopAndVerifyAudit(...gateways: GatewayProcess[]): Promise<void> {
  for (const gateway of gateways) await gateway.stop();
  for (const gateway of gateways) {
    const verified = await gateway.verifyAudit();
    expect(verified.status, `${gateway.name}: ${verified.stdout}${verified.stderr}`).toBe(0);
  }
}
