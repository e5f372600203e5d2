/**
 * Console sign-in through the member's OpenID Connect identity provider (openid-client):
 * authorization code flow with PKCE, state and nonce. The provider's user becomes a staff member of
 * the configured member: her pseudonym from `userClaim`, her role from `roleClaim` through the
 * configured map, the purpose as she chose it on the sign-in page. The gateway then issues the
 * same short-lived token as for any member's system. The token reaches the page without the URL:
 * the callback keeps it for a minute under a random handle in an HttpOnly cookie, and the page
 * claims it with POST /console/api/session/oidc.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JWK } from 'jose';
import * as oidc from 'openid-client';
import { issueToken } from '../auth/token.ts';
import { readPrivateJwkFile } from '../auth/keys.ts';
import { purposeCodes } from '../auth/purposes.ts';
import type { GatewayConfig } from '../config/types.ts';

type OidcSettings = NonNullable<NonNullable<GatewayConfig['console']>['oidc']>;
type Role = OidcSettings['roles'][string];
type Send = (res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>) => void;

export const CALLBACK_PATH = '/console/oidc/callback';
const HANDOFF_COOKIE = 'nrx_console_handoff';
/** A login must come back within this time; a handed-off session must be claimed within the next. */
const LOGIN_TTL_MS = 10 * 60_000;
const HANDOFF_TTL_MS = 60_000;
/** Logins waiting for their callback, at most; the oldest are forgotten first. */
const MAX_PENDING = 1000;

export interface OidcSession {
  token: string;
  member: string;
  role: Role;
  purpose: string;
  expiresAt: string;
}

/**
 * The NRX role the provider's claim grants: the one asked for when the claim grants it, else the
 * first the configured map grants; none when the claim grants none.
 */
export function roleFromClaims(claims: Record<string, unknown>, settings: Pick<OidcSettings, 'roleClaim' | 'roles'>, wanted?: string): Role | undefined {
  const raw = claims[settings.roleClaim];
  const values = Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : typeof raw === 'string' ? raw.split(/[\s,]+/) : [];
  const granted = Object.entries(settings.roles).filter(([value]) => values.includes(value)).map(([, role]) => role);
  return granted.find((role) => role === wanted) ?? granted[0];
}

/** A map that forgets entries after `ttl` and keeps at most `max`. */
function expiring<T>(ttl: number, max: number) {
  const entries = new Map<string, { value: T; until: number }>();
  return {
    put(key: string, value: T) {
      if (entries.size >= max) entries.delete(entries.keys().next().value!);
      entries.set(key, { value, until: Date.now() + ttl });
    },
    take(key: string): T | undefined {
      const entry = entries.get(key);
      entries.delete(key);
      return entry && entry.until > Date.now() ? entry.value : undefined;
    },
  };
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

export function consoleOidc(settings: OidcSettings, config: Pick<GatewayConfig, 'publicUrl' | 'audience'>, tokenSeconds: number) {
  const redirectUri = settings.redirectUri ?? `${config.publicUrl.replace(/\/$/, '')}${CALLBACK_PATH}`;
  const secure = redirectUri.startsWith('https:');
  let configuration: Promise<oidc.Configuration> | undefined;
  let key: JWK | undefined;
  const pending = expiring<{ verifier: string; nonce: string; purpose: string; role?: string }>(LOGIN_TTL_MS, MAX_PENDING);
  const handoffs = expiring<OidcSession>(HANDOFF_TTL_MS, MAX_PENDING);

  /** The provider's metadata, discovered on first use and again after a failure. */
  function provider(): Promise<oidc.Configuration> {
    configuration ??= oidc.discovery(
      new URL(settings.issuer),
      settings.clientId,
      settings.clientSecretFile ? readFileSync(settings.clientSecretFile, 'utf8').trim() : undefined,
      undefined,
      settings.allowHttp ? { execute: [oidc.allowInsecureRequests] } : undefined,
    ).catch((error: unknown) => {
      configuration = undefined;
      throw error;
    });
    return configuration;
  }

  /** GET /console/oidc/login?purpose=…&role=…: off to the provider. */
  async function login(res: ServerResponse, url: URL, send: Send) {
    const purpose = url.searchParams.get('purpose') ?? '';
    if (!purposeCodes().has(purpose)) return send(res, 400, { error: 'choose the purpose of use for this session', code: 'CONSOLE_SIGN_IN_INVALID' });
    const role = url.searchParams.get('role') ?? undefined;
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    pending.put(state, { verifier, nonce, purpose, ...(role ? { role } : {}) });
    const target = oidc.buildAuthorizationUrl(await provider(), {
      redirect_uri: redirectUri,
      scope: settings.scope,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    res.writeHead(302, { location: target.href, 'cache-control': 'no-store' });
    res.end();
  }

  /** GET /console/oidc/callback: the provider's answer becomes a session, handed to the page by a cookie. */
  async function callback(req: IncomingMessage, res: ServerResponse, url: URL, send: Send) {
    const state = url.searchParams.get('state') ?? '';
    const started = pending.take(state);
    if (!started) return send(res, 400, { error: 'this sign-in is unknown or too old; sign in again', code: 'CONSOLE_SIGN_IN_INVALID' });
    const current = new URL(`${url.pathname}${url.search}`, redirectUri);
    let claims: Record<string, unknown>;
    try {
      const tokens = await oidc.authorizationCodeGrant(await provider(), current, { pkceCodeVerifier: started.verifier, expectedState: state, expectedNonce: started.nonce });
      claims = tokens.claims() ?? {};
    } catch {
      return send(res, 400, { error: 'the identity provider did not confirm the sign-in; sign in again', code: 'CONSOLE_SIGN_IN_INVALID' });
    }
    const role = roleFromClaims(claims, settings, started.role);
    const user = claims[settings.userClaim];
    if (!role || typeof user !== 'string' || !user) return send(res, 403, { error: 'your account at the identity provider grants no role in this console', code: 'CONSOLE_SIGN_IN_INVALID' });
    key ??= readPrivateJwkFile(settings.memberKeyFile);
    const token = await issueToken({ privateJwk: key, issuer: settings.member, subject: user, audience: config.audience, purpose: started.purpose, role, ttlSeconds: tokenSeconds });
    const handle = randomBytes(24).toString('base64url');
    handoffs.put(handle, { token, member: settings.member, role, purpose: started.purpose, expiresAt: new Date(Date.now() + tokenSeconds * 1000).toISOString() });
    res.writeHead(303, {
      location: '/console#/signed-in',
      'cache-control': 'no-store',
      'set-cookie': `${HANDOFF_COOKIE}=${handle}; Path=/console/api/session; HttpOnly; SameSite=Strict; Max-Age=60${secure ? '; Secure' : ''}`,
    });
    res.end();
  }

  /** POST /console/api/session/oidc: the page claims the session once; the cookie is cleared. */
  function claim(req: IncomingMessage, res: ServerResponse, send: Send, memberName: (id: string) => string) {
    const handle = cookie(req, HANDOFF_COOKIE);
    const session = handle ? handoffs.take(handle) : undefined;
    const clear = { 'set-cookie': `${HANDOFF_COOKIE}=; Path=/console/api/session; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}` };
    if (!session) return send(res, 400, { error: 'no sign-in to complete; sign in again', code: 'CONSOLE_SIGN_IN_INVALID' }, clear);
    send(res, 200, { ...session, memberName: memberName(session.member) }, { ...clear, 'cache-control': 'no-store' });
  }

  return { login, callback, claim, member: settings.member };
}

export type ConsoleOidc = ReturnType<typeof consoleOidc>;
