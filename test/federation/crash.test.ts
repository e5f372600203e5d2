/**
 * Faults of the processes themselves: the sending gateway, on a PostgreSQL server of the test's own,
 * is killed with SIGKILL while it delivers, and the server is restarted while it is down. Every
 * referral is delivered exactly once, nothing is lost, both sides agree on every status and both
 * audit trails verify.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '../support/gateway-processes.ts';
import { startPrivatePostgres, unavailable, type PrivatePostgres } from '../support/private-postgres.ts';
import { eventually, example, motherConsent, must, RECORD_CONSENT, SOS_TO_LEFOE, SUBMIT, stopAndVerifyAudit } from './helpers.ts';

const missing = unavailable();
if (missing) console.warn(`crash.test.ts: skipped, a private PostgreSQL server cannot be started here: ${missing}`);

let postgres: PrivatePostgres;
let fleet: Fleet;
const COUNT = 12;

beforeAll(async () => {
  if (missing) return;
  postgres = await startPrivatePostgres();
  fleet = await startFleet([
    {
      name: 'rs', gatewayId: 'RS/GOV/CPTV', databaseUrl: postgres.url,
      members: [{ id: 'RS/GOV/CPTV', agencyType: 'coordinating-body' }, { id: 'RS/NGO/ASTRA', agencyType: 'sos-helpline' }],
      // A short lease: a message the killed process was sending is tried again soon; and attempts
      // enough to outlast a receiver that takes a while to start on a loaded machine.
      config: { federation: { delivery: { leaseMs: 2000, baseDelayMs: 200, maxDelayMs: 2000, maxAttempts: 1000 } } },
    },
    { name: 'at', gatewayId: 'AT/NGO/LEFOE', members: [{ id: 'AT/NGO/LEFOE', agencyType: 'victim-service' }] },
  ], { agreements: [SOS_TO_LEFOE] });
}, 400_000);

afterAll(async () => {
  await fleet?.stop();
  postgres?.stop();
});

/** Submits `count` copies of scenario 5's query from the SOS line; returns their ids. */
async function submitQueries(count: number): Promise<string[]> {
  const rs = fleet.get('rs');
  const astra = await rs.token('RS/NGO/ASTRA', { purpose: 'identification' });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const referral = { ...example('05-sos-line-missing-daughter'), id: randomUUID() };
    await must(rs, astra, SUBMIT, { d: referral });
    ids.push(referral.id);
  }
  return ids;
}

async function sentStatuses(): Promise<Map<string, string>> {
  const rs = fleet.get('rs');
  const data = await must(rs, await rs.token('RS/NGO/ASTRA', { purpose: 'identification' }), '{ referralsSent(first: 100) { edges { node { id status } } } }');
  return new Map<string, string>(data.referralsSent.edges.map((e: any) => [e.node.id, e.node.status]));
}

describe.skipIf(missing)('the database server restarted under a running sender', () => {
  it('loses nothing: the worker and its LISTEN connection come back, and the waiting referrals are delivered', async () => {
    const rs = fleet.get('rs');
    const at = fleet.get('at');
    await must(rs, await rs.token('RS/NGO/ASTRA', { purpose: 'identification' }), RECORD_CONSENT, { d: motherConsent() });
    await at.stop();
    const ids = await submitQueries(3);
    postgres.restart();
    await at.start();
    await eventually(async () => {
      const sent = await sentStatuses().catch(() => new Map<string, string>());
      return ids.every((id) => sent.get(id) === 'received') ? true : undefined;
    }, 'delivery after the server restart', 180_000);
  }, 400_000);
});

describe.skipIf(missing)('the sender killed mid-delivery, its database server restarted', () => {
  it('delivers every referral exactly once, both sides agree, both audit trails verify', async () => {
    const rs = fleet.get('rs');
    const at = fleet.get('at');
    const astra = await rs.token('RS/NGO/ASTRA', { purpose: 'identification' });
    const ids = await submitQueries(COUNT);
    // Killed while its worker sends: some messages have receipts, some are in flight, some wait.
    await rs.kill();
    postgres.restart();
    await rs.start();

    const lefoe = await at.token('AT/NGO/LEFOE', { purpose: 'identification' });
    await eventually(async () => {
      const sent = await sentStatuses();
      return ids.every((id) => sent.get(id) === 'received') ? true : undefined;
    }, 'every referral delivered', 180_000);

    const data = await must(at, lefoe, '{ referralsReceived(first: 100) { edges { node { id status } } } }');
    const received = new Map<string, string>(data.referralsReceived.edges.map((e: any) => [e.node.id, e.node.status]));
    expect([...received.keys()].filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
    expect(received.size).toBe(ids.length + 3);
    expect([...received.values()].every((s) => s === 'received')).toBe(true);
    const outbox = await must(rs, astra, `{ outbox(first: 100) { referralId state } }`);
    expect(outbox.outbox.filter((m: any) => ids.includes(m.referralId)).map((m: any) => m.state)).toEqual(ids.map(() => 'delivered'));

    await stopAndVerifyAudit(rs, at);
  }, 400_000);
});
