/**
 * A request's field decisions become its audit entries the same way whether the policy layer hands
 * over records it reuses (a field served from a cached view) or records made anew for a document
 * read again (as on a PostgreSQL server), on first, second and later sightings.
 */
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../gateway/auth/types.ts';
import { canonicalJson } from '../../../gateway/audit/canonical.ts';
import { disclosureEntries } from '../../../gateway/audit/disclosures.ts';
import type { DisclosureRecord } from '../../../gateway/audit/disclosure-records.ts';

const principal = { member: { id: 'RS/NGO/ATINA' }, user: 'cw-7', purpose: 'assistance', role: 'case-worker' } as unknown as Principal;
const document = { kind: 'referral', id: '7a3c0e1b-4d5f-4a6b-8c9d-0e1f2a3b4c5d' };
// The field group is decided in policy and carried on each record.
const groups: Record<string, string> = { '/sections/person/sex': 'identity', '/sections/health/conditions': 'health' };
const grouped = (r: DisclosureRecord): DisclosureRecord => (groups[r.path] ? { ...r, group: groups[r.path]! } : r);
const records = (): DisclosureRecord[] => ([
  { document, subject: 'subj-disc-01', recipient: 'RS/NGO/ATINA', purpose: 'assistance', path: '/sections/person/sex', action: 'release', bases: ['consent:c-1#/provisions/0'] },
  { document, subject: 'subj-disc-01', recipient: 'RS/NGO/ATINA', purpose: 'assistance', path: '/sections/health/conditions', action: 'withhold', reason: 'CONSENT_DENIES' },
  // The same field served twice (an alias): one decision.
  { document, subject: 'subj-disc-01', recipient: 'RS/NGO/ATINA', purpose: 'assistance', path: '/sections/person/sex', action: 'release', bases: ['consent:c-1#/provisions/0'] },
  { document, subject: 'subj-disc-02', recipient: 'RS/NGO/ATINA', purpose: 'assistance', path: '/sections/person/sex', action: 'transform', bases: ['agreement:dsa-rs@1.0#c2'], transform: 'age-band' },
] satisfies DisclosureRecord[]).map(grouped);
const request = { principal, payloadHash: 'd'.repeat(64) };

describe('disclosure entries', () => {
  it('are the same for reused records on every sighting and for records made anew', () => {
    const reused = records();
    const sightings = [1, 2, 3].map(() => disclosureEntries(reused, request));
    const anew = [1, 2].map(() => disclosureEntries(records(), request));
    const expected = canonicalJson(sightings[0]);
    for (const entries of [...sightings, ...anew]) expect(canonicalJson(entries)).toBe(expected);
    expect(sightings[0]).toMatchObject([
      { subject: 'subj-disc-01', fields: [{ path: 'referral.sections.person.sex', decision: 'released', group: 'identity' }, { path: 'referral.sections.health.conditions', decision: 'withheld', reason: 'CONSENT_DENIES' }] },
      { subject: 'subj-disc-02', fields: [{ path: 'referral.sections.person.sex', decision: 'transformed', transform: 'age-band' }] },
    ]);
    expect(sightings[0]![0]!.fields).toHaveLength(2);
    // Records made anew still share the sealed decisions (and so their checked, serialised form).
    expect(anew[0]![0]!.fields![0]).toBe(sightings[0]![0]!.fields![0]);
    expect(anew[1]![0]!.fields).toBe(anew[0]![0]!.fields);
  });
});
