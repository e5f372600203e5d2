import { isPurpose } from './purposes.ts';
import { ROLES, isRole } from './roles.ts';
import { AuthError } from './types.ts';

/** What the authenticator needs from a token's payload, after the claims are checked. */
export interface CheckedClaims {
  iss: string;
  sub: string;
  purpose: string;
  role: string;
  exp: number;
  jti?: string;
}

export interface ClaimRules {
  audience: string;
  maxLifetimeSeconds: number;
  clockToleranceSeconds: number;
}

/** The most of an attacker-supplied value an error message repeats. */
const shown = (value: unknown) => JSON.stringify(String(value).slice(0, 64));

function required(payload: Record<string, unknown>, name: string): unknown {
  const value = payload[name];
  if (value === undefined || value === null) throw new AuthError('CLAIM_MISSING', `the token has no '${name}' claim`);
  return value;
}

function string(payload: Record<string, unknown>, name: string, maxLength = 256): string {
  const value = required(payload, name);
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
    throw new AuthError('CLAIM_INVALID', `the '${name}' claim must be a non-empty string of at most ${maxLength} characters`);
  }
  return value;
}

function seconds(payload: Record<string, unknown>, name: string, optional = false): number | undefined {
  if (optional && payload[name] === undefined) return undefined;
  const value = required(payload, name);
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new AuthError('CLAIM_INVALID', `the '${name}' claim must be a NumericDate (seconds since 1970)`);
  return value;
}

/** The issuer claim, read before the rest because it decides which member's keys count. */
export function issuerClaim(payload: Record<string, unknown>): string {
  return string(payload, 'iss');
}

/**
 * Checks every claim but the issuer against the gateway's rules at time `nowSeconds`; throws the
 * AuthError for the first problem. Messages name the claim, never repeat the token or the user.
 */
export function checkClaims(payload: Record<string, unknown>, rules: ClaimRules, nowSeconds: number): CheckedClaims {
  const iss = issuerClaim(payload);
  const aud = required(payload, 'aud');
  const audiences = typeof aud === 'string' ? [aud] : aud;
  if (!Array.isArray(audiences) || audiences.length === 0 || !audiences.every((a) => typeof a === 'string')) {
    throw new AuthError('CLAIM_INVALID', `the 'aud' claim must be a string or an array of strings`);
  }
  if (!audiences.includes(rules.audience)) throw new AuthError('AUDIENCE_MISMATCH', `the token is not meant for this gateway (audience must include ${shown(rules.audience)})`);

  const exp = seconds(payload, 'exp')!;
  const iat = seconds(payload, 'iat')!;
  const nbf = seconds(payload, 'nbf', true);
  const start = Math.max(iat, nbf ?? iat);
  if (exp <= start) throw new AuthError('CLAIM_INVALID', `the token expires before it becomes valid ('exp' is not after 'iat'/'nbf')`);
  if (exp - start > rules.maxLifetimeSeconds) {
    throw new AuthError('TOKEN_LIFETIME_TOO_LONG', `the token lives ${exp - start} s; at most ${rules.maxLifetimeSeconds} s between 'iat'/'nbf' and 'exp' is accepted`);
  }
  const tolerance = rules.clockToleranceSeconds;
  if (exp + tolerance <= nowSeconds) throw new AuthError('TOKEN_EXPIRED', `the token expired ${Math.round(nowSeconds - exp)} s ago`);
  if (nbf !== undefined && nbf > nowSeconds + tolerance) throw new AuthError('TOKEN_NOT_YET_VALID', `the token is not valid for another ${Math.round(nbf - nowSeconds)} s ('nbf')`);
  if (iat > nowSeconds + tolerance) throw new AuthError('TOKEN_NOT_YET_VALID', `the token claims to be issued ${Math.round(iat - nowSeconds)} s in the future ('iat')`);

  const sub = string(payload, 'sub', 128);
  const purpose = string(payload, 'purpose', 64);
  if (!isPurpose(purpose)) throw new AuthError('CLAIM_INVALID', `the 'purpose' claim ${shown(purpose)} is not a code of the purpose codelist`);
  const role = string(payload, 'role', 64);
  if (!isRole(role)) throw new AuthError('CLAIM_INVALID', `the 'role' claim ${shown(role)} is not one of ${ROLES.join(', ')}`);
  const jti = payload.jti === undefined ? undefined : string(payload, 'jti', 256);
  return { iss, sub, purpose, role, exp, ...(jti === undefined ? {} : { jti }) };
}
