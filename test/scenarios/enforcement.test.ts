/** The guard as a whole: every spec field guarded, no side channel, pseudonyms, and random consents through GraphQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadSpec } from '../../lib/spec/load.ts';
import { buildGatewaySchema } from '../../schema/graphql/gateway-schema.ts';
import type { GatewayOperations } from '../../schema/graphql/operations.ts';
import { specFieldInfo } from '../../schema/graphql/plugins/spec-data.ts';
import { compile, createViewBuilder } from '../../gateway/policy/index.ts';
import { disclosureRecorder } from '../../gateway/audit/disclosure-records.ts';
import { createFieldGuard, ROOT_RULES } from '../../schema/graphql/plugins/field-guard.ts';
import { CONSENT, READ, SUBMIT, consentDoc, referralDoc, startScenario, type Scenario } from './federation.ts';

describe('every field of the GraphQL schema that exposes spec data is guarded', () => {
  const spec = loadSpec();
  const views = createViewBuilder({ policy: compile([], { spec }), members: new Map(), country: 'RS', pseudonymKey: 'k'.repeat(32), consentsFor: async () => [] });
  const guard = createFieldGuard({ views, recorder: disclosureRecorder() });
  const made = new Map<string, unknown>();
  const { schema } = buildGatewaySchema({ spec, operations: {} as GatewayOperations, maxListSize: 10, guardSpecField: (field) => { const g = guard.guardField(field); made.set(field.coordinate, g); return g; } });

  it('wraps each spec-data field; roots have a declared rule, all others serve only from a guarded view', () => {
    const named = (t: any): any => (t.ofType ? named(t.ofType) : t);
    const specTypes = new Set<string>();
    let guarded = 0;
    for (const type of Object.values(schema.getTypeMap()) as any[]) {
      if (type.name.startsWith('__') || typeof type.getFields !== 'function' || typeof type.getInterfaces !== 'function') continue;
      for (const field of Object.values(type.getFields()) as any[]) {
        const info = specFieldInfo(field.extensions);
        if (!info) continue;
        guarded++;
        expect(made.has(info.coordinate), info.coordinate).toBe(true);
        specTypes.add(named(field.type).name);
      }
    }
    expect(guarded).toBeGreaterThan(300);
    // A field that returns a spec-derived object without being a spec-data field would bypass the guard.
    for (const type of Object.values(schema.getTypeMap()) as any[]) {
      if (type.name.startsWith('__') || typeof type.getFields !== 'function' || typeof type.getInterfaces !== 'function') continue;
      for (const field of Object.values(type.getFields()) as any[]) {
        const target = named(field.type);
        if (!specFieldInfo(field.extensions) && typeof target.getFields === 'function' && specTypes.has(target.name) && target.getFields && Object.values(target.getFields()).some((f: any) => specFieldInfo(f.extensions))) {
          throw new Error(`${type.name}.${field.name} returns spec data without a guard`);
        }
      }
    }
    for (const reason of Object.values(ROOT_RULES)) expect(reason.length).toBeGreaterThan(20);
  });

  it('a nested field whose parent did not come from a view serves null (fail closed)', () => {
    const info = { path: { key: 'givenName', prev: undefined } } as any;
    expect((made.get('Person.givenName') as any)('Ana', { givenName: 'Ana' }, {}, info)).toBeNull();
  });
});

let s: Scenario;
let cptv: string;
let shelter: string;
const ids: string[] = [];
const subject = 'rs-cptv-enforce01';
beforeAll(async () => {
  s = await startScenario();
  cptv = await s.token('RS/GOV/CPTV', 'referral');
  shelter = await s.token('RS/NGO/ATINA', 'assistance');
  const other = 'rs-cptv-enforce02';
  await s.must(cptv, CONSENT, { d: consentDoc(other, 'RS/GOV/CPTV', [{ type: 'permit', actors: [{ member: 'RS/NGO/ATINA' }], purposes: ['assistance'], fieldGroups: ['needs', 'health'] }]) });
  const need = (category: string) => ({ id: crypto.randomUUID(), category, origin: 'trafficking-related', beneficiary: 'person', status: 'open' });
  for (const [who, category] of [[subject, 'medical.sti-hiv-testing'], [other, 'medical.sti-hiv-testing'], [subject, 'economic.material-aid']] as const) {
    const doc = referralDoc('RS/GOV/CPTV', 'RS/NGO/ATINA', 'assistance', who, { person: { givenName: 'Hidden' }, needs: [need(category)] });
    await s.must(cptv, SUBMIT, { d: doc });
    ids.push(String(doc.id));
  }
}, 60_000);
afterAll(() => s?.stop());

describe('no side channel', () => {
  it('a filter on a withheld field matches only over released values', async () => {
    const q = `{ referralsReceived(first: 10, filter: { where: [{ pointer: "/sections/needs/category", equals: "medical.sti-hiv-testing" }] }) { edges { node { id } } } }`;
    const seen = (await s.must(shelter, q)).referralsReceived.edges.map((e: any) => e.node.id);
    // Only the referral whose health need she let the shelter see matches; the other is not revealed.
    expect(seen).toEqual([ids[1]]);
    const sender = (await s.must(cptv, q.replace('referralsReceived', 'referralsSent'))).referralsSent.edges.map((e: any) => e.node.id);
    expect(sender.sort()).toEqual([ids[0], ids[1]].sort());
  });

  it('withheld fields are null under aliases and fragments, with paths and reasons but no value', async () => {
    const q = `query($id: ID!) { r: referral(id: $id) { ...F } } fragment F on ReferralRecord { doc: document { sections { person { name: givenName } } } }`;
    const body = await s.graphql(shelter, q, { id: ids[0] });
    expect(body.data.r.doc.sections.person.name).toBeNull();
    // The entry names what would release the field: her consent for this recipient and purpose, over its field group.
    expect(body.extensions.nrx.withheld).toContainEqual({
      path: ['r', 'doc', 'sections', 'person', 'name'],
      reason: 'NO_CONSENT',
      release: { fieldGroups: ['identity'], consentProvision: { type: 'permit', purposes: [expect.any(String)], actors: [{ member: expect.any(String) }], fieldGroups: ['identity'] } },
    });
    expect(JSON.stringify(body)).not.toContain('Hidden');
    expect(JSON.stringify(body)).not.toMatch(/sti-hiv|STI_HIV/);
  });

  it('refuses a filter on a field the spec does not have, without a hint of the data', async () => {
    const body = await s.graphql(shelter, `{ referralsReceived(first: 1, filter: { where: [{ pointer: "/sections/nope", equals: 1 }] }) { edges { node { id } } } }`);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('her identifier is a per-recipient pseudonym', () => {
  it('the recipient sees a pseudonym, the sender the stored reference, and the recipient can address her with it', async () => {
    const seen = (await s.must(shelter, READ, { id: ids[0] })).referral;
    expect(seen.subject).not.toBe(subject);
    expect(seen.document.subject).toBe(seen.subject);
    expect((await s.must(cptv, READ, { id: ids[0] })).referral.subject).toBe(subject);
    const mine = await s.must(shelter, `query($s: String!) { subjectCase(subject: $s) { referralsReceived { id } } }`, { s: seen.subject });
    expect(mine.subjectCase.referralsReceived.map((r: any) => r.id).sort()).toEqual([ids[0], ids[2]].sort());
    const guessed = await s.must(shelter, `query($s: String!) { subjectCase(subject: $s) { referralsReceived { id } } }`, { s: subject });
    expect(guessed.subjectCase.referralsReceived).toEqual([]);
    const filtered = await s.must(shelter, `query($s: String!) { referralsReceived(first: 10, filter: { subject: $s }) { edges { node { id } } } }`, { s: seen.subject });
    expect(filtered.referralsReceived.edges.length).toBe(2);
  });
});

describe('random consents through GraphQL never release a field the engine withholds', () => {
  const groups = ['identity', 'date-of-birth', 'needs', 'health', 'narrative', 'location'];
  it('holds for random permit and deny provisions', async () => {
    const policy = compile((await import('../policy/helpers.ts')).exampleAgreements);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.subarray(groups), fc.subarray(groups), async (permit, deny) => {
        n += 1;
        const who = `rs-cptv-prop${String(n).padStart(5, '0')}`;
        const provisions = [
          ...(permit.length ? [{ type: 'permit', actors: [{ member: 'RS/NGO/ATINA' }], purposes: ['assistance'], fieldGroups: permit }] : []),
          ...(deny.length ? [{ type: 'deny', fieldGroups: deny }] : []),
        ];
        const consent = consentDoc(who, 'RS/GOV/CPTV', provisions.length ? provisions : [{ type: 'deny' }]);
        await s.must(cptv, CONSENT, { d: consent });
        const doc = referralDoc('RS/GOV/CPTV', 'RS/NGO/ATINA', 'assistance', who, { person: { givenName: 'G', familyName: 'F', dateOfBirth: '1990-01-01' }, needs: [{ id: crypto.randomUUID(), category: 'medical.screening', origin: 'trafficking-related', beneficiary: 'person', status: 'open' }] }, { note: 'free text' });
        await s.must(cptv, SUBMIT, { d: doc });
        const got = (await s.must(shelter, `query($id: ID!) { referral(id: $id) { document { note sections { person { givenName familyName dateOfBirth } needs { category } } } } }`, { id: doc.id })).referral.document;
        const d = policy.decide({ recipient: { id: 'RS/NGO/ATINA', country: 'RS', memberClass: 'NGO', agencyType: 'shelter' }, controller: { id: 'RS/GOV/CPTV', country: 'RS', memberClass: 'GOV', agencyType: 'coordinating-body' }, purpose: 'assistance', role: 'case-worker', consents: [consent as any], now: new Date(), crossBorder: false });
        const withheld = (p: string) => d.byPointer.get(p)!.action === 'withhold';
        if (withheld('/note')) expect(got.note).toBeNull();
        if (withheld('/sections/person/givenName')) expect(got.sections?.person?.givenName ?? null).toBeNull();
        if (withheld('/sections/person/dateOfBirth')) expect(got.sections?.person?.dateOfBirth ?? null).toBeNull();
        if (withheld('/sections/needs/*/category')) expect(got.sections?.needs ?? null).toBeNull();
      }),
      { numRuns: 25 },
    );
  }, 60_000);
});
