import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.ts';
import { diffSpecs, type SpecDiff } from '../../lib/spec/diff.ts';
import { loadSpec } from '../../lib/spec/load.ts';
import { defaultSpecDir } from '../../lib/spec/paths.ts';

const root = mkdtempSync(join(tmpdir(), 'nrx-spec-diff-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
let before: string;
let after: string;

/** Two fresh copies of spec/v1 per test: the old version and the one the test mutates. */
beforeEach(() => {
  counter += 1;
  before = join(root, `${counter}-old`);
  after = join(root, `${counter}-new`);
  cpSync(defaultSpecDir, before, { recursive: true });
  // Copied from the first copy, not from spec/v1, so that an edit to spec/v1 in between cannot differ them.
  cpSync(before, after, { recursive: true });
});

function edit(dir: string, file: string, change: (json: any) => void): void {
  const path = join(dir, file);
  const json = JSON.parse(readFileSync(path, 'utf8'));
  change(json);
  writeFileSync(path, JSON.stringify(json, null, 2));
}

function diff(): SpecDiff {
  return diffSpecs(loadSpec(before, { fresh: true }), loadSpec(after, { fresh: true }));
}

function only(result: SpecDiff, impact: string) {
  return result.changes.filter((c) => c.impact === impact);
}

describe('nrx spec diff: breaking changes', () => {
  const cases: Array<[string, () => void, string, string, string]> = [
    ['a removed property', () => edit(after, 'person.schema.json', (s) => delete s.properties.preferredName), 'person.schema.json', '/properties/preferredName', 'property-removed'],
    ['a removed schema', () => rmSync(join(after, 'return-plan.schema.json')), 'return-plan.schema.json', '', 'schema-removed'],
    ['a removed codelist code', () => edit(after, 'codelists/member-class.schema.json', (s) => (s.oneOf = s.oneOf.filter((e: any) => e.const !== 'EDU'))), 'codelists/member-class.schema.json', '/oneOf', 'code-removed'],
    [
      'a narrowed type',
      () => {
        edit(before, 'person.schema.json', (s) => (s.properties.givenName.type = ['string', 'null']));
      },
      'person.schema.json',
      '/properties/givenName/type',
      'type-narrowed',
    ],
    [
      'number narrowed to integer',
      () => {
        edit(before, 'person.schema.json', (s) => (s.properties.shoeSize = { type: 'number', description: 'x', 'x-nrx-sensitivity': 'operational' }));
        edit(after, 'person.schema.json', (s) => (s.properties.shoeSize = { type: 'integer', description: 'x', 'x-nrx-sensitivity': 'operational' }));
      },
      'person.schema.json',
      '/properties/shoeSize/type',
      'type-narrowed',
    ],
    [
      'a narrowed enum',
      () => {
        edit(before, 'person.schema.json', (s) => (s.properties.ageBand.enum = ['0-17', '18-24', '25+']));
        edit(after, 'person.schema.json', (s) => (s.properties.ageBand.enum = ['0-17', '18-24']));
      },
      'person.schema.json',
      '/properties/ageBand/enum',
      'value-removed',
    ],
    ['an existing property made required', () => edit(after, 'person.schema.json', (s) => s.required.push('givenName')), 'person.schema.json', '/required', 'property-now-required'],
    [
      'a new required property',
      () => edit(after, 'person.schema.json', (s) => {
        s.properties.nickname = { type: 'string', maxLength: 10, description: 'Nickname.', 'x-nrx-sensitivity': 'identifying' };
        s.required.push('nickname');
      }),
      'person.schema.json',
      '/properties/nickname',
      'required-property-added',
    ],
    ['maxLength lowered', () => edit(after, 'person.schema.json', (s) => (s.properties.givenName.maxLength = 50)), 'person.schema.json', '/properties/givenName/maxLength', 'bounds-tightened'],
    ['minLength raised', () => edit(after, 'person.schema.json', (s) => (s.properties.givenName.minLength = 2)), 'person.schema.json', '/properties/givenName/minLength', 'bounds-tightened'],
    ['maxItems lowered', () => edit(after, 'person.schema.json', (s) => (s.properties.otherNames.maxItems = 5)), 'person.schema.json', '/properties/otherNames/maxItems', 'bounds-tightened'],
    ['a maxLength added', () => edit(after, 'person.schema.json', (s) => (s.properties.ageBand.maxLength = 5)), 'person.schema.json', '/properties/ageBand/maxLength', 'bounds-tightened'],
    ['a pattern changed', () => edit(after, 'common.schema.json', (s) => (s.$defs.subjectRef.pattern = '^[a-z]{6,128}$')), 'common.schema.json', '/$defs/subjectRef/pattern', 'constraint-changed'],
    [
      'additionalProperties closed',
      () => edit(before, 'common.schema.json', (s) => delete s.$defs.address.additionalProperties),
      'common.schema.json',
      '/$defs/address/additionalProperties',
      'closed',
    ],
    ['a changed $ref target', () => edit(after, 'person.schema.json', (s) => (s.properties.currentAddress.$ref = 'common.schema.json#/$defs/period')), 'person.schema.json', '/properties/currentAddress/$ref', 'ref-changed'],
    ['a changed const', () => edit(after, 'referral.schema.json', (s) => (s.properties.kind.const = 'referral-request')), 'referral.schema.json', '/properties/kind/const', 'const-changed'],
  ];

  it.each(cases)('%s', (_name, mutate, file, path, change) => {
    mutate();
    const result = diff();
    expect(result.changes).toContainEqual(expect.objectContaining({ file, path, change, impact: 'breaking' }));
    expect(result.breaking).toBe(true);
    expect(result.bump).toBe('major');
    expect(result.suggestedVersion).toBe(`${Number(result.oldVersion.split('.')[0]) + 1}.0.0`);
  });

  it('reports nothing between identical copies', () => {
    const result = diff();
    expect(result.changes).toEqual([]);
    expect(result.bump).toBe('none');
    expect(result.suggestedVersion).toBe(result.oldVersion);
  });
});

describe('nrx spec diff: non-breaking and policy changes', () => {
  it('an added optional property is a minor change', () => {
    edit(after, 'person.schema.json', (s) => (s.properties.nickname = { type: 'string', maxLength: 10, description: 'Nickname.', 'x-nrx-sensitivity': 'identifying' }));
    const result = diff();
    expect(result.changes).toEqual([expect.objectContaining({ change: 'optional-property-added', impact: 'non-breaking', path: '/properties/nickname' })]);
    expect(result.breaking).toBe(false);
    expect(result.bump).toBe('minor');
  });

  it('an added code and a new schema are additions', () => {
    edit(after, 'codelists/member-class.schema.json', (s) => s.oneOf.push({ const: 'MUN', title: 'Municipality', description: 'A local authority.' }));
    writeFileSync(join(after, 'extra.schema.json'), JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: 'https://nrx.exchange/spec/v1/extra.schema.json', title: 'Extra', description: 'An extra object for the test.', type: 'object', properties: {}, additionalProperties: false }));
    const result = diff();
    expect(only(result, 'breaking')).toEqual([]);
    expect(result.changes).toContainEqual(expect.objectContaining({ change: 'code-added', message: 'code "MUN" added' }));
    expect(result.changes).toContainEqual(expect.objectContaining({ change: 'schema-added', file: 'extra.schema.json' }));
  });

  it('relaxed bounds and an optional property no longer required are non-breaking', () => {
    edit(after, 'person.schema.json', (s) => {
      s.properties.givenName.maxLength = 200;
      s.properties.givenName.minLength = 0;
    });
    edit(after, 'common.schema.json', (s) => (s.$defs.period.required = []));
    const result = diff();
    expect(only(result, 'breaking')).toEqual([]);
    expect(result.changes.map((c) => c.change).sort()).toEqual(['bounds-relaxed', 'bounds-relaxed', 'property-now-optional']);
  });

  it('description and title changes only need a patch release', () => {
    edit(after, 'person.schema.json', (s) => {
      s.description = `${s.description} Reworded.`;
      s.properties.givenName.description = 'The given name she uses.';
      s.title = 'Person (the subject)';
    });
    edit(after, 'codelists/member-class.schema.json', (s) => (s.oneOf[0].title = 'Government body'));
    const result = diff();
    expect(result.changes.every((c) => c.change === 'documentation' && c.bump === 'patch')).toBe(true);
    expect(result.changes).toHaveLength(4);
    expect(result.suggestedVersion).toBe(result.oldVersion.replace(/\.(\d+)$/, (_m, p) => `.${Number(p) + 1}`));
  });

  it('a sensitivity change is reported as a policy change, not as breaking', () => {
    edit(after, 'person.schema.json', (s) => {
      s.properties.sex['x-nrx-sensitivity'] = 'identifying';
      s.properties.dateOfBirth['x-nrx-transforms'] = ['age-band'];
    });
    const result = diff();
    expect(result.breaking).toBe(false);
    expect(only(result, 'policy').map((c) => c.change).sort()).toEqual(['sensitivity-changed', 'transforms-removed']);
    expect(only(result, 'policy').find((c) => c.change === 'sensitivity-changed')!.message).toBe('sensitivity "operational" -> "identifying": changes what is released');
    expect(result.bump).toBe('minor');
  });
});

