import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompactSign, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { createAuthenticator } from '../../../gateway/auth/authenticator.ts';
import { generateSigningKey } from '../../../gateway/auth/keys.ts';
import { loadTrustListFile, signTrustList, trustListProblems, TrustListError, TRUST_LIST_JWS_TYPE, verifyTrustList } from '../../../gateway/auth/trust-list.ts';
import { AUDIENCE, craft, member, rsaKey, trustListDocument, validClaims, type KeyPair } from './fixtures.ts';

let operator: KeyPair;
let cptv: KeyPair;
let astra: KeyPair;
let document: Record<string, unknown>;
let dir: string;

beforeAll(async () => {
  operator = await generateSigningKey({ kid: 'operator-2025' });
  cptv = await generateSigningKey();
  astra = await generateSigningKey({ alg: 'EdDSA' });
  const lefoe = await rsaKey('PS256', 'lefoe-ps');
  document = trustListDocument([
    member('RS/GOV/CPTV', [cptv.publicJwk, operator.publicJwk]),
    member('RS/NGO/ASTRA', [astra.publicJwk]),
    member('AT/NGO/LEFOE', [lefoe.publicJwk], { endpoints: { gateway: 'https://lefoe.example.at/graphql' } }),
  ]);
  dir = mkdtempSync(join(tmpdir(), 'nrx-trust-list-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Signs any payload as a trust list would be, without the checks signTrustList makes. */
async function rawSign(payload: unknown, key: JWK, header: Record<string, unknown> = {}): Promise<string> {
  const imported = await importJWK(key, key.alg);
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: key.alg!, kid: key.kid, typ: TRUST_LIST_JWS_TYPE, ...header } as any)
    .sign(imported as CryptoKey);
}

async function refusal(promise: Promise<unknown>): Promise<TrustListError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(TrustListError);
  return error as TrustListError;
}

describe('the fixtures follow the spec', () => {
  it('the test trust-list document is valid against the current spec/v1/trust-list.schema.json', () => {
    expect(trustListProblems(document)).toEqual([]);
  });
});

describe('signing and verifying the trust list', () => {
  it('round-trips: members by id, and tokens of listed members authenticate', async () => {
    const jws = await signTrustList(document, operator.privateJwk);
    expect(JSON.parse(Buffer.from(jws.split('.')[0]!, 'base64url').toString())).toMatchObject({ typ: TRUST_LIST_JWS_TYPE, alg: 'ES256', kid: 'operator-2025' });
    const list = await verifyTrustList(jws, operator.publicJwk);
    expect(list).toMatchObject({ federation: 'NRX-SEE', sequence: 7, operator: 'RS/GOV/CPTV' });
    expect([...list.members.keys()]).toEqual(['RS/GOV/CPTV', 'RS/NGO/ASTRA', 'AT/NGO/LEFOE']);
    expect(list.members.get('RS/NGO/ASTRA')!.jwks.keys[0]!.kid).toBe(astra.publicJwk.kid);

    const auth = createAuthenticator({ trustList: list, audience: AUDIENCE });
    const token = await craft(astra.privateJwk, validClaims({ iss: 'RS/NGO/ASTRA' }));
    expect((await auth.authenticate(`Bearer ${token}`)).member.name).toBe('Member RS/NGO/ASTRA');
  });

  it('finds the signing key by kid in an operator JWKS, and reads the flattened JSON form', async () => {
    const next = await generateSigningKey({ kid: 'operator-2026' });
    const jws = await signTrustList(document, operator.privateJwk);
    await expect(verifyTrustList(jws, { keys: [next.publicJwk, operator.publicJwk] })).resolves.toMatchObject({ sequence: 7 });
    const [protectedHeader, payload, signature] = jws.split('.');
    const flattened = JSON.stringify({ protected: protectedHeader, payload, signature });
    await expect(verifyTrustList(flattened, operator.publicJwk)).resolves.toMatchObject({ federation: 'NRX-SEE' });
    const general = JSON.stringify({ payload, signatures: [{ protected: protectedHeader, signature }] });
    await expect(verifyTrustList(general, operator.publicJwk)).resolves.toMatchObject({ federation: 'NRX-SEE' });
    const error = await refusal(verifyTrustList(jws, { keys: [next.publicJwk] }));
    expect(error.message).toMatch(/operator-2025.*not among/);
  });

  it('refuses a tampered list, another signer, a list signed without the trust-list type, or with HS256', async () => {
    const jws = await signTrustList(document, operator.privateJwk);
    const [h, , s] = jws.split('.');
    const forged = Buffer.from(JSON.stringify({ ...document, members: [...(document.members as unknown[]), member('RS/GOV/EVIL', [(await generateSigningKey()).publicJwk])] })).toString('base64url');
    expect((await refusal(verifyTrustList(`${h}.${forged}.${s}`, operator.publicJwk))).message).toMatch(/signature does not verify/);

    const impostor = await generateSigningKey({ kid: 'operator-2025' });
    expect((await refusal(verifyTrustList(await signTrustList(document, impostor.privateJwk), operator.publicJwk))).message).toMatch(/signature/);

    expect((await refusal(verifyTrustList(await rawSign(document, operator.privateJwk, { typ: 'JWT' }), operator.publicJwk))).message).toMatch(/not a trust list/);

    const secret = new TextEncoder().encode(JSON.stringify(operator.publicJwk));
    const hmac = await new CompactSign(new TextEncoder().encode(JSON.stringify(document))).setProtectedHeader({ alg: 'HS256', kid: 'operator-2025', typ: TRUST_LIST_JWS_TYPE }).sign(secret);
    expect((await refusal(verifyTrustList(hmac, operator.publicJwk))).message).toMatch(/refused algorithm/);

    await refusal(verifyTrustList('not a jws', operator.publicJwk));
  });

  it('refuses an operator key that holds private key material', async () => {
    const jws = await signTrustList(document, operator.privateJwk);
    expect((await refusal(verifyTrustList(jws, operator.privateJwk))).message).toMatch(/private key material/);
  });

  it('refuses a list past nextUpdate unless asked to inspect it, and a list older than the one held', async () => {
    const stale = trustListDocument(document.members as any, { issued: '2024-01-01T00:00:00Z', nextUpdate: '2024-02-01T00:00:00Z' });
    const jws = await signTrustList(stale, operator.privateJwk);
    expect((await refusal(verifyTrustList(jws, operator.publicJwk))).message).toMatch(/out of date.*2024-02-01/);
    await expect(verifyTrustList(jws, operator.publicJwk, { allowExpired: true })).resolves.toMatchObject({ nextUpdate: '2024-02-01T00:00:00Z' });
    await expect(verifyTrustList(jws, operator.publicJwk, { now: () => new Date('2024-01-15T00:00:00Z') })).resolves.toBeDefined();

    const current = await signTrustList(document, operator.privateJwk);
    expect((await refusal(verifyTrustList(current, operator.publicJwk, { minSequence: 8 }))).message).toMatch(/older than the one held/);
    await expect(verifyTrustList(current, operator.publicJwk, { minSequence: 7 })).resolves.toBeDefined();
  });

  it('refuses a payload that does not match the spec schema, naming where', async () => {
    const { members: _members, ...withoutMembers } = document;
    const error = await refusal(verifyTrustList(await rawSign({ ...withoutMembers, members: [], extra: 1 }, operator.privateJwk), operator.publicJwk));
    expect(error.problems.join('\n')).toMatch(/\/members/);
    expect(error.problems.join('\n')).toMatch(/extra/);
    await expect(signTrustList({ ...document, kind: 'referral' }, operator.privateJwk)).rejects.toThrow(/\/kind/);
  });

  it('refuses private key material in a member JWKS, when signing and when verifying', async () => {
    const leaky = trustListDocument([member('RS/GOV/CPTV', [operator.publicJwk, cptv.privateJwk])]);
    const signError = await signTrustList(leaky, operator.privateJwk).then(() => undefined, (e: unknown) => e as TrustListError);
    expect(signError).toBeInstanceOf(TrustListError);
    expect(signError!.problems[0]).toMatch(/RS\/GOV\/CPTV key .*private key material/);
    const error = await refusal(verifyTrustList(await rawSign(leaky, operator.privateJwk), operator.publicJwk));
    expect(error.problems[0]).toMatch(/private key material/);
  });

  it('refuses a kid listed for two members, a member listed twice, and an operator who is not a member', async () => {
    const shared = trustListDocument([member('RS/GOV/CPTV', [operator.publicJwk, cptv.publicJwk]), member('RS/NGO/ASTRA', [cptv.publicJwk])]);
    expect(trustListProblems(shared).join('\n')).toMatch(/also listed for member RS\/GOV\/CPTV/);
    const twice = trustListDocument([member('RS/GOV/CPTV', [operator.publicJwk]), member('RS/GOV/CPTV', [cptv.publicJwk])]);
    expect(trustListProblems(twice).join('\n')).toMatch(/listed twice/);
    const orphan = trustListDocument([member('RS/NGO/ASTRA', [astra.publicJwk])]);
    expect(trustListProblems(orphan).join('\n')).toMatch(/operator RS\/GOV\/CPTV is not among the members/);
  });

  it('loads a list whose keys the gateway does not accept, and refuses tokens signed with them', async () => {
    const { privateKey } = await generateKeyPair('ES512', { extractable: true });
    const es512Private: JWK = { ...(await exportJWK(privateKey)), alg: 'ES512', kid: 'astra-es512' };
    const { d, ...es512Public } = es512Private;
    const list = await verifyTrustList(
      await signTrustList(trustListDocument([member('RS/GOV/CPTV', [operator.publicJwk]), member('RS/NGO/ASTRA', [es512Public])]), operator.privateJwk),
      operator.publicJwk,
    );
    const auth = createAuthenticator({ trustList: list, audience: AUDIENCE });
    const { SignJWT } = await import('jose');
    const token = await new SignJWT(validClaims({ iss: 'RS/NGO/ASTRA' })).setProtectedHeader({ alg: 'ES512', kid: 'astra-es512' }).sign(privateKey);
    await expect(auth.authenticate(`Bearer ${token}`)).rejects.toMatchObject({ code: 'ALGORITHM_NOT_ALLOWED' });
  });
});

describe('loadTrustListFile', () => {
  it('reads and verifies the files, and names the file at fault', async () => {
    const listFile = join(dir, 'trust-list.jws');
    const keyFile = join(dir, 'operator.public.jwk');
    writeFileSync(listFile, `${await signTrustList(document, operator.privateJwk)}\n`);
    writeFileSync(keyFile, JSON.stringify(operator.publicJwk));
    await expect(loadTrustListFile(listFile, keyFile)).resolves.toMatchObject({ federation: 'NRX-SEE' });

    await expect(loadTrustListFile(join(dir, 'missing.jws'), keyFile)).rejects.toThrow(/missing\.jws.*ENOENT/);
    await expect(loadTrustListFile(listFile, join(dir, 'missing.jwk'))).rejects.toThrow(/missing\.jwk.*ENOENT/);
    writeFileSync(join(dir, 'bad.jwk'), '{"not": "a key"}');
    await expect(loadTrustListFile(listFile, join(dir, 'bad.jwk'))).rejects.toThrow(/bad\.jwk is not a JWK/);
    writeFileSync(join(dir, 'garbage.jws'), 'garbage');
    await expect(loadTrustListFile(join(dir, 'garbage.jws'), keyFile)).rejects.toThrow(/garbage\.jws: the trust list is not a JWS/);
  });
});
