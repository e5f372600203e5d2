/**
 * The signed messages of the peer protocol (spec/peer-protocol.md): referral envelopes, status
 * envelopes, consent withdrawals and receipts. Each is a compact JWS over the canonical JSON of its payload, signed by a
 * member's key from the trust list; its digest is the SHA-256 of the compact JWS exactly as it
 * arrived. Opening a message checks the signature, that the signer is the member the payload names
 * as `from`, that the member is active, and the protocol's major version, each with its own code.
 */
import { CompactSign, compactVerify, decodeProtectedHeader, type ProtectedHeaderParameters } from 'jose';
import { createHash } from 'node:crypto';
import { memberKeyIndex } from '../auth/member-keys.ts';
import type { TrustList, TrustedMember } from '../auth/types.ts';
import { canonicalJson } from '../audit/canonical.ts';
import type { HostedKey } from './peer-identity.ts';
import { NrxError } from '../../lib/errors.ts';
import type { ErrorCode } from '../../lib/error-codes.ts';

/** The JWS `typ` of each message, so that no signed object passes for another. */
export const MESSAGE_TYPES = {
  'peer-referral-envelope': 'nrx-peer-referral+jws',
  'peer-status-envelope': 'nrx-peer-status+jws',
  'peer-consent-withdrawal-envelope': 'nrx-peer-consent-withdrawal+jws',
  'peer-receipt': 'nrx-peer-receipt+jws',
} as const;
export type MessageKind = keyof typeof MESSAGE_TYPES;

/** A withheld field as the sender reports it: where, and the policy's reason code; never the value. */
export interface WithheldField {
  pointer: string;
  reason: string;
}

/** What every envelope opens with: the standard's version, its id (the idempotency key), the parties, when and which referral. */
interface EnvelopeHeading {
  specVersion: string;
  messageId: string;
  from: string;
  to: string;
  sentAt: string;
  referralId: string;
}

export interface ReferralEnvelope extends EnvelopeHeading {
  kind: 'peer-referral-envelope';
  /** The country profile the referral follows, when it names one. */
  profile?: string;
  /** The referral as released to the recipient. */
  document: Record<string, unknown>;
  withheld: WithheldField[];
  transformed: { pointer: string; transform: string }[];
  /** Her consent records that released fields rest on, her reference as the recipient knows it. */
  consents: Record<string, unknown>[];
}

export interface StatusEnvelope extends EnvelopeHeading {
  kind: 'peer-status-envelope';
  sequence: number;
  document: Record<string, unknown>;
}

/** A consent withdrawn after the referral was delivered (§10): the recipient narrows the copy it holds. */
export interface ConsentWithdrawalEnvelope extends EnvelopeHeading {
  kind: 'peer-consent-withdrawal-envelope';
  consentId: string;
  withdrawnAt: string;
  /** Her consent records the referral as delivered still rests on (never the withdrawn one). */
  consents: Record<string, unknown>[];
}

/** A message about one referral from one member to another: what the outbox queues and a receiver accepts. */
export type Envelope = ReferralEnvelope | StatusEnvelope | ConsentWithdrawalEnvelope;

export interface Receipt {
  kind: 'peer-receipt';
  specVersion: string;
  messageId: string;
  /** SHA-256, lower-case hex, of the compact JWS exactly as it arrived. */
  messageDigest: string;
  from: string;
  to: string;
  referralId: string;
  receivedAt: string;
  /** Fields the receiver's own policy did not let it keep, by pointer (for a consent withdrawal: those it removed from its copy). */
  withheldOnReceipt?: string[];
  /** The status update the receiver recorded on receiving a referral (status received). */
  statusUpdate?: Record<string, unknown>;
}

export type PeerPayload = Envelope | Receipt;

export type PeerMessageErrorCode = Extract<ErrorCode,
  | 'PEER_MESSAGE_MALFORMED' | 'PEER_SIGNATURE_INVALID' | 'PEER_SENDER_UNKNOWN' | 'PEER_SENDER_SUSPENDED' | 'PEER_VERSION_UNSUPPORTED'
  | 'PEER_MESSAGE_INVALID' | 'PEER_RECIPIENT_UNKNOWN' | 'PEER_REPLAY' | 'PEER_REFERRAL_UNKNOWN' | 'PEER_POLICY_REFUSED' | 'PEER_GATEWAY_MISMATCH' | 'PEER_RECEIPT_INVALID' | 'PEER_BATCH_INVALID'>;

/** A message refused; the receiving gateway answers it as a protocol error answer with the code's HTTP status. */
export class PeerMessageError extends NrxError<PeerMessageErrorCode> {}

/** The payload of a message this gateway signed or already verified (no verification here). */
export function payloadOf<T extends PeerPayload>(jws: string): T {
  return JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8')) as T;
}

export function digestOf(jws: string): string {
  return createHash('sha256').update(jws, 'ascii').digest('hex');
}

