/**
 * What a consent withdrawn after delivery finds in the store (migration 011): the referrals whose
 * envelope carried the consent, as queued and then as sent; rows queued before the migration get
 * their consent ids from the signed message itself; and a held copy narrowed in place, the
 * sender's own referrals never.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readMigrations } from '../../../gateway/store/migrate.ts';
import { storeTargets } from '../../support/store-targets.ts';

const targets = storeTargets('nrx_test_outbox_consents');

/** A compact JWS whose payload carries `consents` (the signature is not read by the store). */
const jwsWith = (consents: Array<{ id: string }>) => `eyJhbGciOiJFUzI1NiJ9.${Buffer.from(JSON.stringify({ kind: 'peer-referral-envelope', consents })).toString('base64url')}.c2ln`;

const row = (referralId: string, consentIds: string[] | undefined, message = jwsWith([])) => ({
  id: randomUUID(), kind: 'referral' as const, referralId, sender: 'RS/NGO/ASTRA', recipient: 'AT/NGO/LEFOE', message, created: new Date().toISOString(),
  ...(consentIds ? { consentIds } : {}),
});

describe.each(targets)('the outbox on %s', (_name, open) => {
  it('finds the referrals delivered or queued whose envelope carried a consent, as sent once delivered', async () => {
    const store = await open();
    try {
      const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
      const queued = await store.outbox.enqueue(row(randomUUID(), [a, b]));
      const delivered = await store.outbox.enqueue(row(randomUUID(), [a]));
      const dead = await store.outbox.enqueue(row(randomUUID(), [a]));
      expect(queued.consentIds).toEqual([a, b]);
      // Delivered narrowed: the message as sent carried another consent than the one queued.
      await store.outbox.delivered(delivered.id, new Date().toISOString(), 'receipt', { message: 'sent', narrowed: [], consentIds: [c] });
      await store.outbox.failed(dead.id, { state: 'dead', code: 'PEER_UNREACHABLE', error: 'down' });
      expect((await store.outbox.citing(a)).map((m) => m.id)).toEqual([queued.id]);
      expect((await store.outbox.citing(c)).map((m) => m.id)).toEqual([delivered.id]);
      expect(await store.outbox.citing('not-a-uuid')).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('gives rows queued before migration 011 the consent ids their signed message carries', async () => {
    const store = await open();
    try {
      const consent = randomUUID();
      const old = row(randomUUID(), undefined, jwsWith([{ id: consent }, { id: randomUUID() }]));
      await store.outbox.enqueue(old);
      expect((await store.outbox.get(old.id))!.consentIds).toBeNull();
      await store.db.transaction((tx) => tx.exec(readMigrations().find((m) => m.version === 11)!.sql));
      expect((await store.outbox.citing(consent)).map((m) => m.id)).toEqual([old.id]);
    } finally {
      await store.close();
    }
  });

  it('narrows a copy held from a peer, never a referral submitted here', async () => {
    const store = await open();
    try {
      const base = { sender: 'RS/NGO/ASTRA', recipient: 'AT/NGO/LEFOE', purpose: 'identification', subject: 'subject-narrow', status: 'received', created: '2026-01-01T00:00:00.000Z', updated: '2026-01-01T00:00:00.000Z' };
      const held = await store.referrals.insert({ ...base, id: randomUUID(), holder: 'AT/NGO/LEFOE', document: { sections: { person: { givenName: 'A' } } } as any });
      const own = await store.referrals.insert({ ...base, id: randomUUID(), document: { sections: { person: { givenName: 'B' } } } as any });
      const at = '2026-02-01T00:00:00.000Z';
      const narrowed = await store.transaction((repos) => repos.referrals.narrow(held.id, { sections: {} }, at));
      expect(narrowed).toMatchObject({ id: held.id, updated: at, document: { sections: {} } });
      expect((await store.referrals.get(held.id))!.document).toEqual({ sections: {} });
      expect(await store.transaction((repos) => repos.referrals.narrow(own.id, { sections: {} }, at))).toBeNull();
      expect((await store.referrals.get(own.id))!.document).toEqual({ sections: { person: { givenName: 'B' } } });
    } finally {
      await store.close();
    }
  });
});
