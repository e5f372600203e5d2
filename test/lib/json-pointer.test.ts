import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameOfToken, pointerNames, pointerToken } from '../../lib/json-pointer.ts';

describe('JSON Pointer tokens (RFC 6901)', () => {
  it("writes '~' as '~0' and '/' as '~1', in that order, and leaves other names as they are", () => {
    expect(pointerToken('givenName')).toBe('givenName');
    expect(pointerToken('a/b')).toBe('a~1b');
    expect(pointerToken('m~n')).toBe('m~0n');
    // '~1' in a name is a tilde then a one, not an escaped slash.
    expect(pointerToken('~1')).toBe('~01');
    expect(nameOfToken('~01')).toBe('~1');
    expect(nameOfToken('a~1b')).toBe('a/b');
  });

  it('reads a pointer as the names it walks through, the whole document as none', () => {
    expect(pointerNames('')).toEqual([]);
    expect(pointerNames('/sections/person/givenName')).toEqual(['sections', 'person', 'givenName']);
    expect(pointerNames('/a~1b/~0/')).toEqual(['a/b', '~', '']);
  });

  it('gives back every name it was given, through any pointer built from them', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', '~', '/', '0', '1', 'é') })), (names) => {
        for (const name of names) expect(nameOfToken(pointerToken(name))).toBe(name);
        expect(pointerNames(names.map((name) => '/' + pointerToken(name)).join(''))).toEqual(names);
      }),
    );
  });
});