export async function signMessage(payload: PeerPayload, key: HostedKey): Promise<string> {
  if (payload.from !== key.memberId) throw new NrxError('INTERNAL', `a message from ${payload.from} cannot be signed with the key of ${key.memberId}`);
  return new CompactSign(new TextEncoder().encode(canonicalJson(payload)))
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: MESSAGE_TYPES[payload.kind] })
    .sign(key.key);
}

export interface OpenedMessage<T extends PeerPayload> {
  payload: T;
  signer: TrustedMember;
  digest: string;
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** The largest message accepted, in characters: far above a referral, far below a denial of service. */
export const MAX_MESSAGE_LENGTH = 4 * 1024 * 1024;

/** The peer protocol's paths, by message kind. */
export const PEER_PATHS = { referral: '/peer/v1/referrals', 'status-update': '/peer/v1/status-updates', 'consent-withdrawal': '/peer/v1/consent-withdrawals' } as const;
/** Several messages of any kind in one request (spec/peer-protocol.md §5). */
export const PEER_BATCH_PATH = '/peer/v1/message-batches';
/** The most messages one batch request carries. */
export const MAX_BATCH_MESSAGES = 100;
/** The body of a batch a receiver takes at least; a sender keeps its batches to a quarter of it. */
export const BATCH_BODY_BYTES = 4 * 1024 * 1024;

/** The protocol's major version this gateway speaks; a message of a later major is refused, any 1.x accepted. */
const SUPPORTED_MAJOR = 1;

/** Verifies a signed message of `kind` against the trust list and returns its payload and signer. */
export async function openMessage<T extends PeerPayload>(jws: unknown, kind: T['kind'], trustList: TrustList): Promise<OpenedMessage<T>> {
  if (typeof jws !== 'string' || jws.length > MAX_MESSAGE_LENGTH || !COMPACT_JWS.test(jws)) {
    throw new PeerMessageError('PEER_MESSAGE_MALFORMED', `the ${kind} is not a compact JWS of at most ${MAX_MESSAGE_LENGTH} characters`);
  }
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    throw new PeerMessageError('PEER_MESSAGE_MALFORMED', `the ${kind}'s JWS header is not base64url JSON`);
  }
  if (header.typ !== MESSAGE_TYPES[kind]) throw new PeerMessageError('PEER_MESSAGE_MALFORMED', `the JWS is not a ${kind} (typ must be ${MESSAGE_TYPES[kind]})`);
  if (typeof header.kid !== 'string') throw new PeerMessageError('PEER_SENDER_UNKNOWN', `the ${kind} names no signing key (kid)`);
  const index = await memberKeyIndex(trustList);
  const entry = index.keys.get(header.kid);
  if (!entry) throw new PeerMessageError('PEER_SENDER_UNKNOWN', `the ${kind} is signed with key ${JSON.stringify(header.kid.slice(0, 64))}, which no member of the trust list holds`);
  if (header.alg !== entry.alg) throw new PeerMessageError('PEER_SIGNATURE_INVALID', `key ${entry.kid} signs with ${entry.alg}, not ${String(header.alg).slice(0, 16)}`);
  let bytes: Uint8Array;
  try {
    bytes = (await compactVerify(jws, entry.key, { algorithms: [entry.alg] })).payload;
  } catch {
    throw new PeerMessageError('PEER_SIGNATURE_INVALID', `the ${kind}'s signature does not verify with ${entry.member.id}'s key ${entry.kid}`);
  }
  let payload: PeerPayload;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new PeerMessageError('PEER_MESSAGE_MALFORMED', `the ${kind}'s payload is not JSON`);
  }
  if (!payload || typeof payload !== 'object' || Array.isArray(payload) || payload.kind !== kind) throw new PeerMessageError('PEER_MESSAGE_MALFORMED', `the payload is not a ${kind}`);
  // Signed by one member, naming another as its author: re-signed or forged.
  if (payload.from !== entry.member.id) throw new PeerMessageError('PEER_SIGNATURE_INVALID', `the ${kind} says it is from ${String(payload.from).slice(0, 80)} but is signed by ${entry.member.id}`);
  if (entry.member.status === 'suspended') throw new PeerMessageError('PEER_SENDER_SUSPENDED', `member ${entry.member.id} is suspended from the federation`);
  const major = typeof payload.specVersion === 'string' ? Number(/^([0-9]+)\./.exec(payload.specVersion)?.[1]) : NaN;
  if (major !== SUPPORTED_MAJOR) {
    throw new PeerMessageError('PEER_VERSION_UNSUPPORTED', `the ${kind} follows version ${String(payload.specVersion).slice(0, 20)}; this gateway accepts ${SUPPORTED_MAJOR}.x`);
  }
  return { payload: payload as T, signer: entry.member, digest: digestOf(jws) };
}
