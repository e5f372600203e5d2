import { beforeAll, describe, expect, it } from 'vitest';
import { exportSPKI, importJWK, SignJWT } from 'jose';
import { createAuthenticator } from '../../../gateway/auth/authenticator.ts';
import { issueToken } from '../../../gateway/auth/token.ts';
import { AuthError, type AuthErrorCode, type Authenticator } from '../../../gateway/auth/types.ts';
import { AUDIENCE, b64url, craft, federation, nowSeconds, validClaims, type Federation } from './fixtures.ts';

let fed: Federation;
let auth: Authenticator;

beforeAll(async () => {
  fed = await federation();
  auth = createAuthenticator({ trustList: fed.trustList, audience: AUDIENCE });
});

/** Asserts a refusal with `code`, and that the message repeats neither the token nor the user. */
async function refused(authenticator: Authenticator, token: string, code: AuthErrorCode): Promise<AuthError> {
  const error = await authenticator.authenticate(`Bearer ${token}`).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(AuthError);
  const authError = error as AuthError;
  expect(authError.code).toBe(code);
  expect(authError.message.length).toBeGreaterThan(10);
  for (const part of token.split('.').filter((p) => p.length > 8)) expect(authError.message).not.toContain(part);
  expect(authError.message).not.toContain('cw-0042');
  return authError;
}

describe('accepted tokens', () => {
  it('establishes the principal from an ES256 token of a listed member', async () => {
    const token = await issueToken({ privateJwk: fed.cptv.privateJwk, issuer: 'RS/GOV/CPTV', subject: 'cw-0042', audience: AUDIENCE, purpose: 'referral', role: 'supervisor', jti: 't-1' });
    const principal = await auth.authenticate(`Bearer ${token}`);
    expect(principal.member.id).toBe('RS/GOV/CPTV');
    expect(principal).toMatchObject({ user: 'cw-0042', purpose: 'referral', role: 'supervisor', tokenId: 't-1' });
    expect(principal.expiresAt.getTime()).toBeGreaterThan(Date.now() + 590_000);
    expect(principal.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 601_000);
  });

  it('accepts EdDSA and RS256 keys, a second key of the same member, and "bearer" in any case', async () => {
    const ed = await craft(fed.cptvEd.privateJwk, validClaims());
    expect((await auth.authenticate(`bearer ${ed}`)).member.id).toBe('RS/GOV/CPTV');
    const rsa = await craft(fed.lefoe.privateJwk, validClaims({ iss: 'AT/NGO/LEFOE', role: 'service' }));
    expect((await auth.authenticate(`BEARER ${rsa}`)).member.id).toBe('AT/NGO/LEFOE');
  });

  it('accepts an audience array that names this gateway', async () => {
    const token = await craft(fed.cptv.privateJwk, validClaims({ aud: ['RS/GOV/OTHER', AUDIENCE] }));
    expect((await auth.authenticate(`Bearer ${token}`)).user).toBe('cw-0042');
  });

  it('accepts a token expired by less than the clock tolerance', async () => {
    const now = nowSeconds();
    const token = await craft(fed.cptv.privateJwk, validClaims({ iat: now - 310, exp: now - 10 }));
    await expect(auth.authenticate(`Bearer ${token}`)).resolves.toMatchObject({ role: 'case-worker' });
  });
});

