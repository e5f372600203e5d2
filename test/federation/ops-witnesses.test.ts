/**
 * Audit across gateways with two gateway processes: each offers the other its signed checkpoints and
 * keeps the other's as witnesses; a second, different checkpoint for the same entry is kept as the
 * proof of a fork, and `nrx audit verify` reports both.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompactSign } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSigningKey, toPublicJwk } from '../../gateway/auth/keys.ts';
import { issueToken } from '../../gateway/auth/token.ts';
import { startFleet, type Fleet, type GatewayProcess } from '../support/gateway-processes.ts';

const EXCHANGE = 'mutation { exchangeAuditCheckpoints { peer offered recorded witness code } }';
const RELOAD = 'mutation { reloadTrustList { outcome } }';
const RS = 'RS/GOV/CPTV';
const AT = 'AT/NGO/LEFOE';
const manual = { federationOps: { witnesses: { intervalSeconds: 0 }, trustListReload: { intervalSeconds: 0 } } };

let fleet: Fleet;
let rs: GatewayProcess;
let at: GatewayProcess;

beforeAll(async () => {
  fleet = await startFleet([
    { name: 'rs', gatewayId: RS, members: [{ id: RS, agencyType: 'coordinating-body' }], config: manual },
    { name: 'at', gatewayId: AT, members: [{ id: AT, agencyType: 'victim-service' }], config: manual },
  ]);
  rs = fleet.get('rs');
  at = fleet.get('at');
}, 120_000);
afterAll(() => fleet?.stop());

const admin = (g: GatewayProcess) => g.token(g.gatewayId, { role: 'admin' });
async function exchange(g: GatewayProcess) {
  const { body } = await g.graphql(await admin(g), EXCHANGE);
  expect(body.errors).toBeUndefined();
  return body.data.exchangeAuditCheckpoints;
}
/** An audit entry on `g` (an administrator's reload is audited), so that its log has something to checkpoint. */
const auditSomething = async (g: GatewayProcess) => expect((await g.graphql(await admin(g), RELOAD)).body.data.reloadTrustList.outcome).toBe('unchanged');

const serviceToken = (from: string, to: string, role = 'service') =>
  issueToken({ privateJwk: fleet.memberKeys.get(from)!, issuer: from, subject: from, audience: to, purpose: 'referral', role, ttlSeconds: 300 });

