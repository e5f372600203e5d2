import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSpec } from '../../lib/spec/load.ts';
import { repoRoot } from '../../lib/spec/paths.ts';
import { ajvValidator, countLeaves, documentValidator, libraryValidator, type DocumentValidator, type Finding } from './validate.ts';

const spec = loadSpec();
const validate = await documentValidator(spec);
const examplesDir = join(repoRoot, 'spec/examples');
const conformanceDir = join(repoRoot, 'spec/conformance');
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

// Scenario documents at the top level; the demo NRM's data-sharing agreements in agreements/.
const exampleFiles = [
  ...readdirSync(examplesDir).filter((f) => f.endsWith('.json')),
  ...readdirSync(join(examplesDir, 'agreements')).filter((f) => f.endsWith('.json')).map((f) => `agreements/${f}`),
].sort();
const examples = exampleFiles.map((file) => ({ file, doc: readJson(join(examplesDir, file)) }));
const scenarioOf = (file: string) => /^(\d{2})-/.exec(file)?.[1];

describe('examples', () => {
  it.each(exampleFiles)('%s is valid for the schema its kind names', (file) => {
    const doc = examples.find((e) => e.file === file)!.doc;
    expect(spec.documentKinds.has(doc.kind), `unknown kind ${doc.kind}`).toBe(true);
    const findings = validate(doc.kind, doc);
    expect(findings, JSON.stringify(findings, null, 2)).toEqual([]);
  });

  it('covers every scenario of the domain description, each with a referral', () => {
    const scenarios = new Set(exampleFiles.map(scenarioOf).filter(Boolean));
    expect([...scenarios].sort()).toEqual(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10']);
    for (const scenario of scenarios) {
      const kinds = examples.filter((e) => scenarioOf(e.file) === scenario).map((e) => e.doc.kind);
      expect(kinds, `scenario ${scenario}`).toContain('referral');
    }
  });

  it('has examples of every document kind', () => {
    const kinds = new Set(examples.map((e) => e.doc.kind));
    for (const kind of spec.documentKinds.keys()) expect(kinds, kind).toContain(kind);
  });

  it('keeps each scenario consistent: updates and consents name the scenario referral and subject', () => {
    for (const scenario of new Set(exampleFiles.map(scenarioOf).filter(Boolean))) {
      const docs = examples.filter((e) => scenarioOf(e.file) === scenario).map((e) => e.doc);
      const referrals = docs.filter((d) => d.kind === 'referral');
      const referralIds = new Set(referrals.map((r) => r.id));
      const consentIds = new Set(docs.filter((d) => d.kind === 'consent-record').map((d) => d.id));
      for (const update of docs.filter((d) => d.kind === 'referral-status-update')) {
        expect(referralIds, `scenario ${scenario} update ${update.id}`).toContain(update.referralId);
      }
      for (const consent of docs.filter((d) => d.kind === 'consent-record')) {
        expect(referrals.map((r) => r.subject), `scenario ${scenario} consent ${consent.id}`).toContain(consent.subject);
      }
      if (consentIds.size === 0) continue;
      for (const referral of referrals) {
        for (const ref of referral.consentRefs ?? []) expect(consentIds, `scenario ${scenario} referral cites ${ref}`).toContain(ref);
      }
    }
  });

  it('fills every section of the full referral with more than 200 leaf fields', () => {
    const full = readJson(join(examplesDir, 'full-referral.json'));
    const sections = (spec.byId.get(spec.documentKinds.get('referral')!)!.json as any).properties.sections.properties;
    expect(Object.keys(full.sections).sort()).toEqual(Object.keys(sections).sort());
    expect(countLeaves(full)).toBeGreaterThanOrEqual(200);
  });

  it('lists every example in the README', () => {
    const readme = readFileSync(join(examplesDir, 'README.md'), 'utf8');
    for (const file of exampleFiles) expect(readme, file).toContain(file);
  });
});

interface Case {
  id: string;
  description: string;
  file: string;
  kind?: string;
  valid: boolean;
  errors: Array<{ instancePath: string; keyword: string }>;
}

const manifest = readJson(join(conformanceDir, 'manifest.json')) as { version: string; description: string; cases: Case[] };

// The suite is checked with the bare published schemas (ajv) and with the project's validator library.
const library = await libraryValidator(spec);
const validators: Array<[string, DocumentValidator]> = [['ajv', ajvValidator(spec)], ...(library ? [['lib/validator', library] as [string, DocumentValidator]] : [])];
const runs = validators.flatMap(([name, check]) => manifest.cases.map((c) => [c.id, name, check, c] as const));

describe('conformance suite', () => {
  it('is a manifest of at least 30 invalid cases and a few valid ones, every file listed once', () => {
    expect(manifest.version).toBe(spec.version);
    expect(manifest.cases.filter((c) => !c.valid).length).toBeGreaterThanOrEqual(30);
    expect(manifest.cases.filter((c) => c.valid).length).toBeGreaterThanOrEqual(3);
    expect(new Set(manifest.cases.map((c) => c.id)).size).toBe(manifest.cases.length);
    const listed = manifest.cases.map((c) => c.file).sort();
    const onDisk = ['invalid', 'valid'].flatMap((dir) => readdirSync(join(conformanceDir, dir)).map((f) => `${dir}/${f}`)).sort();
    expect(listed).toEqual(onDisk);
    for (const c of manifest.cases) {
      expect(existsSync(join(conformanceDir, c.file)), c.file).toBe(true);
      expect(c.valid ? c.errors.length === 0 : c.errors.length > 0, c.id).toBe(true);
    }
  });

  it('covers the error families integrators meet', () => {
    const keywords = new Set(manifest.cases.flatMap((c) => c.errors.map((e) => e.keyword)));
    for (const keyword of ['required', 'type', 'additionalProperties', 'oneOf', 'pattern', 'format', 'maxItems', 'maxLength', 'const']) {
      expect(keywords, keyword).toContain(keyword);
    }
    expect(manifest.cases.some((c) => c.errors.some((e) => e.instancePath.split('/').length > 4))).toBe(true);
  });

  it.each(runs)('%s (%s)', (_id, _name, check, c) => {
    const doc = readJson(join(conformanceDir, c.file));
    const findings: Finding[] = check(c.kind ?? doc.kind, doc);
    expect(findings.length === 0, JSON.stringify(findings, null, 2)).toBe(c.valid);
    for (const expected of c.errors) {
      const found = findings.some((f) => f.instancePath === expected.instancePath && f.keyword === expected.keyword);
      expect(found, `expected ${expected.keyword} at '${expected.instancePath}', got ${JSON.stringify(findings)}`).toBe(true);
    }
  });
});