describe('refused requests', () => {
  it('TOKEN_MISSING without an Authorization header', async () => {
    for (const header of [undefined, null, '', '   ']) {
      await expect(auth.authenticate(header)).rejects.toMatchObject({ code: 'TOKEN_MISSING' });
    }
  });

  it('TOKEN_MALFORMED for another scheme, garbage or a non-JWS', async () => {
    const token = await craft(fed.cptv.privateJwk, validClaims());
    await expect(auth.authenticate(`Basic ${b64url('user:password')}`)).rejects.toMatchObject({ code: 'TOKEN_MALFORMED' });
    await expect(auth.authenticate(token)).rejects.toMatchObject({ code: 'TOKEN_MALFORMED' });
    await refused(auth, 'not-a-token', 'TOKEN_MALFORMED');
    await refused(auth, 'a.b', 'TOKEN_MALFORMED');
    await refused(auth, `${b64url('{not json')}.${b64url(validClaims())}.c2ln`, 'TOKEN_MALFORMED');
    await refused(auth, `x${'a'.repeat(9000)}.b.c`, 'TOKEN_MALFORMED');
  });

  it('TOKEN_MALFORMED for a payload that is not JSON, with a valid signature', async () => {
    const { CompactSign } = await import('jose');
    const key = await importJWK(fed.cptv.privateJwk, 'ES256');
    const jws = await new CompactSign(new TextEncoder().encode('not json')).setProtectedHeader({ alg: 'ES256', kid: fed.cptv.privateJwk.kid! }).sign(key);
    await refused(auth, jws, 'TOKEN_MALFORMED');
  });

  it('TOKEN_MALFORMED for a signed object of another type (a trust list is not an access token)', async () => {
    const token = await craft(fed.cptv.privateJwk, validClaims(), { typ: 'nrx-trust-list+jws' });
    await refused(auth, token, 'TOKEN_MALFORMED');
  });

  it('ALGORITHM_NOT_ALLOWED for an unsigned token (alg "none")', async () => {
    const unsigned = `${b64url({ alg: 'none', typ: 'JWT', kid: fed.cptv.publicJwk.kid })}.${b64url(validClaims())}.`;
    const error = await refused(auth, unsigned, 'ALGORITHM_NOT_ALLOWED');
    expect(error.message).toMatch(/none/);
    const noneUpper = `${b64url({ alg: 'None', typ: 'JWT', kid: fed.cptv.publicJwk.kid })}.${b64url(validClaims())}.`;
    await refused(auth, noneUpper, 'ALGORITHM_NOT_ALLOWED');
  });

  it('ALGORITHM_NOT_ALLOWED for HS256 signed with the member public key as the secret (key confusion)', async () => {
    const publicKey = await importJWK(fed.cptv.publicJwk, 'ES256');
    const secrets = [
      new TextEncoder().encode(await exportSPKI(publicKey as CryptoKey)),
      new TextEncoder().encode(JSON.stringify(fed.cptv.publicJwk)),
    ];
    for (const secret of secrets) {
      const token = await new SignJWT(validClaims()).setProtectedHeader({ alg: 'HS256', kid: fed.cptv.publicJwk.kid!, typ: 'JWT' }).sign(secret);
      await refused(auth, token, 'ALGORITHM_NOT_ALLOWED');
    }
  });

  it('ALGORITHM_NOT_ALLOWED when the header algorithm is not the key’s, or not enabled', async () => {
    const es256 = await craft(fed.cptv.privateJwk, validClaims());
    const [, payload, signature] = es256.split('.');
    await refused(auth, `${b64url({ alg: 'ES384', kid: fed.cptv.publicJwk.kid, typ: 'JWT' })}.${payload}.${signature}`, 'ALGORITHM_NOT_ALLOWED');
    const esOnly = createAuthenticator({ trustList: fed.trustList, audience: AUDIENCE, algorithms: ['ES256'] });
    await refused(esOnly, await craft(fed.cptvEd.privateJwk, validClaims()), 'ALGORITHM_NOT_ALLOWED');
    expect(() => createAuthenticator({ trustList: fed.trustList, audience: AUDIENCE, algorithms: ['HS256'] })).toThrow(/HS256/);
  });

  it('KEY_UNKNOWN for a key outside the trust list, or no kid', async () => {
    await refused(auth, await craft(fed.stranger.privateJwk, validClaims()), 'KEY_UNKNOWN');
    await refused(auth, await craft(fed.cptv.privateJwk, validClaims(), { kid: undefined }), 'KEY_UNKNOWN');
  });

  it('KEY_UNKNOWN when a member signs in the name of another member', async () => {
    const error = await refused(auth, await craft(fed.astra.privateJwk, validClaims({ iss: 'RS/GOV/CPTV' })), 'KEY_UNKNOWN');
    expect(error.message).toContain('RS/GOV/CPTV');
  });

  it('SIGNATURE_INVALID for a tampered payload or a signature by another key under a listed kid', async () => {
    const token = await craft(fed.cptv.privateJwk, validClaims());
    const [header, , signature] = token.split('.');
    await refused(auth, `${header}.${b64url(validClaims({ role: 'admin' }))}.${signature}`, 'SIGNATURE_INVALID');
    const forged = await craft({ ...fed.stranger.privateJwk, kid: fed.cptv.privateJwk.kid }, validClaims());
    await refused(auth, forged, 'SIGNATURE_INVALID');
  });

  it('ISSUER_UNKNOWN for an issuer that is not a member', async () => {
    await refused(auth, await craft(fed.cptv.privateJwk, validClaims({ iss: 'RS/GOV/NOBODY' })), 'ISSUER_UNKNOWN');
  });

  it('ISSUER_SUSPENDED for a suspended member, ISSUER_UNKNOWN outside its membership period', async () => {
    const members = new Map(fed.trustList.members);
    members.set('RS/NGO/ASTRA', { ...members.get('RS/NGO/ASTRA')!, status: 'suspended' });
    members.set('AT/NGO/LEFOE', { ...members.get('AT/NGO/LEFOE')!, validPeriod: { start: '2020-01-01', end: '2024-12-31' } });
    const scoped = createAuthenticator({ trustList: { ...fed.trustList, members }, audience: AUDIENCE });
    await refused(scoped, await craft(fed.astra.privateJwk, validClaims({ iss: 'RS/NGO/ASTRA' })), 'ISSUER_SUSPENDED');
    await refused(scoped, await craft(fed.lefoe.privateJwk, validClaims({ iss: 'AT/NGO/LEFOE' })), 'ISSUER_UNKNOWN');
    await expect(scoped.authenticate(`Bearer ${await craft(fed.cptv.privateJwk, validClaims())}`)).resolves.toMatchObject({ user: 'cw-0042' });
  });

  it('AUDIENCE_MISMATCH for a token meant for another gateway', async () => {
    await refused(auth, await craft(fed.cptv.privateJwk, validClaims({ aud: 'AT/GOV/GATEWAY' })), 'AUDIENCE_MISMATCH');
    await refused(auth, await craft(fed.cptv.privateJwk, validClaims({ aud: ['AT/GOV/GATEWAY'] })), 'AUDIENCE_MISMATCH');
  });

  it('TOKEN_EXPIRED past exp and the clock tolerance', async () => {
    const now = nowSeconds();
    await refused(auth, await craft(fed.cptv.privateJwk, validClaims({ iat: now - 400, exp: now - 100 })), 'TOKEN_EXPIRED');
  });

  it('TOKEN_NOT_YET_VALID for nbf or iat in the future beyond the tolerance', async () => {
    const now = nowSeconds();
    await refused(auth, await craft(fed.cptv.privateJwk, validClaims({ nbf: now + 120, exp: now + 400 })), 'TOKEN_NOT_YET_VALID');
    await refused(auth, await craft(fed.cptv.privateJwk, validClaims({ iat: now + 120, exp: now + 400 })), 'TOKEN_NOT_YET_VALID');
    const notBefore = new Date((now + 120) * 1000);
    const token = await issueToken({ privateJwk: fed.cptv.privateJwk, issuer: 'RS/GOV/CPTV', subject: 'cw-0042', audience: AUDIENCE, purpose: 'assistance', role: 'dpo', notBefore });
    await refused(auth, token, 'TOKEN_NOT_YET_VALID');
  });

  it('TOKEN_LIFETIME_TOO_LONG beyond 15 minutes, or beyond a lower configured limit', async () => {
    const now = nowSeconds();
    await refused(auth, await craft(fed.cptv.privateJwk, validClaims({ iat: now, exp: now + 901 })), 'TOKEN_LIFETIME_TOO_LONG');
    await refused(auth, await craft(fed.cptv.privateJwk, validClaims({ iat: now, exp: now + 86_400 * 365 })), 'TOKEN_LIFETIME_TOO_LONG');
    const strict = createAuthenticator({ trustList: fed.trustList, audience: AUDIENCE, maxLifetimeSeconds: 120 });
    await refused(strict, await craft(fed.cptv.privateJwk, validClaims({ iat: now, exp: now + 300 })), 'TOKEN_LIFETIME_TOO_LONG');
    expect(() => createAuthenticator({ trustList: fed.trustList, audience: AUDIENCE, maxLifetimeSeconds: 3600 })).toThrow(RangeError);
  });

  it.each(['iss', 'sub', 'aud', 'exp', 'iat', 'purpose', 'role'])('CLAIM_MISSING without %s', async (claim) => {
    const error = await refused(auth, await craft(fed.cptv.privateJwk, validClaims({ [claim]: undefined })), 'CLAIM_MISSING');
    expect(error.message).toContain(`'${claim}'`);
  });

  it.each([
    ['purpose', 'marketing'],
    ['purpose', 42],
    ['role', 'superuser'],
    ['sub', ''],
    ['sub', 'x'.repeat(200)],
    ['exp', 'tomorrow'],
    ['iat', '2025-01-01'],
    ['aud', 7],
    ['jti', 12],
  ])('CLAIM_INVALID for %s = %j', async (claim, value) => {
    const error = await refused(auth, await craft(fed.cptv.privateJwk, validClaims({ [claim]: value })), 'CLAIM_INVALID');
    expect(error.message).toContain(`'${claim}'`);
  });

  it('CLAIM_INVALID when exp is not after iat', async () => {
    const now = nowSeconds();
    await refused(auth, await craft(fed.cptv.privateJwk, validClaims({ iat: now, exp: now })), 'CLAIM_INVALID');
  });
});

