import type { CryptoKey, JWK } from 'jose';
import { algorithmFor, hasPrivateMaterial, importVerificationKey, type SigningAlgorithm } from './keys.ts';
import type { AuthErrorCode, TrustList, TrustedMember } from './types.ts';
import { NrxError } from '../../lib/errors.ts';

/** One member's public key, imported once and found by its `kid`. */
export interface MemberKey {
  member: TrustedMember;
  kid: string;
  alg: SigningAlgorithm;
  key: CryptoKey;
  /** When the key stops being accepted (its `exp`, in ms): an outgoing key during a rollover. */
  expiresAtMs?: number;
}

/** A listed key this gateway does not verify with (an encryption key, an algorithm it does not accept). */
export interface UnusableKey {
  member: TrustedMember;
  code: AuthErrorCode;
  reason: string;
}

export interface MemberKeyIndex {
  keys: ReadonlyMap<string, MemberKey>;
  unusable: ReadonlyMap<string, UnusableKey>;
}

/**
 * What makes the members' published keys unacceptable, one line per problem. Keys are found by
 * `kid` alone, so a kid must be unique across the whole federation: a key listed for two members
 * would let either sign as the other.
 */
export function memberKeyProblems(members: Iterable<{ id?: unknown; jwks?: { keys?: unknown } }>): string[] {
  const problems: string[] = [];
  const owners = new Map<string, string>();
  for (const member of members) {
    const keys = member?.jwks?.keys;
    if (!Array.isArray(keys)) continue;
    keys.forEach((jwk: JWK, i) => {
      if (!jwk || typeof jwk !== 'object') return;
      const where = `member ${String(member.id)} key ${typeof jwk.kid === 'string' ? `'${jwk.kid}'` : `#${i + 1}`}`;
      if (hasPrivateMaterial(jwk)) problems.push(`${where}: holds private key material; a published JWKS carries public keys only`);
      if (jwk.kty === 'oct') problems.push(`${where}: symmetric keys are not allowed`);
      if (typeof jwk.kid !== 'string' || jwk.kid === '') problems.push(`${where}: has no "kid"`);
      else if (owners.has(jwk.kid)) problems.push(`${where}: kid is also listed for member ${owners.get(jwk.kid)}`);
      else owners.set(jwk.kid, String(member.id));
    });
  }
  return problems;
}

const indexes = new WeakMap<TrustList, Promise<MemberKeyIndex>>();

/**
 * The trust list's keys, imported once per trust list and shared by every authenticator built on it,
 * so that a request only looks a key up.
 */
export function memberKeyIndex(trustList: TrustList): Promise<MemberKeyIndex> {
  let index = indexes.get(trustList);
  if (!index) {
    index = buildIndex(trustList);
    indexes.set(trustList, index);
  }
  return index;
}

async function buildIndex(trustList: TrustList): Promise<MemberKeyIndex> {
  const problems = memberKeyProblems(trustList.members.values());
  if (problems.length) throw new NrxError('TRUST_LIST_INVALID', `trust list keys are unusable:\n  ${problems.join('\n  ')}`);
  const keys = new Map<string, MemberKey>();
  const unusable = new Map<string, UnusableKey>();
  for (const member of trustList.members.values()) {
    for (const jwk of member.jwks.keys) {
      const kid = jwk.kid as string;
      if (jwk.use !== undefined && jwk.use !== 'sig') {
        unusable.set(kid, { member, code: 'KEY_UNKNOWN', reason: `key '${kid}' of ${member.id} is not a signing key` });
        continue;
      }
      let alg: SigningAlgorithm;
      try {
        alg = algorithmFor(jwk);
      } catch (error) {
        unusable.set(kid, { member, code: 'ALGORITHM_NOT_ALLOWED', reason: `key '${kid}' of ${member.id} cannot be used here: ${(error as Error).message}` });
        continue;
      }
      try {
        const exp = (jwk as { exp?: unknown }).exp;
        keys.set(kid, { member, kid, alg, key: (await importVerificationKey(jwk)).key, ...(typeof exp === 'number' ? { expiresAtMs: exp * 1000 } : {}) });
      } catch (error) {
        throw new NrxError('TRUST_LIST_INVALID', `member ${member.id} key '${kid}' cannot be imported: ${(error as Error).message}`);
      }
    }
  }
  return { keys, unusable };
}
