import { randomUUID } from 'node:crypto';
import { SignJWT, type JWK } from 'jose';
import { importSigningKey } from './keys.ts';
import { isPurpose, purposeCodes } from './purposes.ts';
import { ROLES, isRole } from './roles.ts';
import { NrxError } from '../../lib/errors.ts';

import { DEFAULT_TOKEN_TTL_SECONDS, MAX_TOKEN_LIFETIME_SECONDS } from './token-lifetime.ts';

export { DEFAULT_TOKEN_TTL_SECONDS, MAX_TOKEN_LIFETIME_SECONDS };

export interface IssueTokenOptions {
  privateJwk: JWK;
  /** The member id of the signing member. */
  issuer: string;
  /** The staff member's pseudonym. */
  subject: string;
  /** The gateway the token is for; several ids when a gateway-level token names every member a peer hosts. */
  audience: string | readonly string[];
  purpose: string;
  role: string;
  ttlSeconds?: number;
  /** When validity starts; `exp` counts from here. Defaults to now. */
  notBefore?: Date;
  jti?: string;
}

/** Signs a member's access token for one gateway, purpose and role. */
export async function issueToken(opts: IssueTokenOptions): Promise<string> {
  const ttl = opts.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TOKEN_LIFETIME_SECONDS) {
    throw new RangeError(`token lifetime must be a whole number of seconds from 1 to ${MAX_TOKEN_LIFETIME_SECONDS}, got ${ttl}`);
  }
  if (!isRole(opts.role)) throw new NrxError('TOKEN_OPTIONS_INVALID', `unknown role '${opts.role}' (roles: ${ROLES.join(', ')})`);
  if (!isPurpose(opts.purpose)) throw new NrxError('TOKEN_OPTIONS_INVALID', `unknown purpose '${opts.purpose}' (purposes: ${[...purposeCodes()].join(', ')})`);
  for (const [name, value] of [['issuer', opts.issuer], ['subject', opts.subject], ...(typeof opts.audience === 'string' ? [['audience', opts.audience]] : opts.audience.map((a) => ['audience', a]))] as const) {
    if (typeof value !== 'string' || value === '') throw new NrxError('TOKEN_OPTIONS_INVALID', `token ${name} must be a non-empty string`);
  }
  if (typeof opts.audience !== 'string' && opts.audience.length === 0) throw new NrxError('TOKEN_OPTIONS_INVALID', 'token audience must name at least one gateway');
  if (typeof opts.privateJwk.kid !== 'string' || opts.privateJwk.kid === '') throw new NrxError('TOKEN_OPTIONS_INVALID', 'the signing key has no "kid"; gateways find the key by it');
  const { alg, key } = await importSigningKey(opts.privateJwk);

  const now = Math.floor(Date.now() / 1000);
  const start = opts.notBefore ? Math.floor(opts.notBefore.getTime() / 1000) : now;
  const jwt = new SignJWT({ purpose: opts.purpose, role: opts.role })
    .setProtectedHeader({ alg, kid: opts.privateJwk.kid, typ: 'JWT' })
    .setIssuer(opts.issuer)
    .setSubject(opts.subject)
    .setAudience(typeof opts.audience === 'string' ? opts.audience : [...opts.audience])
    .setIssuedAt(now)
    .setExpirationTime(start + ttl)
    .setJti(opts.jti ?? randomUUID());
  if (opts.notBefore) jwt.setNotBefore(start);
  return jwt.sign(key);
}