async function offer(to: GatewayProcess, token: string, checkpoints: string[]) {
  const response = await fetch(`${to.url}/peer/v1/checkpoints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ kind: 'peer-checkpoint-offer', checkpoints }),
  });
  return { status: response.status, body: await response.json() };
}

async function signCheckpoint(member: string, payload: object) {
  const jwk = fleet.memberKeys.get(member)!;
  const { alg, key } = await importSigningKey(jwk);
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg, typ: 'nrx-audit-checkpoint+jws', kid: jwk.kid! }).sign(key);
}

describe('checkpoints exchanged between two gateway processes', () => {
  let witnessedSeq = 0;

  it('leaves each gateway holding the other\'s signed checkpoint after one call', async () => {
    await auditSomething(rs);
    await auditSomething(at);
    const [first] = await exchange(rs);
    expect(first).toMatchObject({ peer: AT, recorded: 1, witness: 'recorded', code: null });
    expect(first.offered).toBeGreaterThanOrEqual(1);
    // The next exchange offers only what is new since the peer's answer.
    const [second] = await exchange(rs);
    expect(second).toMatchObject({ peer: AT, offered: 1, recorded: 1, code: null });
    // The other way round: the Serbian gateway already holds what the Austrian one offers (from its
    // answers), and its own newest checkpoint is new to the Austrian one.
    const [back] = await exchange(at);
    expect(back).toMatchObject({ peer: RS, witness: 'recorded', code: null });
    expect(back.offered).toBeGreaterThanOrEqual(1);
  });

  it('refuses checkpoints from anyone but the gateway whose log they are of', async () => {
    const own = await signCheckpoint(RS, { lastSeq: 1, lastHash: 'a'.repeat(64), at: new Date().toISOString(), gateway: RS });
    const worker = await offer(at, await serviceToken(RS, AT, 'case-worker'), [own]);
    expect(worker).toMatchObject({ status: 403, body: { kind: 'peer-error', code: 'WITNESS_REFUSED' } });
    const relayed = await signCheckpoint(RS, { lastSeq: 1, lastHash: 'a'.repeat(64), at: new Date().toISOString(), gateway: 'MD/GOV/CNPTV' });
    expect((await offer(at, await serviceToken(RS, AT), [relayed])).body.code).toBe('WITNESS_REFUSED');
    const forged = await signCheckpoint(AT, { lastSeq: 1, lastHash: 'a'.repeat(64), at: new Date().toISOString(), gateway: RS });
    expect(await offer(at, await serviceToken(RS, AT), [forged])).toMatchObject({ status: 400, body: { code: 'CHECKPOINT_INVALID' } });
    expect((await offer(at, 'not-a-token', [own])).status).toBe(401);
  });

  it('keeps a second, different checkpoint for an entry already witnessed as the proof of a fork', async () => {
    // The Serbian gateway's newest checkpoint, as it answers any peer, witnessed by the Austrian one.
    const answer = await offer(rs, await serviceToken(AT, RS), []);
    const [newest] = answer.body.checkpoints as string[];
    expect((await offer(at, await serviceToken(RS, AT), [newest!])).status).toBe(200);
    witnessedSeq = JSON.parse(Buffer.from(newest!.split('.')[1]!, 'base64url').toString('utf8')).lastSeq;
    // The same entry signed again over another hash: the log was rewritten.
    const rewritten = await signCheckpoint(RS, { lastSeq: witnessedSeq, lastHash: 'b'.repeat(64), at: new Date().toISOString(), gateway: RS });
    const fork = await offer(at, await serviceToken(RS, AT), [rewritten]);
    expect(fork).toMatchObject({ status: 409, body: { kind: 'peer-error', code: 'CHECKPOINT_FORK' } });
    // Offered again, it is the same proof, not a second one.
    expect((await offer(at, await serviceToken(RS, AT), [rewritten])).status).toBe(409);
  });

  it('reports the peer unreachable without failing the exchange with others', async () => {
    await at.stop();
    const [down] = await exchange(rs);
    expect(down).toMatchObject({ peer: AT, code: 'PEER_UNREACHABLE' });
  });

  it('nrx audit verify lists the witnesses held, and the fork with both hashes', async () => {
    await rs.stop();
    const keyFile = (id: string) => {
      const file = join(fleet.dir, `${id.replace(/\//g, '_')}.public.jwk.json`);
      writeFileSync(file, JSON.stringify(toPublicJwk(fleet.memberKeys.get(id)!)));
      return file;
    };
    const atReport = await fleet.nrx(['audit', 'verify', '--data-dir', at.dataDir, '--key', keyFile(AT), '--no-progress']);
    expect(atReport.stdout).toMatch(/^audit trail intact/);
    expect(atReport.stdout).toMatch(new RegExp(`witness of ${RS}: \\d+ signed checkpoint\\(s\\), up to entry \\d+`));
    expect(atReport.stdout.match(/FORK/g)).toHaveLength(1);
    expect(atReport.stdout).toMatch(new RegExp(`FORK of ${RS} at entry ${witnessedSeq}: it signed [0-9a-f]{64} and later ${'b'.repeat(64)}`));
    expect(atReport.status).toBe(1);
    const rsReport = await fleet.nrx(['audit', 'verify', '--data-dir', rs.dataDir, '--key', keyFile(RS), '--no-progress', '--json']);
    const parsed = JSON.parse(rsReport.stdout);
    expect(parsed).toMatchObject({ ok: true, witnesses: { gateways: [{ gateway: AT }], forks: [] } });
    expect(rsReport.status).toBe(0);
  });
});
