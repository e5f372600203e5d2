import { describe, expect, it } from 'vitest';
import { compile } from '../../gateway/policy/index.ts';
import { releaseText } from '../../gateway/policy/release.ts';
import { REASONS } from '../../gateway/policy/types.ts';
import { consent, exampleAgreements, M, NOW } from './helpers.ts';

const policy = compile(exampleAgreements);
const shelterConsent = consent([{ type: 'permit', actors: [{ member: 'RS/NGO/ATINA' }], purposes: ['assistance'], fieldGroups: ['identity', 'needs'] }]);

describe('every withheld field names what would release it', () => {
  it('AGREEMENT_EXCLUDES names the field group a clause must add, and the clause that applies today', () => {
    const d = policy.decide({ recipient: M.shelter, controller: M.cptv, purpose: 'assistance', role: 'case-worker', consents: [shelterConsent], now: NOW, crossBorder: false });
    const number = d.byPointer.get('/sections/person/documents/*/number')!;
    expect(number.reason).toBe('AGREEMENT_EXCLUDES');
    expect(number.release!.fieldGroups!.length).toBeGreaterThan(0);
    expect(number.release!.agreementClause).toMatchObject({ purpose: 'assistance', to: [{ member: 'RS/NGO/ATINA' }], clauses: ['rs-coordinating-body-shelter#1'], fieldGroups: number.release!.fieldGroups });
    expect(releaseText(number.release!)).toMatch(/^Released by an agreement whose clause rs-coordinating-body-shelter#1 names the field groups? /);
  });

  it('NO_CONSENT names the consent provision she would have to give: purpose, recipient and field groups', () => {
    const d = policy.decide({ recipient: M.mdBody, controller: M.cptv, purpose: 'return-reintegration', role: 'case-worker', consents: [], now: NOW, crossBorder: true });
    const category = d.byPointer.get('/sections/needs/*/category')!;
    expect(category.reason).toBe('NO_CONSENT');
    expect(category.release!.consentProvision).toEqual({ type: 'permit', purposes: ['return-reintegration'], actors: [{ member: 'MD/GOV/CNPTV' }], fieldGroups: expect.arrayContaining(['needs']) });
  });

  it('a container withheld carries its reason and its release condition too', () => {
    const d = policy.decide({ recipient: M.school, controller: M.cptv, purpose: 'assistance', role: 'case-worker', consents: [], now: NOW, crossBorder: false });
    for (const f of d.fields.filter((f) => f.action === 'withhold')) {
      expect(f.release, f.pointer).toBeDefined();
    }
  });

  it('statistics say that nothing releases an individual field', () => {
    const d = policy.decide({ recipient: M.researcher, controller: M.cptv, purpose: 'statistics', role: 'case-worker', consents: [], now: NOW, crossBorder: false });
    expect(d.byPointer.get('/sections/needs/*/category')!.release).toEqual({ never: true });
  });

  it('each reason code has a release condition that can be put in words', async () => {
    const { releaseFor } = await import('../../gateway/policy/release.ts');
    for (const reason of REASONS) {
      const r = releaseFor(reason, { purpose: 'assistance', recipient: M.shelter, role: 'case-worker', groups: ['identity'], clauses: [], generalisedIn: ['location'], caseRoles: ['case-worker'], legalBasis: 'vital-interest' });
      expect(releaseText(r), reason).toMatch(/^(Released by .+\.|Nothing releases it\.)$/);
    }
  });
});
