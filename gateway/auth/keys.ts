import { readFileSync } from 'node:fs';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { NrxError } from '../../lib/errors.ts';

/**
 * Signature algorithms the federation accepts, for tokens and for the trust list. Asymmetric only:
 * `none` and the HMAC family are absent on purpose (a public key must never serve as an HMAC secret).
 */
export const ALLOWED_ALGORITHMS = ['ES256', 'ES384', 'EdDSA', 'PS256', 'RS256'] as const;
export type SigningAlgorithm = (typeof ALLOWED_ALGORITHMS)[number];

export function isAllowedAlgorithm(alg: unknown): alg is SigningAlgorithm {
  return typeof alg === 'string' && (ALLOWED_ALGORITHMS as readonly string[]).includes(alg);
}

/** JWK members that carry private or symmetric key material (RFC 7518 section 6). */
export const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

export function hasPrivateMaterial(jwk: JWK): boolean {
  return PRIVATE_JWK_MEMBERS.some((member) => member in jwk);
}

/** The public half of a JWK: the same key with every private member removed. */
export function toPublicJwk(jwk: JWK): JWK {
  const copy: Record<string, unknown> = { ...jwk };
  for (const member of PRIVATE_JWK_MEMBERS) delete copy[member];
  return copy as JWK;
}

/**
 * The algorithm a key signs with: its own `alg` when it states one (which must be allowed),
 * otherwise the only allowed algorithm its type and curve admit. RSA keys must say which of
 * PS256 and RS256 they are for.
 */
export function algorithmFor(jwk: JWK): SigningAlgorithm {
  if (jwk.alg !== undefined) {
    if (!isAllowedAlgorithm(jwk.alg)) throw new NrxError('KEY_INVALID', `key algorithm '${String(jwk.alg).slice(0, 32)}' is not allowed (allowed: ${ALLOWED_ALGORITHMS.join(', ')})`);
    return jwk.alg;
  }
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  if (jwk.kty === 'EC' && jwk.crv === 'P-384') return 'ES384';
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  if (jwk.kty === 'RSA') throw new NrxError('KEY_INVALID', 'an RSA key must state its "alg" (PS256 or RS256)');
  throw new NrxError('KEY_INVALID', `unsupported key type '${String(jwk.kty)}'${jwk.crv ? ` with curve '${jwk.crv}'` : ''}`);
}

/** Generates a signing key pair. Both JWKs carry `alg`, `use: "sig"` and `kid` (by default the RFC 7638 thumbprint). */
export async function generateSigningKey(opts: { kid?: string; alg?: 'ES256' | 'EdDSA' } = {}): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const alg = opts.alg ?? 'ES256';
  if (alg !== 'ES256' && alg !== 'EdDSA') throw new NrxError('KEY_INVALID', `cannot generate keys for '${alg}': use ES256 or EdDSA`);
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const exported = await exportJWK(privateKey);
  const kid = opts.kid ?? (await calculateJwkThumbprint(toPublicJwk(exported)));
  const privateJwk: JWK = { ...exported, alg, use: 'sig', kid };
  return { privateJwk, publicJwk: toPublicJwk(privateJwk) };
}

/** Reads a JWK or JWKS file; throws a message that names the file and what is wrong with it. */
export function readJwkFile(file: string): JWK | { keys: JWK[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new NrxError('FILE_UNREADABLE', `cannot read key file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new NrxError('KEY_INVALID', `key file ${file} is not JSON`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new NrxError('KEY_INVALID', `key file ${file} must hold a JWK or a JWKS object`);
  const value = json as Record<string, unknown>;
  if (Array.isArray(value.keys)) {
    if (!value.keys.every((k) => k && typeof k === 'object' && typeof (k as JWK).kty === 'string')) throw new NrxError('KEY_INVALID', `key file ${file}: every entry of "keys" must be a JWK with "kty"`);
    return value as { keys: JWK[] };
  }
  if (typeof value.kty !== 'string') throw new NrxError('KEY_INVALID', `key file ${file} is not a JWK (no "kty")`);
  return value as JWK;
}

/** Reads a private signing JWK (for signing tokens or the trust list). */
export function readPrivateJwkFile(file: string): JWK {
  const jwk = readJwkFile(file);
  if ('keys' in jwk) throw new NrxError('KEY_INVALID', `key file ${file} holds a key set; give the single private key`);
  if (typeof jwk.d !== 'string') throw new NrxError('KEY_INVALID', `key file ${file} holds no private key (no "d")`);
  return jwk;
}

/** Imports a public JWK for verification with the algorithm it is bound to. */
export async function importVerificationKey(jwk: JWK): Promise<{ alg: SigningAlgorithm; key: CryptoKey }> {
  const alg = algorithmFor(jwk);
  const key = await importJWK(toPublicJwk(jwk), alg);
  return { alg, key: key as CryptoKey };
}

/** Imports a private JWK for signing, with the algorithm it is bound to. */
export async function importSigningKey(jwk: JWK): Promise<{ alg: SigningAlgorithm; key: CryptoKey }> {
  if (typeof jwk.d !== 'string') throw new NrxError('KEY_INVALID', 'the signing key is not a private key (no "d")');
  const alg = algorithmFor(jwk);
  return { alg, key: (await importJWK(jwk, alg)) as CryptoKey };
}
