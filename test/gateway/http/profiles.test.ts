/**
 * Country profiles at the gateway: a gateway configured with the Serbian profile validates what it
 * is sent against it (submitReferral and POST /validate), a document's own `profile` wins, and the
 * merged profile schemas are served at the paths their `$id`s name, as published in the repository.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../lib/spec/paths.ts';
import { referralDocument, startTestGateway, type TestGateway } from '../support/federation.ts';

let gw: TestGateway;
let cptv: string;

beforeAll(async () => {
  gw = await startTestGateway({ profile: 'rs' });
  cptv = await gw.token('RS/GOV/CPTV', 'assistance');
});
afterAll(() => gw?.stop());

/** A formal identification by the Centre, as the Serbian profile wants it unless `decision` says otherwise. */
const formalIdentification = (decision: Record<string, unknown> = {}) => ({
  id: crypto.randomUUID(),
  status: 'identified',
  stage: 'formal',
  issuer: 'RS/GOV/CPTV',
  issuerType: 'state-coordinating-body',
  statusSince: '2025-04-20',
  decision: { outcome: 'granted', decidedOn: '2025-04-20', decisionNumber: 'CPTV-ID-2025-0031', informedOfReviewRight: true, ...decision },
});

const referralWith = (identification: Record<string, unknown>, overrides: Record<string, unknown> = {}) =>
  referralDocument({ sender: 'RS/GOV/CPTV', sections: { person: { subject: 'test-subject-0001', sex: 'female' }, identifications: [identification] }, ...overrides });

const SUBMIT = `mutation($d: ReferralInput!) { submitReferral(document: $d) { id status document { sections { identifications { stage decision { decisionNumber } } } } } }`;

async function validate(document: unknown, query = ''): Promise<any> {
  const response = await fetch(`${gw.gateway.url}/validate${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(document) });
  expect(response.status).toBe(200);
  return response.json();
}

describe('a gateway configured with the Serbian profile', () => {
  it('accepts a referral that follows the profile, with the fields only the profile has, through the typed input', async () => {
    const { body } = await gw.graphql(cptv, SUBMIT, { d: referralWith(formalIdentification()) });
    expect(body.errors).toBeUndefined();
    expect(body.data.submitReferral.status).toBe('sent');
  });

  it('refuses a referral that passes the base standard but not the profile, naming the profile rule', async () => {
    const unnumbered = formalIdentification();
    delete (unnumbered.decision as Record<string, unknown>).decisionNumber;
    const { body } = await gw.graphql(cptv, SUBMIT, { d: referralWith(unnumbered) });
    expect(body.data ?? null).toBeNull();
    expect(body.errors[0].extensions.code).toBe('SPEC_VALIDATION');
    expect(body.errors[0].extensions.issues).toContainEqual(expect.objectContaining({ pointer: '/sections/identifications/0/decision', keyword: 'required', message: "missing required property 'decisionNumber'" }));
  });

  it('validates a posted document against its own profile, else the gateway profile, else the one the query names', async () => {
    const unnumbered = formalIdentification();
    delete (unnumbered.decision as Record<string, unknown>).decisionNumber;
    const named = await validate(referralWith(unnumbered, { profile: 'rs' }));
    expect(named).toMatchObject({ valid: false, profile: 'rs', schemaId: 'https://nrx.exchange/spec/v1/profiles/rs/referral.schema.json' });
    const byGateway = await validate(referralWith(unnumbered));
    expect(byGateway).toMatchObject({ valid: false, profile: 'rs' });
    const good = await validate(referralWith(formalIdentification(), { profile: 'rs' }));
    expect(good).toMatchObject({ valid: true, kind: 'referral', profile: 'rs' });
  });

  it('names an unknown profile as the problem, in the document or in the query', async () => {
    const own = await validate(referralWith(formalIdentification(), { profile: 'zz' }));
    expect(own.valid).toBe(false);
    expect(own.issues).toEqual([expect.objectContaining({ pointer: '/profile', keyword: 'profile', found: "'zz'", expected: "'rs'" })]);
    const asked = await validate(referralWith(formalIdentification()), '?profile=rx');
    expect(asked.issues).toEqual([expect.objectContaining({ pointer: '', keyword: 'profile', suggestion: 'rs' })]);
  });

  it('serves the merged profile schemas as published in the repository, and lists them', async () => {
    const index = await (await fetch(`${gw.gateway.url}/spec/v1/`)).json();
    expect(index.profiles).toEqual({ rs: `${gw.config.publicUrl.replace(/\/$/, '')}/spec/v1/profiles/rs/` });
    expect(index.schemas.map((s: { path: string }) => s.path)).toContain('/spec/v1/profiles/rs/identification.schema.json');
    for (const file of ['identification', 'residence-status', 'referral']) {
      const response = await fetch(`${gw.gateway.url}/spec/v1/profiles/rs/${file}.schema.json`);
      expect(response.status).toBe(200);
      const published = JSON.parse(readFileSync(join(repoRoot, 'spec/v1/profiles/rs', `${file}.schema.json`), 'utf8'));
      expect(await response.json()).toEqual(published);
    }
    const discovery = await (await fetch(`${gw.gateway.url}/`)).json();
    expect(discovery.spec).toMatchObject({ profile: 'rs', profiles: index.profiles });
  });
});

describe('the published examples', () => {
  it('each pass the country profile they name', async () => {
    const examples = ['01-serbia-moldovan-woman-shelter.json', 'full-referral.json'].map((f) => JSON.parse(readFileSync(join(repoRoot, 'spec/examples', f), 'utf8')));
    for (const example of examples) {
      expect(example.profile).toBe('rs');
      expect(await validate(example)).toMatchObject({ valid: true, profile: 'rs', issues: [] });
    }
  });
});
