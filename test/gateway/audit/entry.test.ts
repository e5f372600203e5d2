import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sealCanonical, sealList } from '../../../gateway/audit/canonical.ts';
import { AuditGuardError, assertAuditEntry, assertAuditInput } from '../../../gateway/audit/entry.ts';
import { operationHash } from '../../../gateway/audit/hash.ts';
import { sampleEntry } from './support.ts';

const valid = { ...sampleEntry(1), id: 1, at: '2025-03-01T10:00:00.000Z' };

function refusal(entry: unknown): AuditGuardError {
  try {
    assertAuditEntry(entry);
  } catch (error) {
    expect(error).toBeInstanceOf(AuditGuardError);
    return error as AuditGuardError;
  }
  throw new Error('entry was accepted');
}

describe('canonical JSON (RFC 8785 style)', () => {
  it('sorts keys at every depth and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: [{ z: true, y: null }], c: 'x' })).toBe('{"a":[{"y":null,"z":true}],"b":1,"c":"x"}');
  });
  it('orders keys by UTF-16 code units and serialises numbers as ECMAScript does', () => {
    expect(canonicalJson({ '\u20ac': 1, '\r': 2, '1': 3, a: 1e21, b: 0.000001, c: -0 })).toBe('{"\\r":2,"1":3,"a":1e+21,"b":0.000001,"c":0,"€":1}');
  });
  it('agrees with a plain reading of RFC 8785 on any JSON value, and reads back to it', () => {
    // Sorted keys, JSON.stringify for every scalar: the definition, written as simply as possible.
    const reference = (value: unknown): string =>
      Array.isArray(value) ? `[${value.map(reference).join(',')}]`
      : value !== null && typeof value === 'object' ? `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${reference((value as Record<string, unknown>)[k])}`).join(',')}}`
      : JSON.stringify(value);
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const canonical = canonicalJson(value);
        expect(canonical).toBe(reference(value));
        expect(JSON.parse(canonical)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 500 },
    );
  });
  it('serialises a sealed object as it was when sealed, and refuses to seal a nested one', () => {
    const field = sealCanonical({ path: 'referral.note', decision: 'withheld', reason: 'NO_CONSENT' });
    expect(Object.isFrozen(field)).toBe(true);
    expect(canonicalJson({ fields: [field] })).toBe('{"fields":[{"decision":"withheld","path":"referral.note","reason":"NO_CONSENT"}]}');
    expect(() => sealCanonical({ a: { b: 1 } })).toThrow(/only an object of scalars/);
  });
  it('serialises a sealed list of sealed objects as the plain list, and refuses a list with an unsealed one', () => {
    const a = sealCanonical({ path: 'referral.note', decision: 'withheld', reason: 'NO_CONSENT' });
    const b = sealCanonical({ path: 'referral.purpose', decision: 'released', basis: 'agreement:a@1#1' });
    const list = sealList([a, b]);
    expect(Object.isFrozen(list)).toBe(true);
    expect(canonicalJson({ fields: list })).toBe(canonicalJson({ fields: [{ ...a }, { ...b }] }));
    expect(() => sealList([a, { path: 'referral.id', decision: 'released' }])).toThrow(/only a list of sealed objects/);
  });
  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/NaN/);
  });
});

describe('the audit entry guard', () => {
  it('accepts paths, codes, ids and hashes', () => {
    expect(() => assertAuditEntry(valid)).not.toThrow();
  });

  it.each([
    ['a name under a personal-data key', { details: { name: 'Ana' } }, /key 'name'/],
    ['a full name with a space', { details: { referral: 'Ana Petrovic' } }, /\/details\/referral/],
    ['a date of birth', { details: { ref: '1999-04-12' } }, /\/details\/ref/],
    ['a phone number', { details: { ref: '+381 64 123 4567' } }, /\/details\/ref/],
    ['a digit run that could be a document number', { details: { ref: '0641234567' } }, /\/details\/ref/],
    ['an e-mail address as subject', { subject: 'ana.petrovic@example.org' }, /\/subject/],
    ['a name as the user pseudonym', { user: 'Marija Jovanović' }, /\/user/],
    ['a value in place of a field path', { fields: [{ path: 'person.name=Ana', decision: 'released' }] }, /\/fields\/0\/path/],
    ['a field value next to its path', { fields: [{ path: 'person.name', decision: 'released', value: 'Ana' }] }, /'value' is not an audit field/],
    ['an unknown decision', { fields: [{ path: 'person.name', decision: 'leaked' }] }, /\/fields\/0\/decision/],
    ['a whole document', { document: { person: { name: 'Ana' } } }, /'document' is not an audit field/],
    ['nested objects in details', { details: { person: { name: 'Ana' } } }, /\/details\/person/],
    ['a payload hash that is not a hash', { payloadHash: 'Ana' }, /\/payloadHash/],
    ['an unknown event type', { type: 'gossip' }, /\/type/],
  ])('refuses %s', (_label, change, expected) => {
    const error = refusal({ ...valid, ...change });
    expect(error.message).toMatch(expected);
  });

  it('checks a shared (sealed) field decision once, and refuses a bad one every time', () => {
    const good = sealCanonical({ path: 'referral.purpose', decision: 'released', basis: 'agreement:a@1#1' });
    const bad = sealCanonical({ path: 'person.name=Ana', decision: 'released' });
    for (let i = 0; i < 3; i++) {
      expect(() => assertAuditEntry({ ...valid, fields: [good] })).not.toThrow();
      expect(refusal({ ...valid, fields: [good, bad] }).message).toMatch(/\/fields\/1\/path/);
    }
  });

  it('checks a sealed list of field decisions once, and refuses a list holding a bad one every time', () => {
    const good = sealCanonical({ path: 'referral.purpose', decision: 'released', basis: 'agreement:a@1#1' });
    const bad = sealCanonical({ path: 'person.name=Ana', decision: 'released' });
    const fine = sealList([good]);
    const broken = sealList([good, bad]);
    for (let i = 0; i < 3; i++) {
      expect(() => assertAuditEntry({ ...valid, fields: fine })).not.toThrow();
      expect(refusal({ ...valid, fields: broken }).message).toMatch(/\/fields\/1\/path/);
    }
  });

  it('checks sealed details once, and refuses bad ones every time', () => {
    const good = sealCanonical({ recipient: 'RS/NGO/ATINA', documents: ['referral:r-1', 'referral:r-2'] });
    const bad = sealCanonical({ recipient: 'RS/NGO/ATINA', documents: ['Ana Petrovic'] });
    expect(Object.isFrozen(good.documents)).toBe(true);
    expect(() => (good.documents as string[]).push('referral:r-3')).toThrow(TypeError);
    for (let i = 0; i < 3; i++) {
      expect(() => assertAuditEntry({ ...valid, details: good })).not.toThrow();
      expect(refusal({ ...valid, details: bad }).message).toMatch(/\/details\/documents\/0/);
    }
    expect(() => sealCanonical({ nested: { person: 'Ana' } })).toThrow(TypeError);
    expect(() => sealCanonical({ list: [{ person: 'Ana' }] })).toThrow(TypeError);
  });

  it('checks an entry not yet appended: no id, and a time only when one is given', () => {
    const { id: _id, at: _at, ...input } = valid as Record<string, unknown>;
    expect(() => assertAuditInput(input)).not.toThrow();
    expect(() => assertAuditInput({ ...input, at: '2026-11-30T10:00:00Z' })).not.toThrow();
    expect(() => assertAuditInput({ ...input, at: '30 November 2026' })).toThrow(/\/at/);
    expect(() => assertAuditInput({ ...input, subject: 'Ana Petrovic' })).toThrow(/\/subject/);
    expect(() => assertAuditEntry(input)).toThrow(AuditGuardError);
  });

  it('never repeats the refused value in its message', () => {
    const error = refusal({ ...valid, details: { note: 'Ana Petrovic, born 1999-04-12' }, subject: 'Ana Petrovic' });
    expect(error.message).not.toMatch(/Ana|Petrovic|1999/);
  });
});

describe('operation hash', () => {
  it('covers the document and the operation name, unambiguously', () => {
    const a = operationHash('query A { a } query B { b }', 'A');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(operationHash('query A { a } query B { b }', 'B')).not.toBe(a);
    expect(operationHash('query A { a } query B { b }A', null)).not.toBe(a);
  });
});
