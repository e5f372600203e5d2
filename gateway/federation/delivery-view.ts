/**
 * A message of the outbox as the sender and the officer see it: its state, attempts, the last
 * error and its code, what the consent check at delivery withheld, the consent a withdrawal names,
 * and the peer's receipt.
 */
import type { OutboxMessage } from '../store/index.ts';
import { payloadOf, type ConsentWithdrawalEnvelope, type Receipt } from './messages.ts';

export interface ReceiptView {
  messageId: string;
  digest: string;
  signedBy: string;
  receivedAt: string;
  withheldOnReceipt: string[];
  /** The signed receipt itself (compact JWS), for anyone who wants to verify it. */
  jws: string;
}

export interface DeliveryView {
  messageId: string;
  kind: string;
  /** For a consent withdrawal: the consent withdrawn. */
  withdrawnConsent: string | null;
  referralId: string;
  sender: string;
  recipient: string;
  state: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastErrorCode: string | null;
  lastError: string | null;
  narrowed: string[];
  deliveredAt: string | null;
  created: string;
  receipt: ReceiptView | null;
}

function receiptView(jws: string | null): ReceiptView | null {
  if (!jws) return null;
  // Verified against the trust list when it was stored (delivery.ts); here it is only shown.
  const payload = payloadOf<Receipt>(jws);
  return { messageId: payload.messageId, digest: payload.messageDigest, signedBy: payload.from, receivedAt: payload.receivedAt, withheldOnReceipt: payload.withheldOnReceipt ?? [], jws };
}

export function deliveryView(message: OutboxMessage): DeliveryView {
  return {
    messageId: message.id,
    kind: message.kind,
    withdrawnConsent: message.kind === 'consent-withdrawal' ? payloadOf<ConsentWithdrawalEnvelope>(message.message).consentId : null,
    referralId: message.referralId,
    sender: message.sender,
    recipient: message.recipient,
    state: message.state,
    attempts: message.attempts,
    nextAttemptAt: message.state === 'pending' ? message.nextAttemptAt : null,
    lastErrorCode: message.lastErrorCode,
    lastError: message.lastError,
    narrowed: message.narrowed ?? [],
    deliveredAt: message.deliveredAt,
    created: message.created,
    receipt: receiptView(message.receipt),
  };
}
