/**
 * Policy engine cost: a cold compile of one request shape, the amortised cost of a cached
 * decision per field, and applyDecisions on the full example referral.
 * Run: node bench/policy/run.ts
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../lib/spec/paths.ts';
import { applyDecisions, compile, type ConsentRecord, type DataSharingAgreement, type PolicyActor } from '../../gateway/policy/index.ts';

const dir = join(repoRoot, 'spec', 'examples', 'agreements');
const agreements = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as DataSharingAgreement);
const referral = JSON.parse(readFileSync(join(repoRoot, 'spec', 'examples', 'full-referral.json'), 'utf8'));
const shelter: PolicyActor = { id: 'RS/NGO/ATINA', country: 'RS', memberClass: 'NGO', agencyType: 'shelter' };
const cptv: PolicyActor = { id: 'RS/GOV/CPTV', country: 'RS', memberClass: 'GOV', agencyType: 'coordinating-body' };
const consents: ConsentRecord[] = [{
  id: '11111111-1111-4111-8111-111111111111', decision: 'deny', state: 'active', given: '2026-01-01T00:00:00Z',
  provisions: [
    { type: 'permit', actors: [{ member: shelter.id }], purposes: ['assistance'], fieldGroups: ['identity', 'date-of-birth', 'needs', 'assistance', 'health', 'plan', 'risk', 'narrative'],
      provisions: [{ type: 'deny', fieldGroups: ['narrative'], paths: ['/sections/needs/detail'] }] },
    { type: 'deny', actors: [{ agencyType: 'police' }] },
  ],
}];
const now = new Date('2026-05-01T12:00:00Z');
const request = { recipient: shelter, controller: cptv, purpose: 'assistance', role: 'case-worker', consents, now, crossBorder: false };

const policy = compile(agreements);
const fields = policy.model.fields.length;

function time(label: string, runs: number, fn: (i: number) => unknown): number {
  for (let i = 0; i < Math.min(runs, 200); i++) fn(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) fn(i);
  const ns = Number(process.hrtime.bigint() - start) / runs;
  console.log(`${label.padEnd(48)} ${(ns / 1000).toFixed(2).padStart(10)} µs/op`);
  return ns;
}

console.log(`referral catalogue: ${fields} fields`);
const cold = time('decide, cold (new consent set each time)', 300, (i) => policy.decide({ ...request, consentSetVersion: `v${i}-${Math.random()}` }));
const warm = time('decide, cached (same request shape)', 200_000, () => policy.decide(request));
const decisions = policy.decide(request);
const apply = time('applyDecisions on full-referral.json', 5_000, () => applyDecisions(referral, decisions));
console.log(`per field: cold ${(cold / fields).toFixed(0)} ns, cached ${(warm / fields).toFixed(2)} ns`);
console.log(`applyDecisions: ${(apply / 1000).toFixed(1)} µs per referral`);
