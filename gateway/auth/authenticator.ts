import { compactVerify, decodeProtectedHeader, errors, type ProtectedHeaderParameters } from 'jose';
import { ALLOWED_ALGORITHMS, isAllowedAlgorithm } from './keys.ts';
import { memberKeyIndex, type MemberKeyIndex } from './member-keys.ts';
import { isLiveTrustList } from './live-trust-list.ts';
import { checkClaims, issuerClaim, type ClaimRules } from './claims.ts';
import { purposeCodes } from './purposes.ts';
import { TokenCache } from './token-cache.ts';
import { MAX_TOKEN_LIFETIME_SECONDS } from './token.ts';
import { AuthError, type Authenticator, type Principal, type TrustList } from './types.ts';
import { NrxError } from '../../lib/errors.ts';

export interface AuthenticatorOptions {
  trustList: TrustList;
  /** The audience tokens must name: this gateway's id. */
  audience: string;
  /** Longest accepted token lifetime; at most (and by default) 900 s. */
  maxLifetimeSeconds?: number;
  clockToleranceSeconds?: number;
  /** A subset of ALLOWED_ALGORITHMS; default all of them. */
  algorithms?: string[];
  now?: () => Date;
  /** Verified tokens remembered so that a repeated token skips signature verification. Default 10,000. */
  cacheSize?: number;
}

/** Longest token accepted, in characters: well above any honest token, well below a denial of service. */
const MAX_TOKEN_LENGTH = 8192;
const BEARER = /^Bearer +([A-Za-z0-9_\-.=]+) *$/i;
const ACCEPTED_TYPES = new Set(['jwt', 'at+jwt', 'application/jwt', 'application/at+jwt']);

/**
 * Builds the request authenticator for one trust list. A token is accepted when a key of the
 * member it names as issuer signed it, with an allowed algorithm, and every claim holds.
 * Verified tokens are cached until they expire, so the hot path is one map look-up.
 */
