/**
 * The outbox and inbox of messages between gateways (migrations 006 and 011). The outbox holds what this
 * gateway owes its peers, claimed by delivery workers with FOR UPDATE SKIP LOCKED; the inbox holds
 * what it accepted, under each message's id, with the receipt it gave.
 */
import type { Queryable } from './db.ts';
import { iso, isoOrNull, isUuid, num } from './rows.ts';
import { valuesList } from './multi-row.ts';

export type OutboxState = 'pending' | 'delivered' | 'dead' | 'stopped';
export type OutboxKind = 'referral' | 'status-update' | 'consent-withdrawal';

export interface OutboxMessage {
  seq: number;
  id: string;
  kind: OutboxKind;
  referralId: string;
  sender: string;
  recipient: string;
  message: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: string;
  lastErrorCode: string | null;
  lastError: string | null;
  narrowed: string[] | null;
  sentMessage: string | null;
  receipt: string | null;
  deliveredAt: string | null;
  created: string;
  /** For a referral: the ids of the consents its envelope carried (as sent, once delivered). */
  consentIds: string[] | null;
}

export interface NewOutboxMessage {
  id: string;
  kind: OutboxKind;
  referralId: string;
  sender: string;
  recipient: string;
  message: string;
  created: string;
  /** For a referral: the ids of the consents its envelope carries. */
  consentIds?: string[];
}

export interface InboxEntry {
  messageId: string;
  kind: OutboxKind;
  sender: string;
  recipient: string;
  referralId: string;
  digest: string;
  receipt: string;
  receivedAt: string;
}

const OUTBOX_COLUMNS = 'seq, id, kind, referral_id, sender, recipient, message, state, attempts, next_attempt_at, last_error_code, last_error, narrowed, sent_message, receipt, delivered_at, created, consent_ids';

function toOutbox(row: Record<string, unknown>): OutboxMessage {
  return {
    seq: num(row.seq),
    id: String(row.id),
    kind: row.kind as OutboxKind,
    referralId: String(row.referral_id),
    sender: String(row.sender),
    recipient: String(row.recipient),
    message: String(row.message),
    state: row.state as OutboxState,
    attempts: num(row.attempts),
    nextAttemptAt: iso(row.next_attempt_at),
    lastErrorCode: (row.last_error_code as string | null) ?? null,
    lastError: (row.last_error as string | null) ?? null,
    narrowed: (row.narrowed as string[] | null) ?? null,
    sentMessage: (row.sent_message as string | null) ?? null,
    receipt: (row.receipt as string | null) ?? null,
    deliveredAt: isoOrNull(row.delivered_at),
    created: iso(row.created),
    consentIds: Array.isArray(row.consent_ids) ? row.consent_ids.map(String) : null,
  };
}

function toInbox(row: Record<string, unknown>): InboxEntry {
  return {
    messageId: String(row.message_id),
    kind: row.kind as OutboxKind,
    sender: String(row.sender),
    recipient: String(row.recipient),
    referralId: String(row.referral_id),
    digest: String(row.digest),
    receipt: String(row.receipt),
    receivedAt: iso(row.received_at),
  };
}

export interface OutboxFilter {
  state?: OutboxState;
  sender?: string;
  limit: number;
}

