/**
 * Fictional referrals for the demo. Referral examples of the spec (spec/examples) whose sender and
 * recipient are demo members are used as they are; a small built-in set always goes in as well.
 * Everything passes through the gateway's own operations, so it is validated like any submission.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrustList } from '../auth/types.ts';
import { requestFor, type AuthenticatedRequest } from '../request/context.ts';
import type { GatewayOperations } from '../../schema/graphql/operations.ts';
import { repoRoot } from '../../lib/spec/paths.ts';

export const DEMO_SUBJECTS = ['demo-subject-0001', 'demo-subject-0002', 'demo-subject-0003'] as const;

/** Fixed ids keep seeding idempotent: a second run finds them and adds nothing. */
export function builtInReferrals(specVersion: string): Array<Record<string, unknown>> {
  const base = { kind: 'referral', specVersion, created: '2025-03-04T09:30:00Z' };
  return [
    {
      ...base,
      id: '0b5e7c1e-6f0a-4c1e-9a51-1d2f0c3a0001',
      sender: 'RS/GOV/POLICE',
      senderUser: 'officer-17',
      recipient: 'RS/GOV/CPTV',
      purpose: 'identification',
      urgency: 'within-24-hours',
      subject: DEMO_SUBJECTS[0],
      requestedServices: ['accommodation.secured', 'medical.screening'],
      note: 'Presumed victim met during a police operation; she asked for an interpreter.',
      sections: { person: { subject: DEMO_SUBJECTS[0], sex: 'female', minor: false, citizenships: ['MD'], languages: ['ro'], interpreterNeeded: true } },
    },
    {
      ...base,
      id: '0b5e7c1e-6f0a-4c1e-9a51-1d2f0c3a0002',
      created: '2025-03-05T11:00:00Z',
      sender: 'RS/GOV/CPTV',
      senderUser: 'case-worker-3',
      recipient: 'RS/NGO/ATINA',
      purpose: 'assistance',
      urgency: 'immediate',
      subject: DEMO_SUBJECTS[0],
      requestedServices: ['accommodation.secret-location', 'psychological.counselling'],
      sections: { person: { subject: DEMO_SUBJECTS[0], sex: 'female', ageBand: '25-29', languages: ['ro'], interpreterNeeded: true } },
    },
    {
      ...base,
      id: '0b5e7c1e-6f0a-4c1e-9a51-1d2f0c3a0003',
      created: '2025-03-06T15:45:00Z',
      sender: 'RS/NGO/ASTRA',
      senderUser: 'sos-operator-2',
      recipient: 'RS/GOV/CPTV',
      purpose: 'identification',
      urgency: 'within-a-week',
      subject: DEMO_SUBJECTS[1],
      note: 'A mother called the SOS line: her daughter took a job abroad and stopped calling.',
      sections: { person: { subject: DEMO_SUBJECTS[1], sex: 'female', citizenships: ['RS'] } },
    },
    {
      ...base,
      id: '0b5e7c1e-6f0a-4c1e-9a51-1d2f0c3a0004',
      created: '2025-03-07T08:15:00Z',
      sender: 'RS/GOV/POLICE',
      senderUser: 'officer-17',
      recipient: 'RS/GOV/CSR-BG',
      purpose: 'child-protection',
      urgency: 'immediate',
      subject: DEMO_SUBJECTS[2],
      requestedServices: ['accommodation.secured', 'legal-administrative.custody'],
      sections: { person: { subject: DEMO_SUBJECTS[2], sex: 'male', minor: true, ageBand: '15-17', citizenships: ['RS'] } },
    },
  ];
}

