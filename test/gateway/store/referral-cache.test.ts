/**
 * The embedded store remembers a subject's referrals between case views: every write, on its own
 * or in a transaction, committed or rolled back, must show in the next read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../gateway/store/index.ts';

const referral = (n: number, subject = 'subject-cached') => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  sender: 'RS/GOV/POLICE',
  recipient: 'RS/NGO/ATINA',
  purpose: 'assistance',
  subject,
  status: 'sent',
  created: `2025-01-${String(n).padStart(2, '0')}T10:00:00.000Z`,
  updated: `2025-01-${String(n).padStart(2, '0')}T10:00:00.000Z`,
  document: { id: n },
});

describe('a subject\'s referrals on the embedded store', { timeout: 120_000 }, () => {
  let store: Store;
  afterEach(() => store?.close());

  const ids = async (subject = 'subject-cached', member = 'RS/NGO/ATINA') => (await store.referrals.forSubject(subject, member)).map((r) => `${r.id.slice(-2)}:${r.status}`);

  it('shows every write in the next read, the reads between them answered from memory', async () => {
    store = await openStore();
    expect(await ids()).toEqual([]);
    await store.referrals.insert(referral(1));
    expect(await ids()).toEqual(['01:sent']);
    const statements = countStatements(store);
    expect(await ids()).toEqual(['01:sent']);
    expect(await ids('subject-cached', 'RS/GOV/POLICE')).toEqual(['01:sent']);
    expect(await ids()).toEqual(['01:sent']);
    expect(statements()).toBe(1);
    await store.referrals.setStatus(referral(1).id, 'accepted', '2025-02-01T10:00:00.000Z');
    expect(await ids()).toEqual(['01:accepted']);
    await store.for({ member: 'RS/GOV/POLICE' } as never).referrals.insert(referral(2));
    expect(await ids()).toEqual(['01:accepted', '02:sent']);
  });

  it('shows a transaction\'s writes once it commits, and nothing of one rolled back', async () => {
    store = await openStore();
    await store.referrals.insert(referral(1));
    expect(await ids()).toEqual(['01:sent']);
    await store.transaction(async (repos) => {
      await repos.referrals.insert(referral(3));
      await repos.referrals.setStatus(referral(1).id, 'closed', '2025-02-01T10:00:00.000Z');
    });
    expect(await ids()).toEqual(['01:closed', '03:sent']);
    await expect(store.transaction(async (repos) => {
      await repos.referrals.insert(referral(4));
      expect(await repos.referrals.forSubject('subject-cached', 'RS/NGO/ATINA')).toHaveLength(3);
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    expect(await ids()).toEqual(['01:closed', '03:sent']);
  });

  it('drops a read still in flight when a write lands, and gives each caller its own list', async () => {
    store = await openStore();
    await store.referrals.insert(referral(1));
    const inFlight = store.referrals.forSubject('subject-cached', 'RS/NGO/ATINA');
    await store.referrals.insert(referral(5));
    expect((await inFlight).length).toBeGreaterThanOrEqual(1);
    const first = await store.referrals.forSubject('subject-cached', 'RS/NGO/ATINA');
    expect(first.map((r) => r.id.slice(-2))).toEqual(['01', '05']);
    first.pop();
    expect(await ids()).toEqual(['01:sent', '05:sent']);
  });
});

/** How many statements the store sends to its database from now on. */
function countStatements(store: Store): () => number {
  let count = 0;
  const query = store.db.query.bind(store.db);
  const counting = (...args: Parameters<typeof query>) => (count++, query(...args));
  // The repositories hold the database they were made over; count there.
  (store.db as { query: unknown }).query = counting;
  return () => count;
}