describe('the verified-token cache', () => {
  it('answers a repeated token from the cache, and still refuses it once expired', async () => {
    let clock = Date.now();
    const cached = createAuthenticator({ trustList: fed.trustList, audience: AUDIENCE, now: () => new Date(clock) });
    const token = await craft(fed.cptv.privateJwk, validClaims({ exp: nowSeconds() + 60 }));
    const first = await cached.authenticate(`Bearer ${token}`);
    expect(await cached.authenticate(`Bearer ${token}`)).toBe(first);
    clock += 60_000 + 31_000;
    await refused(cached, token, 'TOKEN_EXPIRED');
  });

  it('answers synchronously only for a token it verified and that has not expired', async () => {
    let clock = Date.now();
    const cached = createAuthenticator({ trustList: fed.trustList, audience: AUDIENCE, now: () => new Date(clock) });
    const token = await craft(fed.cptv.privateJwk, validClaims({ exp: nowSeconds() + 60 }));
    const forged = await craft(fed.cptv.privateJwk, validClaims({ exp: nowSeconds() + 60, jti: 'other' }));
    expect(cached.verified(`Bearer ${token}`)).toBeUndefined();
    for (const header of [undefined, null, '', 'Basic abc', `Bearer ${token}x`, `Bearer ${forged}`]) expect(cached.verified(header)).toBeUndefined();
    const first = await cached.authenticate(`Bearer ${token}`);
    expect(cached.verified(`Bearer ${token}`)).toBe(first);
    expect(cached.verified(`bearer  ${token} `)).toBe(first);
    // The same header twice in a row: the second is answered from the last header remembered, which expires all the same.
    expect(cached.verified(`Bearer ${token}`)).toBe(first);
    expect(cached.verified(`Bearer ${token}`)).toBe(first);
    clock += 60_000 + 31_000;
    expect(cached.verified(`Bearer ${token}`)).toBeUndefined();
    await expect(cached.authenticate(`Bearer ${token}`)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
  });

  it('is bounded: the least recently used token is verified again', async () => {
    const small = createAuthenticator({ trustList: fed.trustList, audience: AUDIENCE, cacheSize: 2 });
    const tokens = await Promise.all(['a', 'b', 'c'].map((jti) => craft(fed.cptv.privateJwk, validClaims({ jti: `jti-${jti}` }))));
    const a = await small.authenticate(`Bearer ${tokens[0]}`);
    await small.authenticate(`Bearer ${tokens[1]}`);
    expect(await small.authenticate(`Bearer ${tokens[0]}`)).toBe(a);
    await small.authenticate(`Bearer ${tokens[2]}`); // evicts b, the least recently used
    expect(await small.authenticate(`Bearer ${tokens[0]}`)).toBe(a);
    const bAgain = await small.authenticate(`Bearer ${tokens[1]}`);
    expect(bAgain.tokenId).toBe('jti-b');
    expect(await small.authenticate(`Bearer ${tokens[1]}`)).toBe(bAgain);
  });

  it('never caches a refusal', async () => {
    const now = nowSeconds();
    const token = await craft(fed.cptv.privateJwk, validClaims({ nbf: now + 120, exp: now + 400 }));
    let clock = Date.now();
    const timed = createAuthenticator({ trustList: fed.trustList, audience: AUDIENCE, now: () => new Date(clock) });
    await refused(timed, token, 'TOKEN_NOT_YET_VALID');
    clock += 130_000;
    await expect(timed.authenticate(`Bearer ${token}`)).resolves.toMatchObject({ user: 'cw-0042' });
  });
});
