/**
 * How the console's user gets a short-lived token without pasting one: GET /console/api/sign-in
 * says which sign-ins this gateway offers; POST /console/api/session issues a token for the chosen
 * demo member, role and purpose (only when `console.demoSignIn` lists the members' key files).
 * The token is answered in the body, kept by the page in memory only, and never logged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JWK } from 'jose';
import { issueToken } from '../auth/token.ts';
import { readPrivateJwkFile } from '../auth/keys.ts';
import { purposeCodes } from '../auth/purposes.ts';
import type { GatewayConfig } from '../config/types.ts';
import type { TrustList } from '../auth/types.ts';
import type { Spec } from '../../lib/spec/types.ts';
import { consoleOidc } from './console-oidc.ts';
import { parseJson, readBody } from './request-body.ts';

export interface ConsoleSessionOptions {
  config: GatewayConfig;
  spec: Spec;
  /** The federation's members, for their names; read when asked, so it may be set after start-up. */
  trustList: () => TrustList | undefined;
}

/** A sign-in body is a few short strings: anything longer is refused unread. */
const MAX_SIGN_IN_BYTES = 2048;

type Send = (res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>) => void;

/** Refused: the connection is closed after the answer, so an unread body is never waited for. */
const refuse = (send: Send, res: ServerResponse, code: 'CONSOLE_SIGN_IN_INVALID' | 'CONSOLE_SIGN_IN_OFF', error: string) =>
  send(res, code === 'CONSOLE_SIGN_IN_OFF' ? 404 : 400, { error, code }, { connection: 'close' });

/** The body as JSON; undefined when it is not JSON or is longer than a sign-in can be (the rest is not read). */
async function readSmallJson(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req, MAX_SIGN_IN_BYTES).catch(() => undefined);
  return body && parseJson(body)?.value;
}

export function consoleSession(options: ConsoleSessionOptions) {
  const settings = options.config.console;
  const demo = settings?.demoSignIn;
  const keys = new Map<string, JWK>();
  const keyOf = (member: string): JWK | undefined => {
    const file = demo?.members.find((m) => m.member === member)?.keyFile;
    if (!file) return undefined;
    let key = keys.get(member);
    if (!key) keys.set(member, (key = readPrivateJwkFile(file)));
    return key;
  };
  const purposes = () => {
    const list = options.spec.codelists.get('purpose');
    const allowed = purposeCodes();
    return (list?.codes ?? []).filter((c) => allowed.has(c.code)).map((c) => ({ code: c.code, label: c.label, definition: c.definition }));
  };
  const tokenSeconds = Math.min(settings?.tokenSeconds ?? 900, options.config.limits.maxTokenLifetimeSeconds);
  const oidc = settings?.oidc ? consoleOidc(settings.oidc, options.config, tokenSeconds) : undefined;
  const memberName = (id: string) => options.trustList()?.members.get(id)?.name ?? id;

  /** What the sign-in page offers: never a key, never a token. */
  function offer() {
    const trust = options.trustList();
    return {
      gatewayId: options.config.gatewayId,
      idleMinutes: settings?.idleMinutes ?? 15,
      tokenSeconds,
      purposes: purposes(),
      demo: demo ? { members: demo.members.map(({ member }) => ({ id: member, name: trust?.members.get(member)?.name ?? member })), roles: demo.roles } : null,
      oidc: oidc ? { member: oidc.member, name: memberName(oidc.member), roles: [...new Set(Object.values(settings!.oidc!.roles))] } : null,
    };
  }

  async function signIn(req: IncomingMessage, res: ServerResponse, send: Send) {
    if (!demo) return refuse(send, res, 'CONSOLE_SIGN_IN_OFF', 'demo sign-in is not configured on this gateway (console.demoSignIn)');
    const body = await readSmallJson(req);
    const { member, role, purpose } = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    if (typeof member !== 'string' || !keyOf(member)) return refuse(send, res, 'CONSOLE_SIGN_IN_INVALID', 'choose one of the demo members offered');
    if (typeof role !== 'string' || !(demo.roles as string[]).includes(role)) return refuse(send, res, 'CONSOLE_SIGN_IN_INVALID', `choose a role: ${demo.roles.join(', ')}`);
    if (typeof purpose !== 'string' || !purposeCodes().has(purpose)) return refuse(send, res, 'CONSOLE_SIGN_IN_INVALID', 'choose the purpose of use for this session');
    const token = await issueToken({
      privateJwk: keyOf(member)!,
      issuer: member,
      subject: `console-demo-${role}`,
      audience: options.config.audience,
      purpose,
      role,
      ttlSeconds: tokenSeconds,
    });
    send(res, 200, { token, member, role, purpose, expiresAt: new Date(Date.now() + tokenSeconds * 1000).toISOString() }, { 'cache-control': 'no-store' });
  }

  return { offer, signIn, oidc, memberName };
}

export type ConsoleSession = ReturnType<typeof consoleSession>;