export function outboxRepository(db: Queryable) {
  return {
    async enqueue(message: NewOutboxMessage): Promise<OutboxMessage> {
      const { rows } = await db.query(
        `INSERT INTO peer_outbox (id, kind, referral_id, sender, recipient, message, state, next_attempt_at, created, consent_ids)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $7, $8::text[]) RETURNING ${OUTBOX_COLUMNS}`,
        [message.id, message.kind, message.referralId, message.sender, message.recipient, message.message, message.created, message.consentIds ?? null],
      );
      return toOutbox(rows[0]!);
    },

    /**
     * Claims up to `limit` due messages for `leaseMs`: each is first in line for its referral (an
     * earlier pending message of the same referral goes first), locked against other claimers
     * meanwhile, and not due again until the lease passes. Run it in a transaction of its own.
     */
    async claimDue(now: Date, leaseMs: number, limit: number): Promise<OutboxMessage[]> {
      const { rows } = await db.query(
        `UPDATE peer_outbox SET attempts = attempts + 1, next_attempt_at = $2
         WHERE id IN (
           SELECT o.id FROM peer_outbox o
           WHERE o.state = 'pending' AND o.next_attempt_at <= $1
             AND NOT EXISTS (SELECT 1 FROM peer_outbox e WHERE e.referral_id = o.referral_id AND e.seq < o.seq AND e.state = 'pending')
           ORDER BY o.next_attempt_at, o.seq
           LIMIT $3
           FOR UPDATE SKIP LOCKED)
         RETURNING ${OUTBOX_COLUMNS}`,
        [now.toISOString(), new Date(now.getTime() + leaseMs).toISOString(), limit],
      );
      return rows.map(toOutbox).sort((a, b) => a.seq - b.seq);
    },

    /** When the next pending message is due (null when none is pending). */
    async nextDue(): Promise<string | null> {
      const { rows } = await db.query<{ at: unknown }>(`SELECT min(next_attempt_at) AS at FROM peer_outbox WHERE state = 'pending'`);
      return isoOrNull(rows[0]?.at);
    },

    /** Locks one message for an update that must not race with a delivery's outcome. */
    async lock(id: string): Promise<OutboxMessage | null> {
      if (!isUuid(id)) return null;
      const { rows } = await db.query(`SELECT ${OUTBOX_COLUMNS} FROM peer_outbox WHERE id = $1 FOR UPDATE`, [id]);
      return rows[0] ? toOutbox(rows[0]) : null;
    },

    /** A receipt stored; `sent.consentIds`, the consents the message as sent carried when it differs from the queued one. */
    async delivered(id: string, at: string, receipt: string, sent: { message: string | null; narrowed: string[] | null; consentIds?: string[] }): Promise<void> {
      await db.query(
        `UPDATE peer_outbox SET state = 'delivered', delivered_at = $2, receipt = $3, sent_message = $4, narrowed = $5, consent_ids = COALESCE($6::text[], consent_ids), last_error_code = NULL, last_error = NULL WHERE id = $1`,
        [id, at, receipt, sent.message, sent.narrowed === null ? null : JSON.stringify(sent.narrowed), sent.consentIds ?? null],
      );
    },

    /**
     * The referrals delivered or still queued whose envelope carried consent `consentId`, oldest
     * first: the recipients a withdrawal of it must reach (spec/peer-protocol.md §10).
     */
    async citing(consentId: string): Promise<OutboxMessage[]> {
      if (!isUuid(consentId)) return [];
      const { rows } = await db.query(
        `SELECT ${OUTBOX_COLUMNS} FROM peer_outbox WHERE kind = 'referral' AND state IN ('pending', 'delivered') AND consent_ids @> ARRAY[$1]::text[] ORDER BY seq`,
        [consentId],
      );
      return rows.map(toOutbox);
    },

    /** A failed attempt: pending again at `nextAttemptAt`, or in a final state (dead, stopped) with its reason. */
    async failed(id: string, outcome: { state: OutboxState; code: string; error: string; nextAttemptAt?: string; narrowed?: string[] }): Promise<void> {
      await db.query(
        `UPDATE peer_outbox SET state = $2, last_error_code = $3, last_error = $4, next_attempt_at = COALESCE($5, next_attempt_at), narrowed = COALESCE($6, narrowed) WHERE id = $1`,
        [id, outcome.state, outcome.code, outcome.error.slice(0, 500), outcome.nextAttemptAt ?? null, outcome.narrowed ? JSON.stringify(outcome.narrowed) : null],
      );
    },

    /** Puts a dead or stopped message back in line, due now, with a fresh count of attempts. */
    async retry(id: string, now: string): Promise<OutboxMessage | null> {
      if (!isUuid(id)) return null;
      const { rows } = await db.query(
        `UPDATE peer_outbox SET state = 'pending', attempts = 0, next_attempt_at = $2 WHERE id = $1 AND state IN ('dead', 'stopped') RETURNING ${OUTBOX_COLUMNS}`,
        [id, now],
      );
      return rows[0] ? toOutbox(rows[0]) : null;
    },

    async get(id: string): Promise<OutboxMessage | null> {
      if (!isUuid(id)) return null;
      const { rows } = await db.query(`SELECT ${OUTBOX_COLUMNS} FROM peer_outbox WHERE id = $1`, [id]);
      return rows[0] ? toOutbox(rows[0]) : null;
    },

    /** A referral's messages, oldest first. */
    async forReferral(referralId: string): Promise<OutboxMessage[]> {
      if (!isUuid(referralId)) return [];
      const { rows } = await db.query(`SELECT ${OUTBOX_COLUMNS} FROM peer_outbox WHERE referral_id = $1 ORDER BY seq`, [referralId]);
      return rows.map(toOutbox);
    },

    /** Newest first. */
    async list(filter: OutboxFilter): Promise<OutboxMessage[]> {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.state) where.push(`state = $${params.push(filter.state)}`);
      if (filter.sender) where.push(`sender = $${params.push(filter.sender)}`);
      params.push(filter.limit);
      const { rows } = await db.query(`SELECT ${OUTBOX_COLUMNS} FROM peer_outbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $${params.length}`, params);
      return rows.map(toOutbox);
    },

    /** Messages per state, for the officer and the benchmark. */
    async counts(): Promise<Record<OutboxState, number>> {
      const { rows } = await db.query<{ state: string; n: unknown }>(`SELECT state, count(*) AS n FROM peer_outbox GROUP BY state`);
      const counts: Record<OutboxState, number> = { pending: 0, delivered: 0, dead: 0, stopped: 0 };
      for (const row of rows) counts[row.state as OutboxState] = num(row.n);
      return counts;
    },
  };
}