export function createAuthenticator(opts: AuthenticatorOptions): Authenticator {
  const algorithms = new Set<string>(opts.algorithms ?? ALLOWED_ALGORITHMS);
  for (const alg of algorithms) {
    if (!isAllowedAlgorithm(alg)) throw new NrxError('CONFIG_INVALID', `algorithm '${alg}' cannot be enabled (allowed: ${ALLOWED_ALGORITHMS.join(', ')})`);
  }
  const maxLifetimeSeconds = opts.maxLifetimeSeconds ?? MAX_TOKEN_LIFETIME_SECONDS;
  if (!(maxLifetimeSeconds > 0 && maxLifetimeSeconds <= MAX_TOKEN_LIFETIME_SECONDS)) {
    throw new RangeError(`maxLifetimeSeconds must be from 1 to ${MAX_TOKEN_LIFETIME_SECONDS}`);
  }
  const rules: ClaimRules = { audience: opts.audience, maxLifetimeSeconds, clockToleranceSeconds: opts.clockToleranceSeconds ?? 30 };
  /** The clock in milliseconds, without building a Date unless a clock was given. */
  const clockMs = opts.now ? () => opts.now!().getTime() : Date.now;
  const cache = new TokenCache<{ principal: Principal; expiresAtMs: number }>(opts.cacheSize ?? 10_000);
  purposeCodes();

  // A reloadable list (live-trust-list.ts) says by its revision that it changed: the keys are then
  // indexed again and every verified token forgotten, so that a removed or suspended member's
  // tokens are refused from the next request on.
  const live = isLiveTrustList(opts.trustList) ? opts.trustList : undefined;
  let revision = live?.revision ?? 0;
  let pendingIndex: Promise<MemberKeyIndex>;
  let index: MemberKeyIndex | undefined;
  function indexKeys(): void {
    const building = memberKeyIndex(live ? live.current() : opts.trustList);
    pendingIndex = building;
    index = undefined;
    building.then((i) => pendingIndex === building && (index = i), () => undefined);
  }
  indexKeys();
  function followReloads(): void {
    if (!live || live.revision === revision) return;
    revision = live.revision;
    cache.clear();
    lastHeader = undefined;
    lastEntry = undefined;
    indexKeys();
  }

  async function verify(token: string, nowMs: number): Promise<Principal> {
    const verifiedUnder = revision;
    const header = readHeader(token);
    if (!algorithms.has(header.alg as string)) {
      throw new AuthError('ALGORITHM_NOT_ALLOWED', header.alg === 'none' ? 'unsigned tokens (alg "none") are refused' : `algorithm ${JSON.stringify(String(header.alg).slice(0, 32))} is not allowed (allowed: ${[...algorithms].join(', ')})`);
    }
    if (typeof header.kid !== 'string' || header.kid === '') throw new AuthError('KEY_UNKNOWN', 'the token header names no key ("kid")');
    const keys = index ?? (await pendingIndex);
    const entry = keys.keys.get(header.kid);
    if (!entry) {
      const unusable = keys.unusable.get(header.kid);
      if (unusable) throw new AuthError(unusable.code, unusable.reason);
      throw new AuthError('KEY_UNKNOWN', `key ${JSON.stringify(header.kid.slice(0, 64))} is not in the trust list`);
    }
    if (entry.expiresAtMs !== undefined && entry.expiresAtMs <= nowMs) throw new AuthError('KEY_EXPIRED', `key ${JSON.stringify(entry.kid)} of ${entry.member.id} expired at ${new Date(entry.expiresAtMs).toISOString()} (rolled over)`);
    if (entry.alg !== header.alg) throw new AuthError('ALGORITHM_NOT_ALLOWED', `key ${JSON.stringify(entry.kid)} signs with ${entry.alg}, not ${header.alg}`);

    let payload: Record<string, unknown>;
    try {
      const result = await compactVerify(token, entry.key, { algorithms: [entry.alg] });
      payload = JSON.parse(new TextDecoder().decode(result.payload));
    } catch (error) {
      if (error instanceof errors.JWSSignatureVerificationFailed) throw new AuthError('SIGNATURE_INVALID', 'the token signature does not verify');
      throw new AuthError('TOKEN_MALFORMED', 'the token is not a well-formed signed JWT');
    }
    if (!payload || typeof payload !== 'object' || Array.isArray(payload)) throw new AuthError('TOKEN_MALFORMED', 'the token payload is not a JSON object');

    const iss = issuerClaim(payload);
    const member = opts.trustList.members.get(iss);
    if (!member) throw new AuthError('ISSUER_UNKNOWN', `issuer ${JSON.stringify(iss.slice(0, 64))} is not a member of the trust list`);
    if (entry.member.id !== iss) throw new AuthError('KEY_UNKNOWN', `key ${JSON.stringify(entry.kid)} is not one of ${iss}'s keys`);
    if (member.status === 'suspended') throw new AuthError('ISSUER_SUSPENDED', `member ${iss} is suspended from the federation`);
    if (!withinPeriod(member.validPeriod, nowMs)) throw new AuthError('ISSUER_UNKNOWN', `the membership of ${iss} is not valid today`);

    const claims = checkClaims(payload, rules, nowMs / 1000);
    const principal: Principal = Object.freeze({
      member,
      user: claims.sub,
      purpose: claims.purpose,
      role: claims.role,
      ...(claims.jti === undefined ? {} : { tokenId: claims.jti }),
      expiresAt: new Date(claims.exp * 1000),
    });
    // Remembered no longer than its key is accepted: a rolled-over key's tokens end with the key.
    if (verifiedUnder === revision) cache.set(token, { principal, expiresAtMs: Math.min((claims.exp + rules.clockToleranceSeconds) * 1000, entry.expiresAtMs ?? Infinity) });
    return principal;
  }

  /** The token of a well-formed `Bearer` header, or undefined. */
  const bearerToken = (authorization: string | null | undefined) => (authorization ? BEARER.exec(authorization)?.[1] : undefined);

  // The header that verified last, and its cache entry: clients send the same header request after
  // request, and comparing it whole costs less than parsing it and hashing the token for the map.
  let lastHeader: string | undefined;
  let lastEntry: { principal: Principal; expiresAtMs: number } | undefined;

  return {
    verified(authorization) {
      followReloads();
      const at = clockMs();
      if (authorization && authorization === lastHeader && lastEntry!.expiresAtMs > at) return lastEntry!.principal;
      const token = bearerToken(authorization);
      const entry = token === undefined ? undefined : cache.get(token, at);
      if (entry) {
        lastHeader = authorization!;
        lastEntry = entry;
      }
      return entry?.principal;
    },
    async authenticate(authorization) {
      if (authorization === undefined || authorization === null || authorization.trim() === '') {
        throw new AuthError('TOKEN_MISSING', 'no credentials: send "Authorization: Bearer <token>"');
      }
      const token = bearerToken(authorization);
      if (token === undefined) throw new AuthError('TOKEN_MALFORMED', 'the Authorization header must be "Bearer <token>"');
      if (token.length > MAX_TOKEN_LENGTH) throw new AuthError('TOKEN_MALFORMED', `the token is longer than ${MAX_TOKEN_LENGTH} characters`);
      followReloads();
      const at = clockMs();
      const hit = cache.get(token, at);
      if (hit) return hit.principal;
      return verify(token, at);
    },
  };
}

/** Whether the day of `nowMs` (UTC) falls in a membership period of whole dates, end inclusive. */
function withinPeriod(period: { start?: string; end?: string } | undefined, nowMs: number): boolean {
  if (!period) return true;
  const today = new Date(nowMs).toISOString().slice(0, 10);
  return (!period.start || period.start <= today) && (!period.end || today <= period.end);
}

function readHeader(token: string): ProtectedHeaderParameters {
  if (token.split('.').length !== 3) throw new AuthError('TOKEN_MALFORMED', 'the token is not a compact JWS (three dot-separated parts)');
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw new AuthError('TOKEN_MALFORMED', 'the token header is not base64url-encoded JSON');
  }
  if (header.typ !== undefined && !ACCEPTED_TYPES.has(String(header.typ).toLowerCase())) {
    throw new AuthError('TOKEN_MALFORMED', `a token of type ${JSON.stringify(String(header.typ).slice(0, 32))} is not an access token`);
  }
  return header;
}
