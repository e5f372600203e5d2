/**
 * What a running gateway answers on the routes other gateways call beside the signed messages (her
 * case view, checkpoint witnesses, the directory search) follows the spec's schemas: its answers
 * validate against peer-case-answer, peer-checkpoint-answer (whose checkpoint's payload is a
 * peer-checkpoint) and peer-directory-answer, every refusal against peer-error, and a body that
 * does not follow its request schema is refused with the schema and the place at fault named.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../gateway/auth/token.ts';
import { generateServices } from '../../gateway/demo/services.ts';
import { createAjv } from '../../lib/spec/ajv.ts';
import { loadSpec } from '../../lib/spec/load.ts';
import { CONSENT, consentDoc } from '../scenarios/federation.ts';
import { startFleet, type Fleet, type GatewayProcess } from '../support/gateway-processes.ts';
import { lefoeCaseSystem } from './helpers.ts';

const RS = 'RS/GOV/CPTV';
const AT = 'AT/NGO/LEFOE';
const SUBJECT = 'at-lefoe-peermsg01';

const lefoeSystem = lefoeCaseSystem(SUBJECT, 'LEFOE-2026-31', { givenName: 'Mira', dateOfBirth: '1996-03-04', locality: 'Graz' });

const spec = loadSpec();
const ajv = createAjv(spec);
function problemsAs(name: string, value: unknown): unknown[] {
  const validate = ajv.getSchema(`${spec.baseUri}${name}.schema.json`)!;
  return validate(value) ? [] : validate.errors!;
}

let dir: string;
let fleet: Fleet;
let at: GatewayProcess;

/** A token of `from` for the Austrian gateway (a member's own token, or the gateway's with role service). */
const tokenFor = (from: string, purpose: string, role: string) =>
  issueToken({ privateJwk: fleet.memberKeys.get(from)!, issuer: from, subject: 'peer-messages-test', audience: AT, purpose, role, ttlSeconds: 300 });

