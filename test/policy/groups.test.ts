import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../lib/spec/load.ts';
import { createAjv, compileKind } from '../../lib/spec/ajv.ts';
import { checkAgreements, fieldModel, loadFieldGroups, mayBePseudonym, pseudonymFor } from '../../gateway/policy/index.ts';
import { exampleAgreements } from './helpers.ts';

const spec = loadSpec();
const model = fieldModel(spec);

describe('field groups', () => {
  it('defines exactly the codes of the field-group codelist', () => {
    const codes = spec.codelists.get('field-group')!.codes.map((c) => c.code).sort();
    expect(Object.keys(loadFieldGroups().groups).sort()).toEqual(codes);
  });

  it('puts every leaf field of a referral in at least one group or in the envelope', () => {
    const orphans = model.fields.filter((f) => f.info.leaf && f.groups.size === 0 && !f.envelope).map((f) => f.pointer);
    expect(orphans).toEqual([]);
    expect(model.fields.length).toBeGreaterThan(400);
  });

  it('gives every group at least one field', () => {
    for (const code of model.groupCodes) expect(model.fields.some((f) => f.groups.has(code)), code).toBe(true);
  });

  it('names only pointers that exist in a referral', () => {
    const file = loadFieldGroups();
    const pointers = [...file.envelope.pointers, ...Object.values(file.groups).flatMap((g) => [...(g.pointers ?? []), ...(g.generalised ?? [])])];
    for (const p of pointers) expect(model.byPointer.has(p), p).toBe(true);
  });

  it('keeps the envelope free of anything about her beyond the pseudonym', () => {
    for (const f of model.fields.filter((f) => f.envelope)) expect(f.tiers, f.pointer).toEqual(['operational']);
  });
});

describe('example agreements', () => {
  const validate = compileKind(createAjv(spec), spec, 'data-sharing-agreement');

  it('are valid data-sharing agreements', () => {
    expect(exampleAgreements.length).toBeGreaterThanOrEqual(6);
    for (const a of exampleAgreements) expect(validate(a), `${a.id}: ${JSON.stringify(validate.errors)}`).toBe(true);
  });

  it('pass the policy check', () => {
    expect(checkAgreements(exampleAgreements, spec)).toEqual([]);
  });

  it('the check finds statistics on special categories, identity across a border without consent, unknown names and contradictions', () => {
    const bad = {
      kind: 'data-sharing-agreement' as const, specVersion: '1.0.0', id: 'bad-one', version: '1.0.0', title: 'Bad',
      parties: [{ country: 'RS' }], validPeriod: { start: '2025-01-01' },
      clauses: [
        { id: '1', purpose: 'statistics', to: [{ memberClass: 'EDU' }], fieldGroups: ['health', 'needs'] },
        { id: '2', purpose: 'return-reintegration', to: [{ country: 'MD' }], fieldGroups: ['identity'], crossBorder: true, requiresConsent: false, legalBasis: 'legal-obligation' },
        { id: '3', purpose: 'assistance', to: [{ agencyType: 'shelter' }], fieldGroups: ['hobbies'], paths: ['/sections/person/shoeSize'] },
        { id: '4', purpose: 'assistance', to: [{ country: 'RS', agencyType: 'shelter' }], fieldGroups: ['needs'], transforms: [{ fieldGroups: ['needs'], use: ['presence-only'] }] },
        { id: '5', purpose: 'return-reintegration', to: [{ member: 'MD/GOV/CNPTV' }], fieldGroups: ['needs'], crossBorder: false },
      ],
    };
    const codes = checkAgreements([bad as any], spec).map((f) => `${f.code}:${f.clause}`).sort();
    expect(codes).toEqual(expect.arrayContaining([
      'STATISTICS_SPECIAL_CATEGORY:1', 'CROSS_BORDER_IDENTITY_WITHOUT_CONSENT:2', 'UNKNOWN_GROUP:3', 'UNKNOWN_PATH:3', 'CONTRADICTION:3', 'CONTRADICTION:2',
    ]));
  });
});

describe('pseudonymFor', () => {
  const key = 'a-controller-secret-of-32-bytes!';
  const subjectRef = new RegExp((spec.byId.get('https://nrx.exchange/spec/v1/common.schema.json')!.json as any).$defs.subjectRef.pattern);

  it('is stable per recipient, different across recipients and valid as a subject reference', () => {
    const a = pseudonymFor('rs-cptv-7f3k2m9q', 'RS/NGO/ATINA', key);
    expect(pseudonymFor('rs-cptv-7f3k2m9q', 'RS/NGO/ATINA', key)).toBe(a);
    expect(pseudonymFor('rs-cptv-7f3k2m9q', 'RS/GOV/CSR-BG', key)).not.toBe(a);
    expect(pseudonymFor('rs-cptv-7f3k2m9q', 'RS/NGO/ATINA', `${key}x`)).not.toBe(a);
    for (let i = 0; i < 200; i++) expect(pseudonymFor(`subject-${i}`, 'RS/NGO/ATINA', key)).toMatch(subjectRef);
  });

  it('tells a reference that cannot be a pseudonym from one that may be', () => {
    for (let i = 0; i < 200; i++) expect(mayBePseudonym(pseudonymFor(`subject-${i}`, `RS/NGO/M${i}`, key))).toBe(true);
    for (const reference of ['rs-cptv-7f3k2m9q', 'at-lefoe-benchcase1', `q${'a'.repeat(43)}`, `p${'a'.repeat(42)}`, `p${'a'.repeat(44)}`]) expect(mayBePseudonym(reference)).toBe(false);
  });

  it('refuses a short key', () => {
    expect(() => pseudonymFor('rs-cptv-7f3k2m9q', 'RS/NGO/ATINA', 'short')).toThrow(/16 bytes/);
  });
});
