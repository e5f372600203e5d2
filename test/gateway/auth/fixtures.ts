import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import { generateSigningKey, importSigningKey } from '../../../gateway/auth/keys.ts';
import type { TrustList, TrustedMember } from '../../../gateway/auth/types.ts';

export const AUDIENCE = 'RS/GOV/GATEWAY';

export interface KeyPair {
  privateJwk: JWK;
  publicJwk: JWK;
}

/** An RSA pair for RS256 or PS256, which generateSigningKey does not make. */
export async function rsaKey(alg: 'RS256' | 'PS256', kid: string): Promise<KeyPair> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), alg, use: 'sig', kid };
  const { d, p, q, dp, dq, qi, ...publicJwk } = privateJwk;
  return { privateJwk, publicJwk };
}

/** A member entry as the spec's member schema describes it. */
export function member(id: string, keys: JWK[], extra: Partial<TrustedMember> = {}): TrustedMember {
  const [country] = id.split('/');
  return {
    kind: 'member',
    specVersion: '1.0.0',
    status: 'active',
    id,
    name: `Member ${id}`,
    country: country!,
    memberClass: id.split('/')[1]!,
    agencyType: id.includes('/NGO/') ? 'shelter' : 'coordinating-body',
    endpoints: { gateway: `https://${id.toLowerCase().replaceAll('/', '-')}.example.org/graphql` },
    jwks: { keys },
    ...extra,
  } as TrustedMember;
}

export interface Federation {
  trustList: TrustList;
  /** RS/GOV/CPTV, ES256 and EdDSA keys. */
  cptv: KeyPair;
  cptvEd: KeyPair;
  /** RS/NGO/ASTRA, ES256. */
  astra: KeyPair;
  /** AT/NGO/LEFOE, RS256. */
  lefoe: KeyPair;
  /** A key listed nowhere. */
  stranger: KeyPair;
}

export async function federation(): Promise<Federation> {
  const cptv = await generateSigningKey();
  const cptvEd = await generateSigningKey({ alg: 'EdDSA' });
  const astra = await generateSigningKey();
  const lefoe = await rsaKey('RS256', 'lefoe-2025');
  const stranger = await generateSigningKey();
  const members = [
    member('RS/GOV/CPTV', [cptv.publicJwk, cptvEd.publicJwk]),
    member('RS/NGO/ASTRA', [astra.publicJwk]),
    member('AT/NGO/LEFOE', [lefoe.publicJwk]),
  ];
  return {
    trustList: { federation: 'rs-nrm', issued: '2025-01-01T00:00:00Z', members: new Map(members.map((m) => [m.id, m])) },
    cptv,
    cptvEd,
    astra,
    lefoe,
    stranger,
  };
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Claims of a valid token from RS/GOV/CPTV for the test gateway. */
export function validClaims(overrides: JWTPayload = {}): JWTPayload {
  const now = nowSeconds();
  return { iss: 'RS/GOV/CPTV', sub: 'cw-0042', aud: AUDIENCE, iat: now, exp: now + 300, purpose: 'assistance', role: 'case-worker', jti: 'jti-1', ...overrides };
}

/** Signs exactly the claims and header given (no defaults added), so tests can craft any token. */
export async function craft(key: JWK, claims: JWTPayload, header: Record<string, unknown> = {}): Promise<string> {
  const { alg, key: signingKey } = await importSigningKey(key);
  const cleaned = Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined));
  return new SignJWT(cleaned).setProtectedHeader({ alg, kid: key.kid, typ: 'JWT', ...header } as any).sign(signingKey);
}

export const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A trust-list document valid against the spec's schema; the operator is listed as a member too. */
export function trustListDocument(members: TrustedMember[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Date.now();
  return {
    kind: 'trust-list',
    specVersion: '1.0.0',
    id: '0b6f3c1e-3f0e-4c57-9a0e-6f1d2b7c8a90',
    federation: 'NRX-SEE',
    sequence: 7,
    issued: new Date(now - 3_600_000).toISOString(),
    nextUpdate: new Date(now + 7 * 86_400_000).toISOString(),
    operator: 'RS/GOV/CPTV',
    members,
    ...overrides,
  };
}