describe('nrx spec diff: the command', () => {
  async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
    try {
      const code = await main(args);
      return { code, out, err };
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  }

  it('exits 0 without breaking changes and 1 with them, in text and JSON', async () => {
    const same = await run('spec', 'diff', before, after);
    expect(same.code).toBe(0);
    expect(same.out).toContain('No changes.');

    edit(after, 'person.schema.json', (s) => delete s.properties.preferredName);
    const text = await run('spec', 'diff', before, after);
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/Breaking changes \(1\):\n {2}person\.schema\.json#\/properties\/preferredName: property "preferredName" removed/);
    expect(text.out).toMatch(/Suggested version: 2\.0\.0 \(major bump/);

    const json = await run('spec', 'diff', before, after, '--format', 'json');
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.out) as SpecDiff;
    expect(parsed.breaking).toBe(true);
    expect(parsed.changes).toHaveLength(1);
  });

  it('exits 2 on bad usage, with a clear message', async () => {
    const missing = await run('spec', 'diff', before, join(root, 'does-not-exist'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('is not a directory');
    const format = await run('spec', 'diff', before, after, '--format', 'xml');
    expect(format.code).toBe(2);
    expect(format.err).toContain("unknown format 'xml'");
    const notSpec = await run('spec', 'diff', before, root);
    expect(notSpec.code).toBe(2);
    expect(notSpec.err).toContain('not an NRX spec directory');
  });

  it('spec check passes on the spec and reports a broken copy with file and path', async () => {
    edit(after, 'person.schema.json', (s) => (s.properties.shoeSize = { type: 'integer', description: 'Shoe size.' }));
    const broken = await run('spec', 'check', after);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('person.schema.json /properties/shoeSize: missing "x-nrx-sensitivity"');
  });
});
