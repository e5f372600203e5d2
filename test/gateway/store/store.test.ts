import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../../gateway/store/index.ts';
import { migrate, readMigrations } from '../../../gateway/store/migrate.ts';
import { storeTargets } from '../../support/store-targets.ts';

const targets = storeTargets('nrx_test_store');

const referral = (n: number, overrides: Record<string, unknown> = {}) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  sender: 'RS/GOV/POLICE',
  recipient: 'RS/NGO/ATINA',
  purpose: 'assistance',
  subject: `subject-${n % 2}`,
  status: 'sent',
  created: `2025-01-${String(n).padStart(2, '0')}T10:00:00.000Z`,
  updated: `2025-01-${String(n).padStart(2, '0')}T10:00:00.000Z`,
  document: { id: n, note: 'ä "quoted" \\ text' },
  ...overrides,
});

describe.each(targets)('the store on %s', (_name, open) => {
  it('applies migrations once and records them', async () => {
    const store = await open();
    try {
      expect(await migrate(store.db)).toEqual([]);
      const { rows } = await store.db.query<{ version: number }>('SELECT version FROM nrx_migrations ORDER BY version');
      expect(rows.map((r) => Number(r.version))).toEqual(readMigrations().map((m) => m.version));
    } finally {
      await store.close();
    }
  });

  it('keeps referrals with their document and pages them newest first with filters', async () => {
    const store = await open();
    try {
      for (let n = 1; n <= 5; n++) await store.referrals.insert(referral(n, n === 4 ? { purpose: 'identification' } : {}));
      await expect(store.referrals.insert(referral(1))).rejects.toThrow(/already exists/);
      expect((await store.referrals.get(referral(2).id))?.document).toEqual(referral(2).document);
      expect(await store.referrals.get('not-a-uuid')).toBeNull();
      const page1 = await store.referrals.page({ member: 'RS/NGO/ATINA', side: 'recipient', limit: 2 });
      expect(page1.map((r) => r.id)).toEqual([referral(5).id, referral(4).id]);
      const page2 = await store.referrals.page({ member: 'RS/NGO/ATINA', side: 'recipient', limit: 2, beforeSeq: page1[1]!.seq });
      expect(page2.map((r) => r.id)).toEqual([referral(3).id, referral(2).id]);
      const filtered = await store.referrals.page({ member: 'RS/GOV/POLICE', side: 'sender', limit: 10, filter: { purpose: 'assistance', subject: 'subject-1', createdFrom: '2025-01-02T00:00:00Z', createdTo: '2025-01-05T12:00:00Z' } });
      expect(filtered.map((r) => r.id)).toEqual([referral(5).id, referral(3).id]);
      expect(await store.referrals.page({ member: 'RS/NGO/ATINA', side: 'sender', limit: 10 })).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('stores status updates and moves the status in one transaction, or not at all', async () => {
    const store = await open();
    try {
      const r = await store.referrals.insert(referral(9));
      await store.transaction(async (repos) => {
        await repos.statusUpdates.insert({ id: crypto.randomUUID(), referralId: r.id, author: 'RS/NGO/ATINA', status: 'accepted', at: '2025-02-01T00:00:00.000Z', document: { status: 'accepted' } });
        await repos.referrals.setStatus(r.id, 'accepted', '2025-02-01T00:00:00.000Z');
      });
      await expect(
        store.transaction(async (repos) => {
          await repos.referrals.setStatus(r.id, 'completed', '2025-02-02T00:00:00.000Z');
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect((await store.referrals.get(r.id))?.status).toBe('accepted');
      const history = await store.statusUpdates.forReferrals([r.id]);
      expect(history.get(r.id)?.map((u) => u.status)).toEqual(['accepted']);
    } finally {
      await store.close();
    }
  });

  it('records and withdraws consent', async () => {
    const store = await open();
    try {
      const id = crypto.randomUUID();
      await store.consents.insert({ id, subject: 'subject-x', recordedBy: 'RS/GOV/CPTV', recorded: '2025-01-01T00:00:00.000Z', withdrawnAt: null, document: { state: 'active' } });
      const withdrawn = await store.consents.withdraw(id, '2025-03-01T00:00:00.000Z', { state: 'withdrawn' });
      expect(withdrawn).toMatchObject({ withdrawnAt: '2025-03-01T00:00:00.000Z', document: { state: 'withdrawn' } });
      expect((await store.consents.forSubject('subject-x')).length).toBe(1);
    } finally {
      await store.close();
    }
  });
});

describe('the embedded database', () => {
  it('persists under the data directory across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nrx-store-'));
    try {
      const first = await openStore({ dataDir: dir });
      await first.referrals.insert(referral(7));
      await first.close();
      const second = await openStore({ dataDir: dir });
      expect((await second.referrals.get(referral(7).id))?.subject).toBe('subject-1');
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
