import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../lib/spec/load.ts';
import { compileMapping } from '../../connectors/mapping/compile.ts';
import { resolveTarget } from '../../connectors/mapping/spec-target.ts';
import { toDate } from '../../connectors/mapping/transforms.ts';
import { createConnector } from '../../connectors/index.ts';
import { ConnectorError } from '../../connectors/errors.ts';

const spec = loadSpec();
const referral = 'https://nrx.exchange/spec/v1/referral.schema.json';

function issuesOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).code).toBe('MAPPING_INVALID');
    return (error as Error).message;
  }
  throw new Error('expected the mapping to be refused');
}

describe('mapping targets are resolved in the spec', () => {
  it('follows $refs into object schemas and codelists, through arrays', () => {
    expect(resolveTarget(spec, referral, '/sections/person/sex')?.codelist).toBe('sex');
    expect(resolveTarget(spec, referral, '/sections/needs/*/category')?.codes?.has('medical.addiction-treatment')).toBe(true);
    const citizenships = resolveTarget(spec, referral, '/sections/person/citizenships');
    expect(citizenships).toMatchObject({ array: true, codelist: 'country' });
    expect(resolveTarget(spec, referral, '/sections/person/shoeSize')).toBeUndefined();
  });
});

describe('a mapping is checked against the spec when the connector starts', () => {
  it('refuses targets the spec does not have, listing every issue at once', () => {
    const message = issuesOf(() =>
      compileMapping(spec, 'ngo-db', 'case', [
        { from: '/shoe', to: '/sections/person/shoeSize' },
        { from: '/x', to: '/sender' },
        { from: '/y', to: '/sections/needs/*/category' },
      ]),
    );
    expect(message).toContain("connector 'ngo-db'");
    expect(message).toContain('the spec has no field /sections/person/shoeSize');
    expect(message).toContain('(to /sender): the target must be under /sections/');
    expect(message).toContain('the target has more * than the source');
  });

  it('refuses translations and constants that are not codes of the target codelist', () => {
    const message = issuesOf(() =>
      compileMapping(
        spec,
        'ngo-db',
        'case',
        [
          { from: '/sex', to: '/sections/person/sex', codes: 'sex' },
          { from: '/nat', to: '/sections/person/citizenships', codes: { MDA: 'MDA' } },
          { const: 'gratis', to: '/sections/person/literacy' },
        ],
        { sex: { Z: 'female', F: 'femme' } },
      ),
    );
    expect(message).toContain("'F' translates to 'femme', which is not in the codelist sex");
    expect(message).toContain("'MDA' translates to 'MDA', which is not in the codelist country");
    expect(message).toContain("constant 'gratis' is not in the codelist literacy");
    expect(message).not.toContain("'Z'");
  });

  it('refuses a missing table, a JSONata syntax error and a rule with two sources', () => {
    const message = issuesOf(() =>
      compileMapping(spec, 'ngo-db', 'case', [
        { from: '/sex', to: '/sections/person/sex', codes: 'nope' },
        { jsonata: 'gender = ', to: '/sections/person/genderIdentity' },
        { from: '/a', const: 'female', to: '/sections/person/sex' },
      ]),
    );
    expect(message).toContain("no translation table named 'nope'");
    expect(message).toContain('JSONata does not parse');
    expect(message).toContain('give exactly one of from, const or jsonata');
  });
});

describe('applying a mapping', () => {
  const mapping = compileMapping(
    spec,
    'ngo-db',
    'case',
    [
      { from: '/ref', to: '/sections/person/subject' },
      { from: '/sex', to: '/sections/person/sex', codes: 'sex' },
      { from: '/dob', to: '/sections/person/dateOfBirth', transform: { date: 'D/M/YYYY' } },
      { jsonata: "$count(children[age < 18]) > 0 ? 'yes' : 'no'", to: '/sections/person/minor', transform: 'yesno' },
      { from: '/needs/*', to: '/sections/needs/*/category', jsonata: "$lowercase($) = 'doctor' ? 'medical' : 'other'" },
      { from: '/unmapped', to: '/sections/person/literacy', codes: { '?': null, L: 'literate' } },
    ],
    { sex: { f: 'female', m: 'male' } },
  );

  it('reads, transforms, translates and writes, with JSONata where pointers are not enough', async () => {
    const out = await mapping.apply({ ref: 'sub-x-000001', sex: 'f', dob: '7/3/2001', children: [{ age: 4 }], needs: ['Doctor', 'bus fare'], unmapped: '?' }, 'R-1');
    expect(out.problems).toEqual([]);
    expect(out.value).toEqual({
      sections: { person: { subject: 'sub-x-000001', sex: 'female', dateOfBirth: '2001-03-07', minor: true }, needs: [{ category: 'medical' }, { category: 'other' }] },
    });
  });

  it('names connector, record and field for an unknown code, and never guesses', async () => {
    const out = await mapping.apply({ ref: 'sub-x-000001', sex: 'F' }, 'R-2');
    expect(out.value).toBeUndefined();
    expect(out.problems.map((p) => p.toProblem())).toEqual([
      {
        connector: 'ngo-db',
        code: 'UNKNOWN_CODE',
        record: 'R-2',
        field: '/sections/person/sex',
        message: "connector 'ngo-db': record 'R-2', field /sections/person/sex: local code 'F' (from /sex) is not in the translation table 'sex'",
      },
    ]);
  });
});

describe('date transform', () => {
  it('parses the configured form and refuses impossible dates', () => {
    expect(toDate('14.03.1998', 'DD.MM.YYYY')).toBe('1998-03-14');
    expect(toDate('2024-02-29T10:00:00Z', undefined)).toBe('2024-02-29');
    expect(toDate(45000, undefined)).toBe('2023-03-15');
    expect(toDate(new Date(Date.UTC(2000, 0, 2)), undefined)).toBe('2000-01-02');
    expect(() => toDate('31.02.1990', 'DD.MM.YYYY')).toThrow('not a calendar date');
    expect(() => toDate('1990/02/01', 'DD.MM.YYYY')).toThrow('not a date in the form DD.MM.YYYY');
  });
});

describe('configuration', () => {
  it('is validated against connectors/config.schema.json with every issue listed', async () => {
    const error = await createConnector({ name: 'Bad Name', type: 'postgres', capabilities: ['teleport'], source: { connection: { url: 'postgres://u:secret@h/db' } } }).catch((e) => e);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    expect(error.message).toContain('/name must match pattern');
    expect(error.message).toContain('/capabilities/0 must be equal to one of the allowed values');
    expect(error.message).toContain('/source/connection/url must match pattern');
    expect(error.message).toContain("/source must have required property 'cases'");
  });

  it('refuses a declared capability the source does not configure', async () => {
    const http = await createConnector({ name: 'api', type: 'http', capabilities: ['getCase', 'listServices'], record: { subject: '/s' }, source: { baseUrl: 'http://127.0.0.1:1', cases: { path: '/c' } }, mapping: { case: [] } }).catch((e) => e);
    expect(http).toMatchObject({ code: 'CONFIG_INVALID', connector: 'api' });
    expect(http.message).toContain('capability listServices is declared but the source configures no services part');
  });
});
