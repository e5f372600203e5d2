/**
 * Round trip on loopback, from submit to the stored receipt: two gateways as separate processes on
 * the embedded store; each referral is submitted through GraphQL and timed until its sender holds
 * the recipient's signed receipt (the outbox row's delivered_at, on the same machine's clock). The
 * baseline in the same run: the same submit to a member of the same gateway (stored, no peer).
 *
 *   node bench/federation/round-trip.ts [--runs 100]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startFleet } from '../../test/support/gateway-processes.ts';
import { example, motherConsent, RECORD_CONSENT, SOS_TO_LEFOE, SUBMIT } from '../../test/federation/helpers.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '100' } } });
const runs = Number(values.runs);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const summary = (label: string, ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return { label, p50: percentile(sorted, 50), p99: percentile(sorted, 99), runs: ms.length };
};

async function gql(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<any> {
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const body = await response.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const fleet = await startFleet([
  { name: 'rs', gatewayId: 'RS/GOV/CPTV', members: [{ id: 'RS/GOV/CPTV', agencyType: 'coordinating-body' }, { id: 'RS/NGO/ASTRA', agencyType: 'sos-helpline' }, { id: 'RS/NGO/ATINA', agencyType: 'shelter' }], config: { log: { level: 'warn' } } },
  { name: 'at', gatewayId: 'AT/NGO/LEFOE', members: [{ id: 'AT/NGO/LEFOE', agencyType: 'victim-service' }], config: { log: { level: 'warn' } } },
], { agreements: [SOS_TO_LEFOE] });
try {
  const rs = fleet.get('rs');
  const astra = await rs.token('RS/NGO/ASTRA', { purpose: 'identification' });
  await gql(rs.url, astra, RECORD_CONSENT, { d: motherConsent() });
  const DELIVERED = 'query($id: ID!) { referral(id: $id) { deliveries { deliveredAt } } }';
  const local: number[] = [];
  const peer: number[] = [];
  for (let i = 0; i < runs + 5; i++) {
    // Interleaved, so that the machine's load falls on both alike; the first five warm up.
    const home = { ...example('05-sos-line-missing-daughter'), id: randomUUID(), recipient: 'RS/NGO/ATINA' };
    let started = Date.now();
    await gql(rs.url, astra, SUBMIT, { d: home });
    if (i >= 5) local.push(Date.now() - started);

    const abroad = { ...example('05-sos-line-missing-daughter'), id: randomUUID() };
    started = Date.now();
    await gql(rs.url, astra, SUBMIT, { d: abroad });
    let deliveredAt: string | undefined;
    while (!deliveredAt) {
      deliveredAt = (await gql(rs.url, astra, DELIVERED, { id: abroad.id })).referral.deliveries[0]?.deliveredAt ?? undefined;
      if (!deliveredAt) await new Promise((r) => setTimeout(r, 2));
    }
    if (i >= 5) peer.push(Date.parse(deliveredAt) - started);
  }
  const baseline = summary('submit to a member of the same gateway (baseline)', local);
  const roundTrip = summary('submit to a peer gateway, until the receipt is stored', peer);
  for (const s of [baseline, roundTrip]) console.log(`${s.label}: p50 ${s.p50} ms, p99 ${s.p99} ms (${s.runs} runs)`);
  console.log(`ratio to the baseline: p50 ${(roundTrip.p50 / baseline.p50).toFixed(2)}, p99 ${(roundTrip.p99 / baseline.p99).toFixed(2)}`);
} finally {
  await fleet.stop();
}
