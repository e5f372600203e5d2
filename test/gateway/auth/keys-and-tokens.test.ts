import { describe, expect, it } from 'vitest';
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader } from 'jose';
import { generateSigningKey, hasPrivateMaterial, toPublicJwk } from '../../../gateway/auth/keys.ts';
import { ROLES } from '../../../gateway/auth/roles.ts';
import { issueToken } from '../../../gateway/auth/token.ts';
import { AUDIENCE } from './fixtures.ts';

describe('generateSigningKey', () => {
  it('makes an ES256 pair by default, with alg, use and the RFC 7638 thumbprint as kid', async () => {
    const { privateJwk, publicJwk } = await generateSigningKey();
    expect(privateJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(typeof privateJwk.d).toBe('string');
    expect(hasPrivateMaterial(publicJwk)).toBe(false);
    expect(publicJwk.kid).toBe(await calculateJwkThumbprint(publicJwk));
    expect(publicJwk.kid).toBe(privateJwk.kid);
  });

  it('makes EdDSA pairs and keeps a given kid', async () => {
    const { privateJwk, publicJwk } = await generateSigningKey({ alg: 'EdDSA', kid: 'astra-2025-01' });
    expect(publicJwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x: privateJwk.x, alg: 'EdDSA', use: 'sig', kid: 'astra-2025-01' });
  });

  it('refuses other algorithms', async () => {
    await expect(generateSigningKey({ alg: 'HS256' as 'ES256' })).rejects.toThrow(/ES256 or EdDSA/);
  });

  it('toPublicJwk drops every private member, RSA ones included', () => {
    expect(toPublicJwk({ kty: 'RSA', n: 'n', e: 'AQAB', d: 'd', p: 'p', q: 'q', dp: 'dp', dq: 'dq', qi: 'qi', kid: 'k' })).toEqual({ kty: 'RSA', n: 'n', e: 'AQAB', kid: 'k' });
  });
});

describe('issueToken', () => {
  const base = { issuer: 'RS/GOV/CPTV', subject: 'cw-0042', audience: AUDIENCE, purpose: 'assistance', role: 'case-worker' };

  it('signs the required claims with the key’s algorithm and kid', async () => {
    const { privateJwk } = await generateSigningKey();
    const token = await issueToken({ ...base, privateJwk, jti: 'j-1' });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', kid: privateJwk.kid, typ: 'JWT' });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ iss: 'RS/GOV/CPTV', sub: 'cw-0042', aud: AUDIENCE, purpose: 'assistance', role: 'case-worker', jti: 'j-1' });
    expect(claims.exp! - claims.iat!).toBe(600);
    expect(Math.abs(claims.iat! - Date.now() / 1000)).toBeLessThan(5);
  });

  it('counts the lifetime from notBefore, and gives each token its own jti', async () => {
    const { privateJwk } = await generateSigningKey({ alg: 'EdDSA' });
    const notBefore = new Date(Date.now() + 60_000);
    const claims = decodeJwt(await issueToken({ ...base, privateJwk, notBefore, ttlSeconds: 120 }));
    expect(claims.nbf).toBe(Math.floor(notBefore.getTime() / 1000));
    expect(claims.exp).toBe(claims.nbf! + 120);
    const other = decodeJwt(await issueToken({ ...base, privateJwk }));
    expect(other.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(other.jti).not.toBe(claims.jti);
  });

  it('refuses a lifetime over 15 minutes, an unknown role or purpose, and a key without kid or private part', async () => {
    const { privateJwk, publicJwk } = await generateSigningKey();
    await expect(issueToken({ ...base, privateJwk, ttlSeconds: 901 })).rejects.toThrow(/1 to 900/);
    await expect(issueToken({ ...base, privateJwk, ttlSeconds: 0 })).rejects.toThrow(/1 to 900/);
    await expect(issueToken({ ...base, privateJwk, role: 'root' })).rejects.toThrow(new RegExp(ROLES.join(', ')));
    await expect(issueToken({ ...base, privateJwk, purpose: 'marketing' })).rejects.toThrow(/unknown purpose/);
    await expect(issueToken({ ...base, privateJwk: { ...privateJwk, kid: undefined } })).rejects.toThrow(/kid/);
    await expect(issueToken({ ...base, privateJwk: publicJwk })).rejects.toThrow(/not a private key/);
  });
});