/** Her consents to the demo exchanges, recorded by the member that took each; fixed ids keep seeding idempotent. */
export function builtInConsents(specVersion: string): Array<Record<string, unknown>> {
  const consent = (id: string, subject: string, recorder: string, provisions: unknown[]) => ({
    kind: 'consent-record', specVersion, id, subject, decision: 'deny', state: 'active', grantor: { type: 'self' },
    given: '2025-03-04T09:00:00Z', method: 'written', recordedBy: { member: recorder, user: 'demo-case-worker' }, provisions,
  });
  return [
    consent('0b5e7c1e-6f0a-4c1e-9a51-1d2f0c3ac001', DEMO_SUBJECTS[0], 'RS/GOV/POLICE', [
      { type: 'permit', actors: [{ member: 'RS/GOV/CPTV' }], purposes: ['identification'], fieldGroups: ['identity', 'date-of-birth', 'needs', 'trafficking-status', 'identification', 'location', 'narrative'] },
    ]),
    consent('0b5e7c1e-6f0a-4c1e-9a51-1d2f0c3ac002', DEMO_SUBJECTS[0], 'RS/GOV/CPTV', [
      { type: 'permit', actors: [{ member: 'RS/NGO/ATINA' }], purposes: ['assistance'], fieldGroups: ['identity', 'date-of-birth', 'needs', 'assistance', 'health', 'trafficking-status'] },
    ]),
    consent('0b5e7c1e-6f0a-4c1e-9a51-1d2f0c3ac003', DEMO_SUBJECTS[1], 'RS/NGO/ASTRA', [
      { type: 'permit', actors: [{ member: 'RS/GOV/CPTV' }], purposes: ['identification'], fieldGroups: ['identity', 'contact', 'needs', 'trafficking-status', 'narrative'] },
    ]),
  ];
}

function exampleConsents(): Array<Record<string, unknown>> {
  const dir = join(repoRoot, 'spec', 'examples');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .flatMap((name) => {
      try {
        const json = JSON.parse(readFileSync(join(dir, name), 'utf8'));
        return json && json.kind === 'consent-record' ? [json] : [];
      } catch {
        return [];
      }
    });
}

function exampleDocuments(): Array<Record<string, unknown>> {
  const dir = join(repoRoot, 'spec', 'examples');
  if (!existsSync(dir)) return [];
  const found: Array<Record<string, unknown>> = [];
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json')) {
        try {
          const json = JSON.parse(readFileSync(full, 'utf8'));
          if (json && json.kind === 'referral') found.push(json);
        } catch {
          // Not every example is a valid document (some show errors on purpose).
        }
      }
    }
  };
  walk(dir);
  return found;
}

export interface SeedResult {
  added: number;
  skipped: number;
}

/**
 * Submits the demo referrals and consents (existing ones are left alone) and accepts one referral.
 * Only documents between members this gateway hosts go in (`hosts`; default every member): a
 * referral to another country's gateway is for the demo's user to send.
 */
export async function seedDemo(ops: GatewayOperations, trustList: TrustList, specVersion: string, hosts: (memberId: string) => boolean = () => true): Promise<SeedResult> {
  /** A request the seed makes as one of the members: its writes are audited as that member's. */
  const principalFor = (memberId: string): AuthenticatedRequest | undefined => {
    const member = hosts(memberId) ? trustList.members.get(memberId) : undefined;
    return member && requestFor({ member, user: 'demo-seed', purpose: 'referral', role: 'case-worker', expiresAt: new Date(Date.now() + 60_000) });
  };
  let added = 0;
  let skipped = 0;
  const documents = [...exampleDocuments(), ...builtInReferrals(specVersion)];
  for (const document of documents) {
    const sender = principalFor(String(document.sender));
    if (!sender || !trustList.members.has(String(document.recipient)) || !hosts(String(document.recipient))) {
      skipped++;
      continue;
    }
    if (await ops.referral(sender, String(document.id))) continue;
    try {
      await ops.submitReferral(sender, document);
      added++;
    } catch {
      skipped++;
    }
  }
  // Her consents go in with the referrals: without them a recipient would read nothing of her case.
  for (const document of [...exampleConsents(), ...builtInConsents(specVersion)]) {
    const recorder = principalFor(String((document.recordedBy as { member?: unknown } | undefined)?.member));
    if (!recorder) continue;
    try {
      await ops.recordConsent(recorder, document);
    } catch {
      // Already recorded by an earlier start, or not valid for this spec version: left out.
    }
  }
  // The shelter has accepted the coordinating body's referral, so the sender sees feedback at once.
  const shelter = principalFor('RS/NGO/ATINA');
  const accepted = shelter && (await ops.referral(shelter, '0b5e7c1e-6f0a-4c1e-9a51-1d2f0c3a0002'));
  if (shelter && accepted && accepted.status === 'sent') {
    await ops.respondToReferral(shelter, { id: accepted.id, decision: 'accept', reasons: [], note: 'A place is free from today.' }).catch(() => undefined);
  }
  return { added, skipped };
}
