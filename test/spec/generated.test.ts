import { describe, expect, it } from 'vitest';
import { defaultTargets, generateArtefacts, staleArtefacts } from '../../lib/spec/generate.ts';
import { sdlArtefact } from '../../schema/graphql/sdl.ts';
import { generateDocs } from '../../lib/spec/docs.ts';
import { generateTypes, typeNames } from '../../lib/spec/typegen.ts';
import { loadSpec } from '../../lib/spec/load.ts';

const spec = loadSpec();

describe('generated TypeScript types', async () => {
  const source = await generateTypes(spec);
  const declared = [...source.matchAll(/^export (?:interface|type) ([A-Za-z0-9_]+)/gm)].map((m) => m[1]!);
  const names = typeNames(spec);

  it('declares every object and every codelist exactly once', () => {
    for (const schema of spec.schemas) {
      const name = names.get(schema.id);
      if (!name) continue; // a schema that only holds $defs, like common
      expect(declared.filter((d) => d === name), `${schema.file} as ${name}`).toHaveLength(1);
    }
    expect(new Set(declared).size).toBe(declared.length);
  });

  it('declares shared building blocks once, with no numbered duplicates', () => {
    expect(declared).toContain('Address');
    expect(declared).toContain('MemberId');
    expect(declared.filter((d) => /[A-Za-z]\d+$/.test(d))).toEqual([]);
    // Person uses Address twice and refers to it by name both times.
    expect(source).toMatch(/currentAddress\?: Address;/);
    expect(source).toMatch(/homeCommunity\?: Address;/);
  });

  it('types a document by its kind and carries sensitivity in the doc comments', () => {
    expect(source).toMatch(/export type NrxDocument =\s+[^;]*\bReferral\b/);
    expect(source).toMatch(/kind: 'referral';/);
    expect(source).toContain('Sensitivity: identifying. May be released as: age-band, minor-flag, year-only.');
  });

  it('does not shadow global types', () => {
    expect(declared).not.toContain('Date');
    expect(declared).toContain('NrxDate');
  });
});

describe('generated documentation', () => {
  const pages = generateDocs(spec);

  it('has an index, a page per object, the codelists and the tiers', () => {
    const objects = spec.schemas.filter((s) => !s.codelist);
    expect([...pages.keys()].sort()).toEqual(['README.md', 'codelists.md', 'sensitivity.md', ...objects.map((s) => `${s.name}.md`)].sort());
    for (const schema of objects) expect(pages.get('README.md')).toContain(`(${schema.name}.md)`);
  });

  it('flattens nested fields into dotted paths and follows a $ref one level, linking its page', () => {
    const person = pages.get('person.md')!;
    expect(person).toMatch(/\| `disability\.present` \| boolean \| yes \| \[special-health\]\(sensitivity\.md#special-health\) \|/);
    expect(person).toMatch(/\| `currentAddress` \| \[address\]\(common\.md#address\) \| no \| \[location\]\(sensitivity\.md#location\) \| `region`, `country-only` \|/);
    expect(person).toContain('| `currentAddress.line` |');
    expect(person).toMatch(/\| `documents\[\]\.inHerPossession` \| boolean \| no \| \[trafficking-status\]\(sensitivity\.md#trafficking-status\) \(within \[identifying\]/);
    const referral = pages.get('referral.md')!;
    expect(referral).toMatch(/\| `sections\.person` \| \[Person\]\(person\.md\) \|/);
    // A whole object is linked, not expanded.
    expect(referral).not.toContain('`sections.person.givenName`');
  });

  it('lists every code of every codelist and every tier and transform', () => {
    const codelists = pages.get('codelists.md')!;
    for (const list of spec.codelists.values()) {
      expect(codelists).toContain(`<a id="${list.name}"></a>`);
      for (const code of list.codes) expect(codelists).toContain(`| \`${code.code}\` |`);
    }
    const tiers = pages.get('sensitivity.md')!;
    for (const tier of spec.tiers) expect(tiers).toContain(`<a id="${tier.code}"></a>\`${tier.code}\``);
    for (const t of spec.transforms) expect(tiers).toContain(`<a id="${t.code}"></a>\`${t.code}\``);
  });
});

describe('generated files on disk', () => {
  it('are deterministic', async () => {
    const first = await generateArtefacts(spec, defaultTargets, [sdlArtefact]);
    const second = await generateArtefacts(loadSpec(spec.dir, { fresh: true }), defaultTargets, [sdlArtefact]);
    expect([...second]).toEqual([...first]);
    for (const text of first.values()) expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
  });

  it('match the spec (run npm run generate when this fails)', async () => {
    const stale = staleArtefacts(await generateArtefacts(spec, defaultTargets, [sdlArtefact]));
    expect(stale, `generated files are stale, run npm run generate: ${stale.join(', ')}`).toEqual([]);
  });
});
