/**
 * The delivery worker: sends what the outbox holds to the peers, until each message has a signed
 * receipt. Rows are claimed with FOR UPDATE SKIP LOCKED under a lease, so replicas sharing a server
 * never send the same row at once and a row whose sender died is sent again once its lease passes
 * (the receiver's idempotency key makes that change nothing). Failures are retried with exponential
 * backoff and jitter up to a ceiling, then dead-lettered with their reason; a refusal that cannot
 * change by itself is dead-lettered at once. A referral's consent is checked again here, at the
 * moment of delivery: what was withdrawn or has expired since submit is not sent. A consent
 * withdrawal goes only when the referral as delivered carried that consent; a peer that does not
 * know the kind (protocol 1.2) dead-letters it at once, with that reason.
 *
 * The worker sleeps until the next retry is due or a notification (gateway/store/notify.ts) says
 * that something was queued; it never polls tightly.
 */
import type { Logger } from 'pino';
import type { TrustList } from '../auth/types.ts';
import type { TransactionalAppender } from '../audit/appender.ts';
import { canonicalJson } from '../audit/canonical.ts';
import { repositories, type Repositories } from '../store/repositories.ts';
import type { AuditEntryInput } from '../audit/entry.ts';
import type { Notifier } from '../store/notify.ts';
import type { OutboxMessage, Store, StoredReferral } from '../store/index.ts';
import { BATCH_BODY_BYTES, digestOf, MAX_BATCH_MESSAGES, openMessage, payloadOf, PEER_BATCH_PATH, PEER_PATHS, PeerMessageError, type ConsentWithdrawalEnvelope, type Receipt, type ReferralEnvelope } from './messages.ts';
import { consentIdsOf, type Outbound, type ReleasedReferral } from './outbound.ts';
import { PeerError, type PeerClient } from './peer-client.ts';
import type { Peer, PeerDirectory } from './peers.ts';
import { applyPeerStatusUpdate } from './status-sync.ts';
import { isNrxError } from '../../lib/errors.ts';

/** The channel every replica listens on for newly queued messages. */
export const OUTBOX_CHANNEL = 'nrx_peer_outbox';

export interface DeliverySettings {
  /** Messages claimed at once, and sent in parallel. */
  batchSize: number;
  /** Attempts before a message is dead-lettered. */
  maxAttempts: number;
  /** The first retry's delay; each further one doubles it, up to maxDelayMs; each is jittered. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long a claimed message is held by its claimer before another may try it. */
  leaseMs: number;
  /** Whether a peer's due messages go in batch requests (§5), or each in its own. */
  batchRequests: boolean;
  /**
   * The most messages in one batch request. A peer's claimed messages go in several requests side
   * by side, so that it checks the messages of one while it stores those of another.
   */
  messagesPerRequest: number;
}

export interface DeliveryOptions {
  store: Store;
  audit?: TransactionalAppender;
  notifier: Notifier;
  outbound: Outbound;
  client: PeerClient;
  /** The peers as the trust list in force names them (a reload may move, add or suspend one). */
  peers: () => PeerDirectory;
  trustList: TrustList;
  settings: DeliverySettings;
  logger?: Logger;
  now?: () => Date;
  random?: () => number;
}

export interface DeliveryWorker {
  /** Listens for notifications and delivers what is due. */
  start(): Promise<void>;
  /** Looks at the outbox now (after a message was queued in this process). */
  wake(): void;
  /** Tells every replica that messages were queued or put back in line. */
  announce(): Promise<void>;
  /** Stops claiming; resolves when the deliveries under way have ended. */
  stop(): Promise<void>;
}

/** How long a peer that answered a batch with NOT_FOUND (a 1.1 gateway) is sent messages one by one; then it is asked again, in case it was upgraded. */
const SINGLES_FOR_MS = 10 * 60_000;
/** The purpose the gateway's token names on protocol calls. */
const PROTOCOL_PURPOSE = 'referral';

/** The delay before attempt `attempt + 1`: exponential, capped, with "equal jitter" (half fixed, half random). */
export function backoffMs(attempt: number, settings: Pick<DeliverySettings, 'baseDelayMs' | 'maxDelayMs'>, random: () => number = Math.random): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

const hasSectionData = (document: Record<string, unknown>): boolean => {
  const sections = document.sections as Record<string, unknown> | undefined;
  return !!sections && Object.values(sections).some((value) => value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0) && !(typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0));
};

