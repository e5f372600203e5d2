import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureReferral, fixtureSpecDir, repoRoot } from './helpers.ts';
import { run, type Run } from '../cli/run.ts';

/** Runs the real `nrx` binary, as a user would, against the fixture spec unless told otherwise. */
function nrx(args: string[], { stdin, spec = true }: { stdin?: string | Buffer; spec?: boolean } = {}): Promise<Run> {
  return run(process.execPath, [join(repoRoot, 'bin/nrx.js'), 'validate', ...(spec ? ['--spec', fixtureSpecDir] : []), ...args], { cwd: dir, stdin: stdin ?? '' });
}

let dir: string;
const good = JSON.stringify(fixtureReferral(), null, 2);
const badDoc = fixtureReferral();
badDoc.sections.traffickingEpisodes[0].forms = ['forced-beging'];
const bad = JSON.stringify(badDoc, null, 2);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nrx-validate-cli-'));
  writeFileSync(join(dir, 'good.json'), good);
  writeFileSync(join(dir, 'bad.json'), bad);
  writeFileSync(join(dir, 'malformed.json'), '{\n  "kind": "referral",\n  "id": 12,,\n}');
  writeFileSync(join(dir, 'empty.json'), '');
  writeFileSync(join(dir, 'binary.json'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]));
  const line = JSON.stringify(fixtureReferral());
  writeFileSync(join(dir, 'records.ndjson'), `${[line, line, '{"kind": "referral",', JSON.stringify(badDoc), line].join('\n')}\n`);
  mkdirSync(join(dir, 'tree/a/b'), { recursive: true });
  writeFileSync(join(dir, 'tree/one.json'), good);
  writeFileSync(join(dir, 'tree/a/b/two.json'), good);
  writeFileSync(join(dir, 'tree/a/three.jsonl'), `${JSON.stringify(fixtureReferral())}\n`);
  writeFileSync(join(dir, 'tree/a/notes.txt'), 'not JSON');
  mkdirSync(join(dir, 'mixed'));
  writeFileSync(join(dir, 'mixed/good.json'), good);
  writeFileSync(join(dir, 'mixed/bad.json'), bad);
  mkdirSync(join(dir, 'nothing'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('nrx validate: exit codes', () => {
  it('exits 0 for a valid file and says so', async () => {
    const run = await nrx(['good.json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe('good.json: valid referral\n');
  });

  it('exits 1 for an invalid file, with file:line:column, the pointer and the suggestion', async () => {
    const run = await nrx(['bad.json']);
    expect(run.code).toBe(1);
    const line = bad.split('\n').findIndex((l) => l.includes('forced-beging')) + 1;
    expect(run.stdout).toContain(`bad.json:${line}:`);
    expect(run.stdout).toContain("'forced-beging' is not a code of the codelist 'exploitation-form'; did you mean 'forced-begging'? (oneOf at /sections/traffickingEpisodes/0/forms/0)");
  });

  it('exits 1 with one clear line for malformed, empty and binary input', async () => {
    const malformed = await nrx(['malformed.json']);
    expect(malformed.code).toBe(1);
    expect(malformed.stdout).toBe('malformed.json:3:12: malformed JSON at line 3, column 12: expected a property name in double quotes (parse)\n');
    expect(await nrx(['empty.json'])).toMatchObject({ code: 1, stdout: 'empty.json: the input is empty; expected a JSON document (empty)\n' });
    expect(await nrx(['binary.json'])).toMatchObject({ code: 1, stdout: 'binary.json: the input is binary (it contains NUL bytes), not JSON text (encoding)\n' });
  });

  it('exits 1 for a document over --max-bytes', async () => {
    const run = await nrx(['--max-bytes', '512', 'good.json']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(`good.json: the document is ${Buffer.byteLength(good)} bytes, over the limit of 512 bytes (size)\n    expected: at most 512 bytes\n`);
  });

  it('exits 2 for a file that does not exist, with no stack trace', async () => {
    const run = await nrx(['missing.json']);
    expect(run).toMatchObject({ code: 2, stdout: '', stderr: "nrx validate: cannot read 'missing.json': no such file or directory\n" });
  });

  it('exits 2 for an unreadable file inside a directory', async () => {
    if (process.getuid?.() === 0) {
      // root reads any file; a dangling symlink is unreadable for everyone.
      const { symlinkSync } = await import('node:fs');
      mkdirSync(join(dir, 'locked'), { recursive: true });
      symlinkSync(join(dir, 'nowhere.json'), join(dir, 'locked/gone.json'));
    } else {
      mkdirSync(join(dir, 'locked'), { recursive: true });
      writeFileSync(join(dir, 'locked/secret.json'), good);
      chmodSync(join(dir, 'locked/secret.json'), 0o000);
    }
    writeFileSync(join(dir, 'locked/fine.json'), good);
    const run = await nrx(['locked']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^nrx validate: cannot read 'locked\/\w+\.json': /);
    expect(run.stdout).toContain('locked/fine.json: valid referral');
  });

  it.each([
    [['--format', 'xml', 'good.json'], "nrx validate: --format must be one of text, json, sarif, junit, not 'xml'\n"],
    [['--max-bytes', 'lots', 'good.json'], "nrx validate: --max-bytes must be a number of bytes such as 10485760 or 10m, not 'lots'\n"],
    [['--kind', 'referal', 'good.json'], "nrx validate: unknown kind 'referal' for --kind; the kinds are: referral, status-update\n"],
    [['nothing'], "nrx validate: no .json, .ndjson or .jsonl files in directory 'nothing'\n"],
  ])('exits 2 for a usage error: %j', async (args, stderr) => {
    expect(await nrx(args)).toMatchObject({ code: 2, stdout: '', stderr });
  });

  it('exits 2 without a target', async () => {
    const run = await nrx([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("missing required argument 'targets'");
  });

  it('exits 2 when the spec directory is not a spec', async () => {
    const run = await nrx(['--spec', dir, 'good.json'], { spec: false });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^nrx validate: cannot load the spec: .* is not an NRX spec directory \(no spec\.json\)\n$/);
  });
});

describe('nrx validate: inputs', () => {
  it('reads a JSON document from standard input', async () => {
    expect(await nrx(['-'], { stdin: good })).toMatchObject({ code: 0, stdout: '<stdin>: valid referral\n' });
    const bad = await nrx(['-'], { stdin: '{"kind": "referal"}' });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe("<stdin>:1:10: unknown kind 'referal'; did you mean 'referral'? The kinds are: referral, status-update. (kind at /kind)\n");
  });

  it('refuses standard input over --max-bytes without reading it all', async () => {
    const run = await nrx(['--max-bytes', '100', '-'], { stdin: good });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('over the limit of 100 bytes (size)');
  });

  it('reads NDJSON from standard input with --ndjson', async () => {
    const lines = `${JSON.stringify(fixtureReferral())}\n${JSON.stringify(badDoc)}\n`;
    const run = await nrx(['--ndjson', '-'], { stdin: lines });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^<stdin>:2:\d+: 'forced-beging' is not a code/);
    expect(run.stdout).toContain('<stdin>: invalid: 2 records, 1 valid, 1 invalid\n');
  });

  it('reports each bad NDJSON line with its own line number and still checks the others', async () => {
    const run = await nrx(['records.ndjson']);
    expect(run.code).toBe(1);
    const out = run.stdout.split('\n').filter(Boolean);
    expect(out[0]).toMatch(/^records\.ndjson:3:\d+: malformed JSON at line 1, column \d+: /);
    expect(out[1]).toMatch(/^records\.ndjson:4:\d+: 'forced-beging' is not a code/);
    expect(out.at(-1)).toBe('records.ndjson: invalid: 5 records, 3 valid, 2 invalid');
  });

  it('validates every .json, .ndjson and .jsonl file of a directory recursively', async () => {
    const run = await nrx(['tree']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([
      'tree/a/b/two.json: valid referral',
      'tree/a/three.jsonl: valid: 1 record, 1 valid, 0 invalid',
      'tree/one.json: valid referral',
    ].concat(run.stdout.split('\n').filter(Boolean).slice(3)));
    // A directory's report closes with one summary line.
    expect(run.stdout.split('\n').filter(Boolean).slice(3)).toEqual([expect.stringMatching(/^3 files: 3 valid, 0 invalid; 1 NDJSON record, 0 invalid \(\d+\.\d\d s\)$/)]);
  });

  it('exits 1 for a directory with one invalid file among valid ones', async () => {
    expect((await nrx(['mixed'])).code).toBe(1);
  });

  it('validates as the kind given by --kind', async () => {
    const run = await nrx(['--kind', 'status-update', 'good.json']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("unknown property 'sections'");
  });

  it('chooses the schema from kind in the published spec too, and lists its kinds', async () => {
    const run = await nrx(['-'], { stdin: '{"specVersion": "1.0.0"}', spec: false });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^<stdin>:1:1: the document has no 'kind' property, so its schema is unknown\. The kinds are: .*\breferral\b.*\(kind\)\n$/);
  });
});

describe('nrx validate --format json', () => {
  it('prints one JSON document with a verdict per file and a summary', async () => {
    const run = await nrx(['--format', 'json', 'mixed']);
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout);
    expect(out).toEqual({
      valid: false,
      summary: { files: 2, valid: 1, invalid: 1, unreadable: 0 },
      files: [
        {
          file: 'mixed/bad.json',
          format: 'json',
          valid: false,
          kind: 'referral',
          schemaId: 'https://example.org/nrx-fixture/v1/referral.schema.json',
          issues: [
            {
              pointer: '/sections/traffickingEpisodes/0/forms/0',
              line: expect.any(Number),
              column: expect.any(Number),
              keyword: 'oneOf',
              message: "'forced-beging' is not a code of the codelist 'exploitation-form'; did you mean 'forced-begging'?",
              expected: expect.stringContaining("'forced-begging'"),
              found: "'forced-beging'",
              suggestion: 'forced-begging',
              schemaPath: 'https://example.org/nrx-fixture/v1/codelists/exploitation-form.schema.json#/oneOf',
            },
          ],
        },
        { file: 'mixed/good.json', format: 'json', valid: true, kind: 'referral', schemaId: 'https://example.org/nrx-fixture/v1/referral.schema.json', issues: [] },
      ],
    });
  });

  it('lists failing NDJSON records with their line numbers, up to --max-failures', async () => {
    const run = await nrx(['--format', 'json', '--max-failures', '1', 'records.ndjson']);
    expect(run.code).toBe(1);
    const [file] = JSON.parse(run.stdout).files;
    expect(file).toMatchObject({ file: 'records.ndjson', format: 'ndjson', valid: false, summary: { records: 5, valid: 3, invalid: 2, blankLines: 0 }, failuresTruncated: true });
    expect(file.failures).toHaveLength(1);
    expect(file.failures[0]).toMatchObject({ line: 3, valid: false, issues: [{ keyword: 'parse', line: 3 }] });
  });

  it('exits 0 with a valid document for a valid tree, and 2 with nothing on stdout for a missing target', async () => {
    const run = await nrx(['--format', 'json', 'tree']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ valid: true, summary: { files: 3, valid: 3, invalid: 0, unreadable: 0 } });
    expect(await nrx(['--format', 'json', 'missing.json'])).toMatchObject({ code: 2, stdout: '' });
  });
});

describe('nrx validate: country profiles', () => {
  const example = join(repoRoot, 'spec/examples/01-serbia-moldovan-woman-shelter.json');

  it("checks a document against the profile it names, and says which", async () => {
    const result = await nrx([example], { spec: false });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${example}: valid referral (profile rs)\n`);
  });

  it('applies --profile to documents that name none, and refuses an unknown one with exit 2', async () => {
    const unnamed = JSON.parse(readFileSync(example, 'utf8'));
    delete unnamed.profile;
    delete unnamed.sections.identifications[0].decision.decisionNumber;
    writeFileSync(join(dir, 'unnamed.json'), JSON.stringify(unnamed, null, 2));
    expect((await nrx(['unnamed.json'], { spec: false })).code).toBe(1);
    const profiled = await nrx(['--profile', 'rs', 'unnamed.json'], { spec: false });
    expect(profiled.code).toBe(1);
    expect(profiled.stdout).toMatch(/unnamed\.json:\d+:\d+: missing required property 'decisionNumber' \(required at \/sections\/identifications\/0\/decision\)/);
    const unknown = await nrx(['--profile', 'zz', 'unnamed.json'], { spec: false });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no country profile 'zz'");
  });
});
