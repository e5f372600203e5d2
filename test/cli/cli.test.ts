import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import { fixtureReferral, fixtureSpecDir } from '../validator/helpers.ts';
import { nodeVersionProblem } from '../../bin/node-version.js';
import { nrx, nrxOnTerminal, repoRoot, run } from './run.ts';

const ANSI = /\u001b\[[0-9;]*m/;
let dir: string;
const good = JSON.stringify(fixtureReferral(), null, 2);
const badDoc = fixtureReferral();
badDoc.sections.traffickingEpisodes[0].forms = ['forced-beging'];
const bad = JSON.stringify(badDoc, null, 2);
const validate_ = (args: string[], options: Parameters<typeof nrx>[1] = {}) => nrx(['validate', '--spec', fixtureSpecDir, ...args], { cwd: dir, ...options });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nrx-cli-'));
  writeFileSync(join(dir, 'a.json'), good);
  writeFileSync(join(dir, 'b.json'), good);
  writeFileSync(join(dir, 'bad.json'), bad);
  writeFileSync(join(dir, 'broken.json'), '{"kind": "referral",');
  mkdirSync(join(dir, 'many/deep'), { recursive: true });
  for (let i = 0; i < 40; i++) writeFileSync(join(dir, `many/${i}.json`), good);
  writeFileSync(join(dir, 'many/deep/x.json'), good);
  const line = JSON.stringify(fixtureReferral());
  writeFileSync(join(dir, 'records.ndjson'), `${line}\n${JSON.stringify(badDoc)}\n${line}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('nrx: version and Node check', () => {
  it('prints its version with --version and -V', async () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    expect(await nrx(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
    expect((await nrx(['-V'])).stdout).toBe(`${version}\n`);
  });

  it('refuses a Node without type stripping and says what to install and how', () => {
    expect(nodeVersionProblem('24.1.0', true)).toBeNull();
    expect(nodeVersionProblem('22.18.0', true)).toBeNull();
    for (const old of ['20.20.2', '22.12.0', '18.0.0']) {
      const message = nodeVersionProblem(old, undefined)!;
      expect(message).toContain(`this is Node ${old}`);
      expect(message).toContain('Node.js 24');
      expect(message).toContain('npm install --prefix "$HOME/.cache/nrx-node24" --no-save node@24');
    }
    expect(nodeVersionProblem('24.1.0', false)).toContain('type stripping switched off');
  });

  it('on the machine\'s own older Node (when it has one), exits 2 with that message instead of a loader error', async (context) => {
    let systemNode = '';
    for (const candidate of ['/usr/bin/node', '/usr/local/bin/node']) {
      try {
        const version = execFileSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
        if (Number(version.split('.')[0]) < 22) systemNode = candidate;
      } catch {}
    }
    if (!systemNode) return context.skip('no Node older than 22 on this machine (/usr/bin/node): the message itself is checked above');
    const result = await run(systemNode, [join(repoRoot, 'bin/nrx.js'), '--help']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('nrx needs Node.js 24');
    expect(result.stderr).not.toContain('ERR_UNKNOWN_FILE_EXTENSION');
  });

  it('npm refuses to install on a Node older than engines (engine-strict)', () => {
    expect(readFileSync(join(repoRoot, '.npmrc'), 'utf8')).toMatch(/^engine-strict=true$/m);
    const { engines } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    expect(engines.node).toBe('>=22.18');
    const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8'));
    expect(lock.packages[''].engines.node).toBe(engines.node);
  });
});

describe('nrx validate: several targets', () => {
  it('takes several files and says which is which, with a summary line', async () => {
    const result = await validate_(['a.json', 'bad.json', 'b.json']);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('a.json: valid referral');
    expect(lines.some((l) => l.startsWith('bad.json:') && l.includes("'forced-beging'"))).toBe(true);
    expect(lines).toContain('b.json: valid referral');
    expect(lines.at(-1)).toMatch(/^3 files: 2 valid, 1 invalid \(\d+\.\d\d s\)$/);
  });

  it('expands quoted glob patterns, including **, and checks each file once', async () => {
    const result = await validate_(['many/**/*.json', 'many/1.json', '*.ndjson']);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines.filter((l) => l.endsWith(': valid referral'))).toHaveLength(41);
    expect(lines).toContain('many/deep/x.json: valid referral');
    expect(lines.at(-1)).toMatch(/^42 files: 41 valid, 1 invalid; 3 NDJSON records, 1 invalid/);
  });

  it('exits 2 for a pattern that matches nothing, naming it', async () => {
    expect(await validate_(['nothing/*.json'])).toMatchObject({ code: 2, stdout: '', stderr: "nrx validate: no files match 'nothing/*.json'\n" });
  });
});

describe('nrx validate --format', () => {
  it('sarif: a SARIF 2.1.0 log valid against the published SARIF schema, a result per problem located by line and column', async () => {
    const result = await validate_(['--format', 'sarif', 'a.json', 'bad.json', 'broken.json', 'records.ndjson']);
    expect(result.code).toBe(1);
    const log = JSON.parse(result.stdout);
    // The schema as OASIS published it, shipped in a registry package, never written here. It is
    // draft-04, whose only difference that matters to ajv's draft-07 is the name of its id; its
    // patterns are ECMAScript without the u flag. Formats (uri, date-time) are asserted.
    const require = createRequire(import.meta.url);
    const schemaFile = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const { id, $schema: _draft04, ...schema } = JSON.parse(readFileSync(schemaFile, 'utf8'));
    const Ajv = (AjvModule as any).default ?? AjvModule;
    const addFormats = (addFormatsModule as any).default ?? addFormatsModule;
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats(ajv);
    const check = ajv.compile({ $id: id, ...schema });
    expect(check(log), JSON.stringify(check.errors)).toBe(true);
    expect(log.version).toBe('2.1.0');
    const results = log.runs[0].results;
    const bad = results.find((r: any) => r.locations[0].physicalLocation.artifactLocation.uri === 'bad.json');
    expect(bad.message.text).toContain("'forced-beging'");
    expect(bad.locations[0].physicalLocation.region.startLine).toBeGreaterThan(1);
    expect(results.find((r: any) => r.locations[0].physicalLocation.artifactLocation.uri === 'broken.json').ruleId).toBe('parse');
    const record = results.find((r: any) => r.locations[0].physicalLocation.artifactLocation.uri === 'records.ndjson');
    expect(record.locations[0].physicalLocation.region.startLine).toBe(2);
    expect(log.runs[0].tool.driver.rules.map((r: any) => r.id)).toEqual(expect.arrayContaining(['parse']));
    expect(results.some((r: any) => r.locations[0].physicalLocation.artifactLocation.uri === 'a.json')).toBe(false);
  });

  it('junit: one test case per file, a failure for an invalid one', async () => {
    const result = await validate_(['--format', 'junit', 'a.json', 'bad.json', 'records.ndjson']);
    expect(result.code).toBe(1);
    const xml = result.stdout;
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    expect(xml).toMatch(/<testsuite name="nrx validate" tests="3" failures="2" errors="0"/);
    expect(xml).toContain('<testcase classname="nrx.validate" name="a.json"></testcase>');
    expect(xml).toMatch(/<testcase classname="nrx.validate" name="bad.json">\s*<failure message="1 problem" type="invalid">bad\.json:\d+:\d+: &apos;forced-beging&apos;/);
    expect(xml).toMatch(/<testcase classname="nrx.validate" name="records.ndjson">\s*<failure message="1 problem"[^>]*>records\.ndjson:2:/);
    // Well-formed: every element opened is closed (xmllint, when installed, checks more).
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml.match(/<\/testcase>/g)).toHaveLength(3);
  });

  it('json: one document with a verdict per file and the counts', async () => {
    const result = await validate_(['--format', 'json', 'a.json', 'bad.json']);
    const out = JSON.parse(result.stdout);
    expect(out.summary).toEqual({ files: 2, valid: 1, invalid: 1, unreadable: 0 });
  });
});

describe('nrx validate: colour and progress', () => {
  const env = (extra: Record<string, string>) => {
    const { NO_COLOR: _n, FORCE_COLOR: _f, NODE_DISABLE_COLORS: _d, CI: _c, ...rest } = process.env;
    return { ...rest, ...extra };
  };

  it('colours on a terminal, and not when NO_COLOR is set or output is piped', async () => {
    const terminal = await nrxOnTerminal(['validate', '--spec', fixtureSpecDir, 'a.json', 'bad.json'], { cwd: dir, env: env({}) });
    expect(terminal.stdout).toMatch(ANSI);
    expect(terminal.stdout).toContain('valid');
    const noColour = await nrxOnTerminal(['validate', '--spec', fixtureSpecDir, 'a.json', 'bad.json'], { cwd: dir, env: env({ NO_COLOR: '1' }) });
    expect(noColour.stdout).not.toMatch(ANSI);
    expect(noColour.stdout).toContain('a.json: valid referral');
    const piped = await validate_(['a.json', 'bad.json'], { env: env({}) });
    expect(piped.stdout).not.toMatch(ANSI);
  });

  it('shows a progress bar with rate and ETA on a terminal for a directory, and nothing when piped', async () => {
    const terminal = await nrxOnTerminal(['validate', '--spec', fixtureSpecDir, 'many'], { cwd: dir, env: env({ NO_COLOR: '1' }) });
    expect(terminal.stdout).toMatch(/\d+%\s\|\s\d+\/41 files \| [\d,]+\/s \| ETA /);
    const off = await nrxOnTerminal(['validate', '--spec', fixtureSpecDir, '--no-progress', 'many'], { cwd: dir, env: env({ NO_COLOR: '1' }) });
    expect(off.stdout).not.toMatch(/ETA/);
    const piped = await validate_(['many'], { env: env({}) });
    expect(piped.stderr).toBe('');
    expect(piped.stdout).not.toMatch(/ETA/);
  });

  it('shows the bytes of one NDJSON file as it is read, on a terminal', async () => {
    const terminal = await nrxOnTerminal(['validate', '--spec', fixtureSpecDir, 'records.ndjson'], { cwd: dir, env: env({ NO_COLOR: '1' }) });
    expect(terminal.stdout).toMatch(/MB\/[\d.]+ MB \| [\d.]+ MB\/s \| ETA /);
  });
});

describe('nrx completion', () => {
  const complete = (script: string, words: string[]) => {
    writeFileSync(join(dir, 'completion.bash'), script);
    return execFileSync('bash', ['-c', `source completion.bash; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _nrx; printf '%s\\n' "\${COMPREPLY[@]}"`], { cwd: dir, encoding: 'utf8' })
      .trim()
      .split('\n');
  };

  it('bash: completes commands, subcommands and the options of the command typed so far', async () => {
    const { stdout, code } = await nrx(['completion', 'bash']);
    expect(code).toBe(0);
    expect(complete(stdout, ['nrx', 'va'])).toEqual(['validate']);
    expect(complete(stdout, ['nrx', 'audit', ''])).toEqual(expect.arrayContaining(['verify', 'report', 'export', 'prune']));
    expect(complete(stdout, ['nrx', 'validate', '--fo'])).toEqual(['--format']);
    expect(complete(stdout, ['nrx', 'audit', 'verify', '--sk'])).toEqual(['--skip-signatures']);
  });

  it('zsh and fish scripts name every command', async () => {
    expect((await nrx(['completion', 'zsh'])).stdout).toContain('bashcompinit');
    const fish = (await nrx(['completion', 'fish'])).stdout;
    expect(fish).toContain("complete -c nrx -n '__fish_use_subcommand' -f -a 'validate'");
    expect(fish).toContain("complete -c nrx -n '__fish_seen_subcommand_from validate' -l format");
  });

  it('refuses an unknown shell', async () => {
    const result = await nrx(['completion', 'tcsh']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Allowed choices are bash, zsh, fish");
  });
});