async function post(path: string, body: unknown, token?: string, init: RequestInit = {}) {
  const response = await fetch(`${at.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
  return { status: response.status, headers: response.headers, body: await response.json() as any };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nrx-peer-messages-'));
  const servicesFile = join(dir, 'at-services.json');
  writeFileSync(servicesFile, JSON.stringify(generateServices({ count: 12, seed: 7, countries: ['AT'], organizations: [AT] })));
  fleet = await startFleet([
    { name: 'rs', gatewayId: RS, members: [{ id: RS, agencyType: 'coordinating-body' }] },
    { name: 'at', gatewayId: AT, members: [{ id: AT, agencyType: 'victim-service' }], config: { connectors: [lefoeSystem], directory: { servicesFile } } },
  ]);
  at = fleet.get('at');
  // Her consent as the Austrian NGO holds it: her identity and needs to the Serbian body, for her return.
  const permit = [{ type: 'permit', actors: [{ member: RS }], purposes: ['return-reintegration'], fieldGroups: ['identity', 'needs'] }];
  const recorded = await at.graphql(await at.token(AT, { purpose: 'return-reintegration' }), CONSENT, { d: consentDoc(SUBJECT, AT, permit) });
  expect(recorded.body.errors).toBeUndefined();
}, 120_000);

afterAll(async () => {
  await fleet?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('answers of a running gateway to other gateways', () => {
  it('answers her case view with a peer-case-answer that carries what its policy released', async () => {
    const answer = await post('/peer/v1/cases', { kind: 'peer-case-query', subject: SUBJECT }, await tokenFor(RS, 'return-reintegration', 'case-worker'));
    expect(answer.status).toBe(200);
    expect(problemsAs('peer-case-answer', answer.body)).toEqual([]);
    expect(answer.body.records).toHaveLength(1);
    expect(answer.body.records[0]).toMatchObject({ connector: 'lefoe-cases', member: AT, sections: { person: { givenName: 'Mira' } } });
    expect(answer.body.records[0].withheld.length).toBeGreaterThan(0);
  });

  it('answers a checkpoint offer with a peer-checkpoint-answer whose checkpoint is a peer-checkpoint', async () => {
    const answer = await post('/peer/v1/checkpoints', { kind: 'peer-checkpoint-offer', checkpoints: [] }, await tokenFor(RS, 'referral', 'service'));
    expect(answer.status).toBe(200);
    expect(problemsAs('peer-checkpoint-answer', answer.body)).toEqual([]);
    expect(answer.body.checkpoints).toHaveLength(1);
    const payload = JSON.parse(Buffer.from(answer.body.checkpoints[0].split('.')[1], 'base64url').toString('utf8'));
    expect(problemsAs('peer-checkpoint', payload)).toEqual([]);
    expect(payload.gateway).toBe(AT);
  });

  it('answers a directory search with a peer-directory-answer', async () => {
    const answer = await post('/directory/v1/search', { query: { country: 'AT' }, limit: 5 }, await tokenFor(RS, 'referral', 'service'));
    expect(answer.status).toBe(200);
    expect(problemsAs('peer-directory-answer', answer.body)).toEqual([]);
    expect(answer.body).toMatchObject({ gateway: AT, total: 12 });
    expect(answer.body.hits).toHaveLength(5);
  });

  it('refuses a body that does not follow its request schema, naming the schema and the place at fault', async () => {
    const member = await tokenFor(RS, 'return-reintegration', 'case-worker');
    const service = await tokenFor(RS, 'referral', 'service');
    const refusals = [
      { path: '/peer/v1/cases', body: { kind: 'peer-case-query', subject: 'x' }, token: member, says: /peer-case-query\.schema\.json: \/subject must match pattern/ },
      { path: '/peer/v1/cases', body: { kind: 'peer-case-query', subject: SUBJECT, name: 'Mira' }, token: member, says: /peer-case-query\.schema\.json: \/ must NOT have additional properties \('name'\)/ },
      { path: '/peer/v1/checkpoints', body: { kind: 'peer-checkpoint-offer', checkpoints: Array(101).fill('a.b.c') }, token: service, says: /peer-checkpoint-offer\.schema\.json: \/checkpoints must NOT have more than 100 items/ },
      { path: '/directory/v1/search', body: { query: { colour: 'red' }, limit: 5 }, token: service, says: /peer-directory-search\.schema\.json: \/query must NOT have additional properties \('colour'\)/ },
      { path: '/directory/v1/search', body: { query: {}, limit: 5000 }, token: service, says: /peer-directory-search\.schema\.json: \/limit must be <= 1000/ },
    ];
    for (const { path, body, token, says } of refusals) {
      const answer = await post(path, body, token);
      expect(answer.status, path).toBe(400);
      expect(problemsAs('peer-error', answer.body)).toEqual([]);
      expect(answer.body).toMatchObject({ kind: 'peer-error', code: 'BAD_USER_INPUT', retryable: false });
      expect(answer.body.message).toMatch(says);
    }
  });

  it('refuses a checkpoint whose payload is not a peer-checkpoint', async () => {
    const payload = Buffer.from(JSON.stringify({ lastSeq: 1, lastHash: 'f'.repeat(64), at: '2026-12-01T10:00:00Z', gateway: RS, colour: 'red' })).toString('base64url');
    const answer = await post('/peer/v1/checkpoints', { kind: 'peer-checkpoint-offer', checkpoints: [`eyJhbGciOiJFZERTQSJ9.${payload}.c2ln`] }, await tokenFor(RS, 'referral', 'service'));
    expect(answer.status).toBe(400);
    expect(problemsAs('peer-error', answer.body)).toEqual([]);
    expect(answer.body).toMatchObject({ code: 'CHECKPOINT_INVALID' });
    expect(answer.body.message).toMatch(/checkpoint 0: .*peer-checkpoint\.schema\.json/);
  });

  it('answers every refusal on these routes in the peer-error form, with the headers its status calls for', async () => {
    const service = await tokenFor(RS, 'referral', 'service');
    for (const path of ['/peer/v1/cases', '/peer/v1/checkpoints', '/directory/v1/search']) {
      const anonymous = await post(path, {});
      expect(anonymous.status, path).toBe(401);
      expect(problemsAs('peer-error', anonymous.body)).toEqual([]);
      expect(anonymous.body.code).toBe('TOKEN_MISSING');

      const get = await fetch(`${at.url}${path}`, { headers: { authorization: `Bearer ${service}` } });
      expect(get.status, path).toBe(405);
      expect(get.headers.get('allow')).toBe('POST');
      expect(problemsAs('peer-error', await get.json())).toEqual([]);

      const large = await post(path, JSON.stringify({ kind: 'x', pad: 'x'.repeat(300 * 1024) }), service);
      expect(large.status, path).toBe(413);
      expect(large.headers.get('connection')).toBe('close');
      expect(problemsAs('peer-error', large.body)).toEqual([]);
      expect(large.body.code).toBe('BODY_TOO_LARGE');
    }
  });
});