export function inboxRepository(db: Queryable) {
  return {
    async get(messageId: string): Promise<InboxEntry | null> {
      if (!isUuid(messageId)) return null;
      const { rows } = await db.query(`SELECT message_id, kind, sender, recipient, referral_id, digest, receipt, received_at FROM peer_inbox WHERE message_id = $1`, [messageId]);
      return rows[0] ? toInbox(rows[0]) : null;
    },

    /**
     * Records an accepted message; false when its id is already there. A second transaction inserting
     * the same id waits for the first to end, so two replicas never both accept one message.
     */
    async insert(entry: InboxEntry): Promise<boolean> {
      const { rows } = await db.query(
        `INSERT INTO peer_inbox (message_id, kind, sender, recipient, referral_id, digest, receipt, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (message_id) DO NOTHING RETURNING message_id`,
        [entry.messageId, entry.kind, entry.sender, entry.recipient, entry.referralId, entry.digest, entry.receipt, entry.receivedAt],
      );
      return rows.length === 1;
    },

    /** Several accepted messages in one statement, as `insert` each; the ids recorded now (those already there are not). */
    async insertMany(entries: readonly InboxEntry[]): Promise<Set<string>> {
      if (!entries.length) return new Set();
      const { rows } = await db.query<{ message_id: unknown }>(
        `INSERT INTO peer_inbox (message_id, kind, sender, recipient, referral_id, digest, receipt, received_at) VALUES ${valuesList(entries.length, 8)}
         ON CONFLICT (message_id) DO NOTHING RETURNING message_id`,
        entries.flatMap((entry) => [entry.messageId, entry.kind, entry.sender, entry.recipient, entry.referralId, entry.digest, entry.receipt, entry.receivedAt]),
      );
      return new Set(rows.map((row) => String(row.message_id)));
    },
  };
}

export type OutboxRepository = ReturnType<typeof outboxRepository>;
export type InboxRepository = ReturnType<typeof inboxRepository>;
