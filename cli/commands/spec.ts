import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { ExitState } from './index.ts';
import { defaultSpecDir } from '../../lib/spec/paths.ts';
import type { Spec } from '../../lib/spec/types.ts';
import { NrxError } from '../../lib/errors.ts';

/** The spec's tooling, loaded when a subcommand runs, so that `nrx --help` stays fast. */
const tools = () => import('../spec-tools.ts');

function isDir(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

function usage(message: string): never {
  throw new NrxError('CLI_USAGE', message);
}

export function register(program: Command, exit: ExitState): void {
  const spec = program.command('spec').description('Check, compare, profile and document the NRX standard');

  spec
    .command('check')
    .description('Check every schema against the NRX meta-schemas and compile it in strict mode')
    .argument('[dir]', 'spec version directory', defaultSpecDir)
    .action(async (dir: string) => {
      const t = await tools();
      if (!isDir(dir)) return usage(`${dir} is not a directory`);
      const loaded = t.loadSpec(resolve(dir), { fresh: true });
      const problems = t.specProblems(loaded);
      for (const p of problems) process.stdout.write(`${p.file} ${p.path}: ${p.message}\n`);
      const files = new Set(problems.map((p) => p.file)).size;
      if (problems.length) {
        process.stdout.write(`${problems.length} problem(s) in ${files} file(s)\n`);
        exit.code = 1;
      } else process.stdout.write(`${loaded.schemas.length} schemas OK (NRX ${loaded.version})\n`);
    });

  spec
    .command('diff')
    .description('Classify every change between two spec versions as breaking, non-breaking or policy, and suggest the version bump')
    .argument('<old-dir>', 'the earlier spec version directory')
    .argument('<new-dir>', 'the later spec version directory')
    .option('--format <format>', 'text or json', 'text')
    .action(async (oldDir: string, newDir: string, options: { format: string }) => {
      const t = await tools();
      if (!['text', 'json'].includes(options.format)) return usage(`unknown format '${options.format}' (use text or json)`);
      for (const dir of [oldDir, newDir]) if (!isDir(dir)) return usage(`${dir} is not a directory`);
      let before: Spec;
      let after: Spec;
      try {
        before = t.loadSpec(resolve(oldDir), { fresh: true });
        after = t.loadSpec(resolve(newDir), { fresh: true });
      } catch (error) {
        return usage((error as Error).message);
      }
      const diff = t.diffSpecs(before, after);
      process.stdout.write(options.format === 'json' ? `${JSON.stringify(diff, null, 2)}\n` : `${t.formatDiff(diff)}\n`);
      exit.code = diff.breaking ? 1 : 0;
    });

  spec
    .command('profile')
    .description('Apply a country profile (JSON Merge Patches over the base schemas) and print or write the merged schemas')
    .argument('<code>', 'profile code, e.g. rs')
    .option('--out <dir>', 'write the merged schemas into this directory instead of printing them')
    .option('--spec <dir>', 'base spec version directory', defaultSpecDir)
    .option('--profiles <dir>', 'profiles directory (default: spec/profiles)')
    .action(async (code: string, options: { out?: string; spec: string; profiles?: string }) => {
      const t = await tools();
      const profile = t.loadProfile(code, { specDir: resolve(options.spec), profilesDir: resolve(options.profiles ?? t.defaultProfilesDir) });
      const problems = t.specProblems(profile).filter((p) => profile.patched.includes(p.file) || profile.derived.includes(p.file));
      for (const p of problems) process.stderr.write(`${p.file} ${p.path}: ${p.message}\n`);
      if (problems.length) exit.code = 1;
      const files = t.profileFiles(profile);
      const summary = `${profile.profile.name} profile ${profile.profile.version}: patched ${profile.patched.join(', ')}; also re-homed ${profile.derived.join(', ') || 'nothing'}`;
      if (!options.out) {
        const all = Object.fromEntries([...files].map(([file, text]) => [file, JSON.parse(text)]));
        process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
        return;
      }
      for (const [file, text] of files) {
        const path = join(options.out, file);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, text);
      }
      process.stdout.write(`${summary}\nwrote ${files.size} schema(s) to ${options.out}\n`);
    });

  spec
    .command('generate')
    .description('Regenerate the TypeScript types (schema/generated), the reference docs (spec/docs) and the GraphQL SDL (schema/nrx.graphql) from the spec')
    .action(async () => {
      const t = await tools();
      const { sdlArtefact } = await import('../../schema/graphql/sdl.ts');
      const files = await t.generateArtefacts(t.loadSpec(defaultSpecDir, { fresh: true }), t.defaultTargets, [sdlArtefact]);
      const written = t.writeArtefacts(files);
      process.stdout.write(written.length ? `updated ${written.join(', ')}\n` : `${files.size} generated files already up to date\n`);
    });
}
