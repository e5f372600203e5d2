// @ts-check
/**
 * The signed-in session, kept in this page's memory only (never in storage or the URL): the token,
 * who and for which purpose. It ends when the token expires, after `idleMinutes` without use, or
 * when the user signs out; the page then asks to sign in again.
 */

/**
 * @typedef {{ token: string, member: string, memberName: string, role: string, purpose: string, expiresAt: string }} Session
 * @typedef {{ code: string, label: string, definition: string }} Purpose
 * @typedef {{ gatewayId: string, idleMinutes: number, tokenSeconds: number, purposes: Purpose[], demo: null | { members: Array<{ id: string, name: string }>, roles: string[] }, oidc: null | { member: string, name: string, roles: string[] } }} SignInOffer
 */

/** @type {Session | null} */
let session = null;
/** @type {string | null} Why the last session ended, shown on the sign-in page. */
let endedBecause = null;
let idleMinutes = 15;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let idleTimer;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let expiryTimer;
/** @type {Set<() => void>} */
const listeners = new Set();

const notify = () => listeners.forEach((listener) => listener());

export const currentSession = () => session;
export const sessionEndReason = () => endedBecause;

/** @param {() => void} listener */
export function onSessionChange(listener) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** @returns {Promise<SignInOffer>} */
export async function fetchSignInOffer() {
  const response = await fetch('/console/api/sign-in', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`sign-in options unavailable (${response.status})`);
  const offer = /** @type {SignInOffer} */ (await response.json());
  idleMinutes = offer.idleMinutes;
  return offer;
}

/**
 * Starts the session the gateway answered with.
 * @param {Response} response
 * @param {string} [memberName]
 */
async function begin(response, memberName) {
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ?? `sign-in refused (${response.status})`);
  session = { token: body.token, member: body.member, memberName: memberName ?? body.memberName ?? body.member, role: body.role, purpose: body.purpose, expiresAt: body.expiresAt };
  endedBecause = null;
  clearTimeout(expiryTimer);
  expiryTimer = setTimeout(() => signOut('expired'), Math.max(0, Date.parse(session.expiresAt) - Date.now()));
  touch();
  notify();
}

/**
 * Signs in as a demo member with a role and the purpose of use chosen for this session.
 * @param {{ member: string, memberName: string, role: string, purpose: string }} choice
 */
export async function signInDemo(choice) {
  const response = await fetch('/console/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ member: choice.member, role: choice.role, purpose: choice.purpose }),
  });
  await begin(response, choice.memberName);
}

/**
 * Off to the member's identity provider; it sends the browser back to `#/signed-in`.
 * @param {{ role: string, purpose: string }} choice
 */
export function signInWithProvider(choice) {
  location.assign(`/console/oidc/login?${new URLSearchParams(choice)}`);
}

/** Back from the identity provider: claims the session the gateway prepared for this browser. */
export async function completeProviderSignIn() {
  await begin(await fetch('/console/api/session/oidc', { method: 'POST' }));
}

/** Marks the session as in use, restarting the idle timeout. */
export function touch() {
  if (!session) return;
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => signOut('idle'), idleMinutes * 60_000);
}

/** @param {'user' | 'idle' | 'expired' | 'refused'} reason */
export function signOut(reason = 'user') {
  if (!session) return;
  session = null;
  endedBecause = reason === 'user' ? null : reason;
  clearTimeout(idleTimer);
  clearTimeout(expiryTimer);
  notify();
}