/** Final states that are not failures: the consent check left nothing to send, or nothing needed sending. */
const STOPPING_CODES = new Set(['DELIVERY_NOTHING_RELEASED', 'DELIVERY_NOT_NEEDED']);

/** A claimed message ready to go: its peer, and the JWS to send after the consent check at delivery. */
interface Prepared {
  message: OutboxMessage;
  peer: Peer;
  jws: string;
  narrowed: string[] | null;
}

interface Delivered extends Prepared {
  receipt: { jws: string; payload: Receipt };
}

/** A peer's messages in requests of at most `perRequest` (and MAX_BATCH_MESSAGES) messages and a quarter of BATCH_BODY_BYTES each. */
function batches(messages: readonly Prepared[], perRequest: number): Prepared[][] {
  const most = Math.min(perRequest, MAX_BATCH_MESSAGES);
  const out: Prepared[][] = [];
  let current: Prepared[] = [];
  let bytes = 0;
  for (const prepared of messages) {
    if (current.length && (current.length >= most || bytes + prepared.jws.length > BATCH_BODY_BYTES / 4)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(prepared);
    bytes += prepared.jws.length + 3;
  }
  if (current.length) out.push(current);
  return out;
}

class Failure {
  readonly code: string;
  readonly message: string;
  readonly retryable: boolean;
  readonly narrowed: string[] | undefined;
  /** For a receipt refused: what was wrong with it, as codes the audit trail can hold (never free text). */
  readonly receiptProblems: string[] | undefined;
  constructor(code: string, message: string, retryable: boolean, narrowed?: string[], receiptProblems?: string[]) {
    this.code = code;
    this.message = message;
    this.retryable = retryable;
    this.narrowed = narrowed;
    this.receiptProblems = receiptProblems;
  }
}

export function createDeliveryWorker(options: DeliveryOptions): DeliveryWorker {
  const { store, audit, notifier, outbound, client, peers, trustList, settings, logger } = options;
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  let stopped = false;
  let requested = false;
  let loop: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let unlisten: (() => Promise<void>) | undefined;

  function wake(): void {
    if (stopped) return;
    requested = true;
    loop ??= run().finally(() => {
      loop = undefined;
      if (requested && !stopped) wake();
    });
  }

  async function run(): Promise<void> {
    while (requested && !stopped) {
      requested = false;
      try {
        while (!stopped && (await round()) > 0);
        await scheduleNext();
      } catch (error) {
        // The database is away (a restart): look again shortly; nothing is lost, rows stay pending.
        logger?.warn({ err: error, component: 'federation' }, 'delivery: the outbox could not be read; trying again in a second');
        schedule(1000);
      }
    }
  }

  function schedule(delayMs: number) {
    clearTimeout(timer);
    timer = setTimeout(wake, Math.max(5, Math.min(delayMs, 30_000)));
    timer.unref();
  }

  async function scheduleNext() {
    const due = await store.outbox.nextDue();
    // With nothing pending, a slow safety look: a notification missed while the listener reconnected.
    schedule(due ? Date.parse(due) - now().getTime() : 30_000);
  }

  /**
   * Claims what is due and sends it, one request per peer gateway. A claim holds at most one message
   * per referral (the first pending one), so a status update never travels before its referral's receipt.
   */
  async function round(): Promise<number> {
    const claimed = await store.db.transaction((tx) => repositories(tx).outbox.claimDue(now(), settings.leaseMs, settings.batchSize));
    const ready = (await Promise.all(claimed.map(prepare))).filter((p): p is Prepared => p !== undefined);
    const byPeer = new Map<string, Prepared[]>();
    for (const prepared of ready) byPeer.set(prepared.peer.baseUrl, [...(byPeer.get(prepared.peer.baseUrl) ?? []), prepared]);
    await Promise.all([...byPeer.values()].map(sendToPeer));
    return claimed.length;
  }

  /** The peer and the JWS of a claimed message, or undefined when it cannot be sent (its failure recorded). */
  async function prepare(message: OutboxMessage): Promise<Prepared | undefined> {
    try {
      const peer = peers().hosting(message.recipient);
      if (!peer) throw new Failure('PEER_UNKNOWN', `no gateway in the trust list hosts ${message.recipient}`, false);
      if (message.kind === 'consent-withdrawal') await checkWithdrawalNeeded(message);
      if (message.kind !== 'referral') return { message, peer, jws: message.message, narrowed: null };
      const referral = await store.referrals.get(message.referralId);
      if (!referral) throw new Failure('PEER_REFERRAL_UNKNOWN', `referral ${message.referralId} is no longer held here`, false);
      return { message, peer, ...(await referralToSend(message, referral)) };
    } catch (error) {
      await fail(message, error);
      return undefined;
    }
  }

  /** Peers that do not have the batch route, until when they are sent messages one by one. */
  const singlesUntil = new Map<string, number>();

  async function sendToPeer(messages: Prepared[]): Promise<void> {
    const peer = messages[0]!.peer;
    const singles = !settings.batchRequests || messages.length === 1 || (singlesUntil.get(peer.baseUrl) ?? 0) > now().getTime();
    if (singles) await Promise.all(messages.map(sendAlone));
    else await Promise.all(batches(messages, settings.messagesPerRequest).map(sendBatch));
  }

  async function sendAlone(prepared: Prepared): Promise<void> {
    const { message, peer, jws } = prepared;
    try {
      const answer = await client.call<{ receipt?: unknown }>(peer, { method: 'POST', path: PEER_PATHS[message.kind], purpose: PROTOCOL_PURPOSE, body: { message: jws } });
      await recordDelivered([{ ...prepared, receipt: await checkedReceipt(answer.body?.receipt, message, jws) }]);
    } catch (error) {
      await fail(message, error);
    }
  }

  async function sendBatch(batch: Prepared[]): Promise<void> {
    const peer = batch[0]!.peer;
    let results: unknown[];
    try {
      const answer = await client.call<{ results?: unknown }>(peer, { method: 'POST', path: PEER_BATCH_PATH, purpose: PROTOCOL_PURPOSE, body: { messages: batch.map((p) => p.jws) } });
      const body = answer.body?.results;
      if (!Array.isArray(body) || body.length !== batch.length) throw new Failure('PEER_BAD_ANSWER', `${peer.baseUrl}${PEER_BATCH_PATH}: the answer does not hold one result per message`, true);
      results = body;
    } catch (error) {
      if (error instanceof PeerError && error.status === 404 && error.peerCode === 'NOT_FOUND') {
        singlesUntil.set(peer.baseUrl, now().getTime() + SINGLES_FOR_MS);
        logger?.info({ component: 'federation' }, `delivery: ${peer.baseUrl} takes no batches (protocol 1.1); its messages go one by one`);
      }
      // Not taken as a batch (no such route, or too large for this peer): each message on its own.
      if (error instanceof PeerError && (error.status === 404 || error.status === 413)) return void (await Promise.all(batch.map(sendAlone)));
      return void (await Promise.all(batch.map((p) => fail(p.message, error))));
    }
    const delivered: Delivered[] = [];
    await Promise.all(batch.map(async (prepared, i) => {
      try {
        delivered.push({ ...prepared, receipt: await checkedReceipt(receiptOf(results[i]), prepared.message, prepared.jws) });
      } catch (error) {
        await fail(prepared.message, error);
      }
    }));
    await recordDelivered(delivered);
  }

  /** The receipt of one result of a batch answer; a Failure for the error answer in its place. */
  function receiptOf(result: unknown): unknown {
    const value = result as { kind?: unknown; code?: unknown; message?: unknown; retryable?: unknown; receipt?: unknown } | null;
    if (value && typeof value === 'object' && value.kind === 'peer-error' && typeof value.code === 'string') {
      throw new Failure(value.code.slice(0, 64), `refused with ${value.code.slice(0, 64)}: ${typeof value.message === 'string' ? value.message.slice(0, 300) : ''}`, value.retryable === true);
    }
    return value && typeof value === 'object' ? value.receipt : undefined;
  }

  /**
   * A consent withdrawal is sent only to a recipient that holds a copy carrying the consent. Its
   * referral's messages went first (a claim takes a referral's messages in order), so the referral's
   * row is final here: delivered as it was sent, or never.
   */
  async function checkWithdrawalNeeded(message: OutboxMessage): Promise<void> {
    const { consentId } = payloadOf<ConsentWithdrawalEnvelope>(message.message);
    const sent = (await store.outbox.forReferral(message.referralId)).find((row) => row.kind === 'referral' && row.recipient === message.recipient);
    if (sent?.state !== 'delivered') throw new Failure('DELIVERY_NOT_NEEDED', `referral ${message.referralId} was not delivered to ${message.recipient}: there is no copy to narrow`, false);
    if (!sent.consentIds?.includes(consentId)) {
      throw new Failure('DELIVERY_NOT_NEEDED', `the referral as delivered did not carry consent ${consentId} (it was narrowed at delivery): nothing there rests on it`, false);
    }
  }

  /** A refusal that says the peer does not know the kind of a consent withdrawal: a gateway of protocol 1.2 or older, which no retry changes. */
  function unsupportedKind(message: OutboxMessage, failure: Failure): Failure {
    if (message.kind !== 'consent-withdrawal' || !['NOT_FOUND', 'PEER_MESSAGE_MALFORMED'].includes(failure.code)) return failure;
    return new Failure('PEER_KIND_UNSUPPORTED', `the gateway of ${message.recipient} does not take consent withdrawals (peer protocol 1.2 or older; it answered ${failure.code}): tell the recipient by other means`, false);
  }

  /** Records a failed attempt; when even that fails, the lease runs out and the message is tried again: nothing is lost. */
  async function fail(message: OutboxMessage, error: unknown): Promise<void> {
    await recordFailure(message, unsupportedKind(message, asFailure(error))).catch((recordError: unknown) => {
      logger?.warn({ err: recordError, component: 'federation' }, 'delivery: a failed attempt could not be recorded');
    });
  }

  /** What to send for a referral now: the queued message, one narrowed by the consent check, or nothing. */
  async function referralToSend(message: OutboxMessage, referral: StoredReferral): Promise<{ jws: string; narrowed: string[] | null }> {
    const queued = payloadOf<ReferralEnvelope>(message.message);
    const released: ReleasedReferral = await outbound.release(referral);
    const queuedWithheld = new Set(queued.withheld.map((w) => w.pointer));
    const narrowed = released.withheld.map((w) => w.pointer).filter((p) => !queuedWithheld.has(p));
    if (!hasSectionData(released.document)) {
      throw new Failure('DELIVERY_NOTHING_RELEASED', 'nothing of the referral may be sent now: her consent was withdrawn or has expired, or no agreement releases anything to the recipient for its purpose', false, narrowed);
    }
    const same = canonicalJson(released.document) === canonicalJson(queued.document) && canonicalJson(released.consents) === canonicalJson(queued.consents);
    if (same) return { jws: message.message, narrowed: null };
    return { jws: await outbound.referralMessage(referral, message.id, released), narrowed };
  }

  function asFailure(error: unknown): Failure {
    if (error instanceof Failure) return error;
    if (error instanceof PeerError) return new Failure(error.peerCode && error.code === 'PEER_REFUSED' ? error.peerCode : error.code, error.message, error.retryable);
    if (error instanceof PeerMessageError) return new Failure('PEER_RECEIPT_INVALID', `the receipt: ${error.message}`, true, undefined, [error.code]);
    if (isNrxError(error)) return new Failure(error.code, error.message, error.code === 'DATABASE_UNAVAILABLE');
    return new Failure('INTERNAL', error instanceof Error ? error.message : String(error), true);
  }

  async function checkedReceipt(value: unknown, message: OutboxMessage, jws: string): Promise<{ jws: string; payload: Receipt }> {
    const opened = await openMessage<Receipt>(value, 'peer-receipt', trustList);
    const receipt = opened.payload;
    const problems = ([
      [receipt.messageId !== message.id, 'message-id', `names message ${receipt.messageId}`],
      [receipt.messageDigest !== digestOf(jws), 'message-digest', 'carries another digest than that of the message sent'],
      [receipt.from !== message.recipient, 'signer', `is signed by ${receipt.from}, not the recipient ${message.recipient}`],
      [receipt.to !== message.sender, 'addressee', `is addressed to ${receipt.to}`],
      [receipt.referralId !== message.referralId, 'referral-id', `names referral ${receipt.referralId}`],
    ] as const).filter(([wrong]) => wrong);
    if (problems.length) throw new Failure('PEER_RECEIPT_INVALID', `the receipt ${problems.map(([, , text]) => text).join(', ')}`, true, undefined, problems.map(([, code]) => code));
    return { jws: value as string, payload: receipt };
  }

  /**
   * Stores receipts, all in one transaction with their audit entries. The receipts prove
   * delivery: when they cannot be stored together, each is stored alone, and one that cannot be
   * stored now is an attempt that failed (the next gets the same receipt from the peer).
   */
  async function recordDelivered(delivered: readonly Delivered[]): Promise<void> {
    if (delivered.length === 0) return;
    const at = now().toISOString();
    // Locked in one order, so that two replicas' transactions never wait for each other in a circle.
    const ordered = [...delivered].sort((a, b) => a.message.seq - b.message.seq);
    try {
      await store.transactionAs(async (as, recordEntry) => {
        for (const one of ordered) {
          const entry = await recordOne(one, as({ requester: one.message.recipient }), at);
          if (entry) recordEntry(entry);
        }
      });
    } catch (error) {
      if (delivered.length > 1) return void (await Promise.all(delivered.map((one) => recordDelivered([one]))));
      await fail(delivered[0]!.message, new Failure(isNrxError(error) ? error.code : 'INTERNAL', `the receipt could not be stored: ${error instanceof Error ? error.message : String(error)}`, true));
    }
  }

  /** Records one receipt in the caller's transaction; returns the audit entry to append (none when another claimer recorded it first). */
  async function recordOne({ message, receipt, jws, narrowed }: Delivered, repos: Repositories, at: string): Promise<AuditEntryInput | undefined> {
    const held = await repos.outbox.lock(message.id);
    // Another claimer finished it after this one's lease ran out: its record stands.
    if (!held || held.state !== 'pending') return undefined;
    const resigned = jws !== message.message;
    await repos.outbox.delivered(message.id, at, receipt.jws, {
      message: resigned ? jws : null, narrowed,
      // What a later withdrawal of a consent looks for: the consents the referral carried as sent.
      ...(resigned && message.kind === 'referral' ? { consentIds: consentIdsOf(payloadOf<ReferralEnvelope>(jws).consents) } : {}),
    });
    const update = receipt.payload.statusUpdate as Record<string, any> | undefined;
    if (message.kind === 'referral' && update && typeof update.id === 'string' && typeof update.status === 'string') {
      const referral = await repos.referrals.get(message.referralId);
      if (referral) {
        await applyPeerStatusUpdate(repos, referral, { id: update.id, author: message.recipient, status: update.status, sequence: Number(update.sequence) || 0, at: String(update.at ?? at), document: update }, at);
      }
    }
    return {
      type: 'receipt-recorded',
      requester: message.recipient,
      details: {
        referral: `referral:${message.referralId}`, message: message.id, kind: message.kind, sender: message.sender, recipient: message.recipient,
        digest: receipt.payload.messageDigest, ...(narrowed?.length ? { narrowedFields: narrowed.length } : {}),
        ...(message.kind === 'consent-withdrawal' ? { consent: `consent:${payloadOf<ConsentWithdrawalEnvelope>(message.message).consentId}`, removedFields: receipt.payload.withheldOnReceipt?.length ?? 0 } : {}),
      },
    };
  }

  async function recordFailure(message: OutboxMessage, failure: Failure) {
    const final = !failure.retryable || message.attempts >= settings.maxAttempts;
    const state = STOPPING_CODES.has(failure.code) ? 'stopped' : final ? 'dead' : 'pending';
    await store.transaction(async (repos, tx) => {
      const held = await repos.outbox.lock(message.id);
      if (!held || held.state !== 'pending') return;
      await repos.outbox.failed(message.id, {
        state,
        code: failure.code,
        error: failure.message,
        ...(state === 'pending' ? { nextAttemptAt: new Date(now().getTime() + backoffMs(message.attempts, settings, random)).toISOString() } : {}),
        ...(failure.narrowed ? { narrowed: failure.narrowed } : {}),
      });
      const details = { referral: `referral:${message.referralId}`, message: message.id, kind: message.kind, recipient: message.recipient, code: failure.code, attempts: message.attempts };
      if (failure.receiptProblems) await audit?.append(tx, { type: 'receipt-refused', requester: message.sender, details: { ...details, problems: failure.receiptProblems } });
      if (state !== 'pending') await audit?.append(tx, { type: state === 'stopped' ? 'delivery-stopped' : 'delivery-failed', requester: message.sender, details });
    });
    if (state === 'pending') logger?.info({ component: 'federation', code: failure.code }, `delivery: message ${message.id} to ${message.recipient} failed (${failure.code}, attempt ${message.attempts}); retried later`);
    else logger?.warn({ component: 'federation', code: failure.code }, `delivery: message ${message.id} to ${message.recipient} is ${state} after ${message.attempts} attempts: ${failure.message}`);
  }

  return {
    async start() {
      unlisten = await notifier.listen(OUTBOX_CHANNEL, () => wake());
      wake();
    },
    wake,
    announce: () => notifier.notify(OUTBOX_CHANNEL),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await unlisten?.().catch(() => {});
      await loop?.catch(() => {});
    },
  };
}
