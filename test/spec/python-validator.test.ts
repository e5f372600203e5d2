/**
 * spec/tools/validate.py, the Python way of validating NRX documents that spec/README.md shows,
 * run with each Python jsonschema this machine has: the current one (with `referencing`) and
 * Debian's python3-jsonschema (4.10, without it) under /usr/bin/python3.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../lib/spec/paths.ts';
import { run } from '../cli/run.ts';

const script = join(repoRoot, 'spec/tools/validate.py');
const example = join(repoRoot, 'spec/examples/01-serbia-moldovan-woman-shelter.json');
const dir = mkdtempSync(join(tmpdir(), 'nrx-python-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const broken = JSON.parse(readFileSync(example, 'utf8'));
broken.id = 'not-a-uuid';
broken.created = '2026-02-30T25:61:00Z';
const brokenFile = join(dir, 'broken.json');
writeFileSync(brokenFile, JSON.stringify(broken));

// The Serbian profile requires the Centre's decision number on a formal identification issued in Serbia.
const unnumbered = JSON.parse(readFileSync(example, 'utf8'));
delete unnumbered.sections.identifications[0].decision.decisionNumber;
const unnumberedFile = join(dir, 'unnumbered.json');
writeFileSync(unnumberedFile, JSON.stringify(unnumbered));
const unknownProfileFile = join(dir, 'unknown-profile.json');
writeFileSync(unknownProfileFile, JSON.stringify({ ...unnumbered, profile: 'zz' }));

/** What an interpreter has: jsonschema at all, and its `referencing` module. */
function probe(python: string): { jsonschema: boolean; referencing: boolean } {
  const has = (module: string) => {
    try {
      execFileSync(python, ['-c', `import ${module}`], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  return { jsonschema: has('jsonschema'), referencing: has('referencing') };
}

describe.each([
  ['python3 on the PATH', 'python3'],
  ['Debian python3-jsonschema (/usr/bin/python3)', '/usr/bin/python3'],
])('spec/tools/validate.py with %s', (_label, python) => {
  const has = probe(python);

  it('accepts a valid referral and names its kind', async (context) => {
    if (!has.jsonschema) return context.skip(`${python} has no jsonschema: apt-get install python3-jsonschema (or pip install jsonschema) to run this`);
    const result = await run(python, [script, example]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${example}: valid referral (profile rs)\n`);
  });

  it('asserts formats: a bad uuid always, a bad date-time exactly when the package behind it is there, and says when it is not', async (context) => {
    if (!has.jsonschema) return context.skip(`${python} has no jsonschema: apt-get install python3-jsonschema (or pip install jsonschema) to run this`);
    const result = await run(python, [script, brokenFile]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/broken\.json: \/id: 'not-a-uuid' is not a 'uuid' \(format\)/);
    const dateTimeUnchecked = result.stderr.includes("warning: format 'date-time' is not checked by this jsonschema: pip install rfc3339-validator");
    expect(/\/created: '2026-02-30T25:61:00Z' is not a 'date-time' \(format\)/.test(result.stdout)).toBe(!dateTimeUnchecked);
  });

  it('checks a document against the published schemas of the country profile it names', async (context) => {
    if (!has.jsonschema) return context.skip(`${python} has no jsonschema: apt-get install python3-jsonschema (or pip install jsonschema) to run this`);
    const result = await run(python, [script, unnumberedFile, unknownProfileFile]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${unnumberedFile}: /sections/identifications/0/decision: 'decisionNumber' is a required property (required)`);
    expect(result.stdout).toContain(`${unknownProfileFile}: /profile: unknown country profile 'zz'`);
  });
});
