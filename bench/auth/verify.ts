/**
 * Token verification cost on the request path: a fresh token (signature checked) against a
 * repeated one (answered from the verified-token cache). Run: node bench/auth/verify.ts
 */
import { createAuthenticator } from '../../gateway/auth/authenticator.ts';
import { generateSigningKey } from '../../gateway/auth/keys.ts';
import { issueToken } from '../../gateway/auth/token.ts';
import type { TrustList } from '../../gateway/auth/types.ts';

const AUDIENCE = 'RS/GOV/GATEWAY';
const ROUNDS = Number(process.env.ROUNDS ?? 5000);

async function measure(label: string, run: (i: number) => Promise<unknown>, rounds: number): Promise<void> {
  for (let i = 0; i < Math.min(500, rounds); i++) await run(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) await run(i);
  const micros = Number(process.hrtime.bigint() - start) / 1000 / rounds;
  console.log(`${label.padEnd(34)} ${micros.toFixed(2).padStart(8)} µs/op ${Math.round(1e6 / micros).toLocaleString('en').padStart(12)} op/s`);
}

for (const alg of ['ES256', 'EdDSA'] as const) {
  const { privateJwk, publicJwk } = await generateSigningKey({ alg });
  const trustList: TrustList = {
    federation: 'bench',
    issued: new Date().toISOString(),
    members: new Map([['RS/GOV/CPTV', { id: 'RS/GOV/CPTV', name: 'Bench', country: 'RS', memberClass: 'GOV', agencyType: 'coordinating-body', endpoints: {}, jwks: { keys: [publicJwk] } }]]),
  };
  const token = await issueToken({ privateJwk, issuer: 'RS/GOV/CPTV', subject: 'cw-1', audience: AUDIENCE, purpose: 'assistance', role: 'case-worker' });
  const header = `Bearer ${token}`;
  const uncached = createAuthenticator({ trustList, audience: AUDIENCE, cacheSize: 0 });
  const cached = createAuthenticator({ trustList, audience: AUDIENCE });
  await measure(`${alg} fresh (signature verified)`, () => uncached.authenticate(header), ROUNDS);
  await measure(`${alg} cached (repeated token)`, () => cached.authenticate(header), ROUNDS * 20);
}
