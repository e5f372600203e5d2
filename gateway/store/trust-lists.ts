/**
 * The trust lists this gateway has accepted (migration 010): the newest one per federation is the
 * floor below which no list is put in force again, whatever the file or URL offers after a restart.
 */
import type { Queryable } from './db.ts';
import { iso, num } from './rows.ts';

export interface AcceptedTrustList {
  federation: string;
  sequence: number;
  /** SHA-256 of the list's contents (gateway/auth/trust-list-floor.ts), lower-case hex. */
  digest: string;
  /** The member that operates the federation and signed the list. */
  operator: string;
  issued: string;
}

export interface TrustListRepository {
  /** The accepted list of `federation` with the highest sequence, if any was accepted. */
  newest(federation: string): Promise<(AcceptedTrustList & { acceptedAt: string }) | undefined>;
  /** Records a list put in force; a sequence recorded before keeps its first row. */
  record(list: AcceptedTrustList): Promise<void>;
}

export function trustListRepository(db: Queryable): TrustListRepository {
  return {
    async newest(federation) {
      const { rows } = await db.query('SELECT federation, sequence, digest, operator, issued, accepted_at FROM trust_list_accepted WHERE federation = $1 ORDER BY sequence DESC LIMIT 1', [federation]);
      const row = rows[0];
      if (!row) return undefined;
      return { federation: String(row.federation), sequence: num(row.sequence), digest: String(row.digest), operator: String(row.operator), issued: iso(row.issued), acceptedAt: iso(row.accepted_at) };
    },
    async record(list) {
      await db.query(
        'INSERT INTO trust_list_accepted (federation, sequence, digest, operator, issued) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (federation, sequence) DO NOTHING',
        [list.federation, list.sequence, list.digest, list.operator, list.issued],
      );
    },
  };
}
