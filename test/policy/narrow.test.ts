/**
 * A held copy filtered again after a consent it rested on was withdrawn (gateway/policy/narrow.ts):
 * it loses what rested on the consent, names where (never the values), keeps the rest as it was,
 * and never gains a field, not even a generalised form the agreements would release.
 */
import { describe, expect, it } from 'vitest';
import { applyDecisions } from '../../gateway/policy/apply.ts';
import { compile } from '../../gateway/policy/index.ts';
import { narrowHeld } from '../../gateway/policy/narrow.ts';
import { consent, exampleAgreements, fullReferral, M, NOW } from './helpers.ts';

const policy = compile(exampleAgreements);
const shelterConsent = consent([{ type: 'permit', actors: [{ member: 'RS/NGO/ATINA' }], purposes: ['assistance'], fieldGroups: ['identity', 'needs'] }]);
const forShelter = (consents: ReturnType<typeof consent>[]) =>
  policy.decide({ recipient: M.shelter, controller: M.cptv, purpose: 'assistance', role: 'case-worker', consents, now: NOW, crossBorder: false });

/** Every leaf's pointer, list indices as `*`. */
function leaves(value: unknown, at = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => leaves(item, `${at}/*`));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([name, item]) => leaves(item, `${at}/${name}`));
  return [at];
}

describe('a held copy narrowed', () => {
  const held = applyDecisions(fullReferral, forShelter([shelterConsent])).document as Record<string, any>;

  it('loses what rested on the withdrawn consent and names where, never the values', () => {
    expect(held.sections.person.givenName).toBe('Olena');
    const narrowed = narrowHeld(held, forShelter([]));
    expect(narrowed.document.sections).toBeDefined();
    expect((narrowed.document.sections as any).person?.givenName).toBeUndefined();
    expect(narrowed.removed).toEqual(expect.arrayContaining(['/sections/person/givenName', '/sections/person/familyName']));
    expect(narrowed.removed.every((pointer) => pointer.startsWith('/sections/'))).toBe(true);
    expect(JSON.stringify(narrowed.removed)).not.toContain('Olena');
    const before = new Set(leaves(held));
    expect(leaves(narrowed.document).filter((pointer) => !before.has(pointer))).toEqual([]);
  });

  it('changes nothing when the consents that remain still release all of it', () => {
    const narrowed = narrowHeld(held, forShelter([shelterConsent]));
    expect(narrowed.removed).toEqual([]);
    expect(narrowed.document).toEqual(held);
  });

  it('never adds the generalised form of a field it removes', () => {
    const copy = { ...fullReferral, sections: { person: { subject: 'rs-cptv-full-0001', givenName: 'Olena', dateOfBirth: '1996-08-19' } } };
    const csrConsent = consent([{ type: 'permit', actors: [{ member: 'RS/GOV/CSR-BG' }], purposes: ['assistance'], fieldGroups: ['identity', 'date-of-birth'] }]);
    const decisions = policy.decide({ recipient: M.csr, controller: M.cptv, purpose: 'assistance', role: 'case-worker', consents: [csrConsent], now: NOW, crossBorder: false });
    // The agreement releases an age band instead of the date of birth: the copy loses the date and gains nothing.
    expect((applyDecisions(copy, decisions).document as any).sections?.person?.ageBand).toBeDefined();
    const narrowed = narrowHeld(copy, decisions);
    expect((narrowed.document as any).sections.person.ageBand).toBeUndefined();
    expect((narrowed.document as any).sections.person.dateOfBirth).toBeUndefined();
    expect(narrowed.removed).toContain('/sections/person/dateOfBirth');
  });
});
