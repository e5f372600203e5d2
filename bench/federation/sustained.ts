/**
 * Sustained delivery with sender replicas on one PostgreSQL server: N referrals are queued while the
 * receiving gateway is down, then it starts and the senders' delivery workers drain the outbox. The
 * rate is N over the span of the stored receipts (delivered_at, first to last). Each round runs, in
 * the same run: one sender process sending each message in its own request
 * (federation.delivery.batchRequests false: the protocol 1.1 path, the baseline), then the same
 * process sending batches (§5 of the peer protocol), then two replicas sharing the outbox, unbatched
 * and batched. Checks: every referral delivered (none lost), each stored once at the receiver (no
 * duplicates).
 *
 *   NRX_BENCH_DATABASE_URL=postgres://… node bench/federation/sustained.ts [--count 1000] [--rounds 3] [--per-request 16]
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { databaseWithSchema, startFleet, type GatewayProcess } from '../../test/support/gateway-processes.ts';
import { example, motherConsent, RECORD_CONSENT, SOS_TO_LEFOE, SUBMIT } from '../../test/federation/helpers.ts';

const { values } = parseArgs({ options: { count: { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '16' }, rounds: { type: 'string', default: '1' }, 'per-request': { type: 'string' } } });
const count = Number(values.count);
const rounds = Number(values.rounds);
const concurrency = Number(values.concurrency);
const url = process.env.NRX_BENCH_DATABASE_URL ?? process.env.NRX_TEST_DATABASE_URL;
if (!url) throw new Error('set NRX_BENCH_DATABASE_URL to a PostgreSQL database of your own');

const suffix = randomUUID().slice(0, 8);
const senderSchema = `bench_fed_rs_${suffix}`;
const receiverSchema = `bench_fed_at_${suffix}`;
const settings = { log: { level: 'warn' }, federation: { delivery: { baseDelayMs: 50, maxDelayMs: 500, maxAttempts: 1000, batchSize: 64 } } };

async function gql(gateway: GatewayProcess, token: string, query: string, variables: Record<string, unknown>): Promise<any> {
  const { body } = await gateway.graphql(token, query, variables);
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const fleet = await startFleet([
  { name: 'rs', gatewayId: 'RS/GOV/CPTV', databaseUrl: await databaseWithSchema(url, senderSchema), members: [{ id: 'RS/GOV/CPTV', agencyType: 'coordinating-body' }, { id: 'RS/NGO/ASTRA', agencyType: 'sos-helpline' }], config: settings },
  { name: 'at', gatewayId: 'AT/NGO/LEFOE', databaseUrl: await databaseWithSchema(url, receiverSchema), members: [{ id: 'AT/NGO/LEFOE', agencyType: 'victim-service' }], config: settings },
], { agreements: [SOS_TO_LEFOE] });
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  const rs = fleet.get('rs');
  const at = fleet.get('at');
  await gql(rs, await rs.token('RS/NGO/ASTRA', { purpose: 'identification' }), RECORD_CONSENT, { d: motherConsent() });

  let totalLost = 0;
  let totalDuplicates = 0;
  async function phase(label: string): Promise<number> {
    await at.stop();
    // A token of its own per phase: a long run on a busy machine outlasts a token's lifetime.
    const astra = await rs.token('RS/NGO/ASTRA', { purpose: 'identification' });
    const ids: string[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        const referral = { ...example('05-sos-line-missing-daughter'), id: randomUUID() };
        await gql(rs, astra, SUBMIT, { d: referral });
        ids.push(referral.id);
      }
    }));
    await at.start();
    for (;;) {
      const { rows } = await client.query(`SELECT count(*) FILTER (WHERE state = 'delivered') AS delivered, count(*) AS total FROM ${senderSchema}.peer_outbox WHERE referral_id = ANY($1::uuid[])`, [ids]);
      if (Number(rows[0].delivered) === ids.length) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const span = await client.query(`SELECT extract(epoch FROM max(delivered_at) - min(delivered_at)) AS seconds FROM ${senderSchema}.peer_outbox WHERE referral_id = ANY($1::uuid[])`, [ids]);
    const stored = await client.query(`SELECT count(*) AS referrals, count(DISTINCT id) AS distinct_referrals FROM ${receiverSchema}.referrals WHERE id = ANY($1::uuid[])`, [ids]);
    const inbox = await client.query(`SELECT count(*) AS n FROM ${receiverSchema}.peer_inbox WHERE referral_id = ANY($1::uuid[])`, [ids]);
    const rate = ids.length / Number(span.rows[0].seconds);
    const lost = ids.length - Number(stored.rows[0].distinct_referrals);
    const duplicates = Number(inbox.rows[0].n) - Number(stored.rows[0].distinct_referrals);
    totalLost += lost;
    totalDuplicates += duplicates;
    console.log(`${label}: ${ids.length} referrals in ${Number(span.rows[0].seconds).toFixed(2)} s = ${rate.toFixed(0)} referrals/s; lost ${lost}, duplicates ${duplicates}`);
    return rate;
  }

  /** Sends each message in its own request, or in batches: a setting read at start. */
  async function batching(senders: GatewayProcess[], on: boolean) {
    for (const sender of senders) {
      const config = JSON.parse(readFileSync(sender.configFile, 'utf8'));
      config.federation.delivery = { ...config.federation.delivery, batchRequests: on, ...(values['per-request'] ? { messagesPerRequest: Number(values['per-request']) } : {}) };
      writeFileSync(sender.configFile, JSON.stringify(config, null, 2));
      await sender.restart();
    }
  }

  const phases = ['one sender, unbatched (baseline)', 'one sender, batched', 'two replicas, unbatched', 'two replicas, batched'] as const;
  const rates = new Map<string, number[]>(phases.map((p) => [p, []]));
  const replica = await rs.replica();
  for (let round = 1; round <= rounds; round++) {
    console.log(`round ${round} (load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
    await replica.stop();
    await batching([rs], false);
    rates.get(phases[0])!.push(await phase(phases[0]));
    await batching([rs], true);
    rates.get(phases[1])!.push(await phase(phases[1]));
    await batching([rs, replica], false);
    rates.get(phases[2])!.push(await phase(phases[2]));
    await batching([rs, replica], true);
    rates.get(phases[3])!.push(await phase(phases[3]));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const spread = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
  for (const p of phases) console.log(`${p}: median ${median(rates.get(p)!).toFixed(0)} referrals/s (rounds ${spread(rates.get(p)!)})`);
  const ratios = (a: string, b: string) => rates.get(a)!.map((x, i) => x / rates.get(b)![i]!);
  const twoBatched = ratios(phases[3], phases[0]);
  console.log(`ratio two replicas batched / one sender unbatched: median ${median(twoBatched).toFixed(2)} (rounds ${twoBatched.map((r) => r.toFixed(2)).join(', ')})`);
  const oneBatched = ratios(phases[1], phases[0]);
  console.log(`ratio one sender batched / unbatched: median ${median(oneBatched).toFixed(2)} (rounds ${oneBatched.map((r) => r.toFixed(2)).join(', ')})`);
  console.log(`all phases: lost ${totalLost}, duplicates ${totalDuplicates}`);
  console.log(`target 200 referrals/s with two replicas: ${median(rates.get(phases[3])!) >= 200 ? 'met' : 'missed'} (median)`);
} finally {
  await client.query(`DROP SCHEMA IF EXISTS ${senderSchema} CASCADE; DROP SCHEMA IF EXISTS ${receiverSchema} CASCADE`).catch(() => {});
  await client.end();
  await fleet.stop();
}
