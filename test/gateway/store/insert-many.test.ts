/**
 * The multi-row writes a peer batch is stored with: the same rows, order and refusals as one
 * statement per row, on the embedded database and (with NRX_TEST_DATABASE_URL set to a PostgreSQL
 * database of your own) on the server.
 */
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { storeTargets } from '../../support/store-targets.ts';

const targets = storeTargets('nrx_test_many');

const referral = (n: number) => ({
  id: randomUUID(), sender: 'RS/GOV/POLICE', recipient: 'AT/NGO/LEFOE', holder: 'AT/NGO/LEFOE', purpose: 'assistance', subject: `subject-${n}`,
  status: 'received', created: '2025-01-01T10:00:00.000Z', updated: '2025-01-02T10:00:00.000Z', document: { n, note: 'ä "quoted" \\ text' },
});

const inboxEntry = (messageId: string, n: number) => ({
  messageId, kind: 'referral' as const, sender: 'RS/GOV/POLICE', recipient: 'AT/NGO/LEFOE', referralId: randomUUID(), digest: `digest-${n}`, receipt: `receipt-${n}`, receivedAt: '2025-01-02T10:00:00.000Z',
});

describe.each(targets)('multi-row writes on %s', (_name, open) => {
  it('records new inbox ids only, leaving a taken one as it was', async () => {
    const store = await open();
    try {
      const taken = randomUUID();
      expect(await store.inbox.insert(inboxEntry(taken, 0))).toBe(true);
      const fresh = [randomUUID(), randomUUID()];
      const recorded = await store.inbox.insertMany([inboxEntry(fresh[0]!, 1), inboxEntry(taken, 2), inboxEntry(fresh[1]!, 3)]);
      expect([...recorded].sort()).toEqual([...fresh].sort());
      expect((await store.inbox.get(taken))?.digest).toBe('digest-0');
      expect((await store.inbox.get(fresh[1]!))?.receipt).toBe('receipt-3');
      expect(await store.inbox.insertMany([])).toEqual(new Set());
    } finally {
      await store.close();
    }
  });

  it('stores referrals and their status updates in the order given, and refuses a taken id as a whole', async () => {
    const store = await open();
    try {
      const referrals = [referral(1), referral(2), referral(3)];
      const stored = await store.for({ requester: 'RS/GOV/POLICE' }).transaction((repos) => repos.referrals.insertMany(referrals));
      expect(stored.map((r) => [r.id, r.subject, r.document])).toEqual(referrals.map((r) => [r.id, r.subject, r.document]));
      expect(await store.referrals.get(referrals[1]!.id)).toMatchObject({ holder: 'AT/NGO/LEFOE', status: 'received' });

      const updates = ['received', 'accepted'].map((status, i) => ({ id: randomUUID(), referralId: referrals[0]!.id, author: 'AT/NGO/LEFOE', status, at: `2025-01-0${i + 2}T10:00:00.000Z`, document: { status } as never }));
      await store.statusUpdates.insertMany(updates);
      expect((await store.statusUpdates.forReferral(referrals[0]!.id)).map((u) => u.status)).toEqual(['received', 'accepted']);

      await expect(store.transaction((repos) => repos.referrals.insertMany([referral(4), referrals[2]!]))).rejects.toThrow(/already exists/);
      expect(await store.referrals.forSubject('subject-4', 'AT/NGO/LEFOE')).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
