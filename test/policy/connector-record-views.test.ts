/**
 * A connector (or a peer gateway) answers with new objects on every request. Records with the same
 * content share their views, so the filtering is done once; a record whose content differs, or her
 * consents changing, gets a view of its own.
 */
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../lib/spec/load.ts';
import { compile, createViewBuilder } from '../../gateway/policy/index.ts';
import type { HeldConsent } from '../../gateway/policy/views.ts';
import type { Principal } from '../../gateway/auth/types.ts';
import type { DataSharingAgreement } from '../../schema/generated/nrx.d.ts';

const SUBJECT = 'rs-atina-shared01';
const cptv = { id: 'RS/GOV/CPTV', country: 'RS', memberClass: 'GOV', agencyType: 'coordination' };
const principal = { member: cptv, user: 'u', purpose: 'identification', role: 'case-worker', expiresAt: new Date(Date.now() + 60_000) } as unknown as Principal;

const record = (category: string) => ({
  connector: 'atina-cases', member: 'RS/NGO/ATINA', subject: SUBJECT, localCaseNumber: 'ATINA-1',
  sections: { person: { subject: SUBJECT, givenName: 'Jelena' }, needs: [{ id: '6b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d', category, origin: 'trafficking-related', beneficiary: 'person', status: 'open' }] },
});

const permit = (fieldGroups: string[]): HeldConsent => ({
  withdrawnAt: null,
  document: {
    kind: 'consent-record', specVersion: '1.0.0', id: crypto.randomUUID(), subject: SUBJECT, decision: 'deny', state: 'active', grantor: { type: 'self' },
    given: '2026-01-10T10:00:00Z', method: 'written', recordedBy: { member: 'RS/NGO/ATINA', user: 'u' },
    provisions: [{ type: 'permit', actors: [{ member: 'RS/GOV/CPTV' }], purposes: ['identification'], fieldGroups }],
  },
});

describe('views of connector records', () => {
  let consents: HeldConsent[] = [permit(['identity'])];
  const agreement: DataSharingAgreement = {
    kind: 'data-sharing-agreement', specVersion: '1.0.0', id: 'atina-cptv', version: '1.0.0', title: 'ATINA to CPTV', parties: [{ country: 'RS' }], validPeriod: { start: '2025-01-01' },
    clauses: [{ id: '1', purpose: 'identification', to: [{ member: 'RS/GOV/CPTV' }], fieldGroups: ['identity', 'needs'] }],
  };
  const views = createViewBuilder({ policy: compile([agreement], { spec: loadSpec() }), members: new Map(), country: 'RS', pseudonymKey: 'k'.repeat(32), consentsFor: async () => consents });
  const seen = async (r: ReturnType<typeof record>) => views.view(principal, views.connectorRecord(r));
  const needs = (view: Awaited<ReturnType<typeof seen>>) => (view.document.sections as { needs?: Array<{ category?: string }> }).needs?.map((n) => n.category);

  it('shares one view between records of the same content, read as new objects', async () => {
    const first = await seen(record('medical.screening'));
    const again = await seen(record('medical.screening'));
    expect(again).toBe(first);
    expect((first.document.sections as { person: { givenName?: string } }).person.givenName).toBe('Jelena');
    expect(needs(first)).toBeUndefined();
    expect(first.withheld.some((w) => w.pointer.startsWith('/sections/needs'))).toBe(true);
  });

  it('gives a record whose content differs a view of its own', async () => {
    consents = [permit(['identity', 'needs'])];
    const screening = await seen(record('medical.screening'));
    const housing = await seen(record('housing.shelter'));
    expect(housing).not.toBe(screening);
    expect(needs(screening)).toEqual(['medical.screening']);
    expect(needs(housing)).toEqual(['housing.shelter']);
  });

  it('decides afresh when her consents change', async () => {
    consents = [permit(['identity', 'needs'])];
    const released = await seen(record('medical.screening'));
    expect(needs(released)).toEqual(['medical.screening']);
    consents = [permit(['identity'])];
    const narrowed = await seen(record('medical.screening'));
    expect(narrowed).not.toBe(released);
    expect(needs(narrowed)).toBeUndefined();
  });
});
