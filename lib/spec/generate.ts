import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { generateDocs } from './docs.ts';
import { errorCodesDoc } from '../error-codes-doc.ts';
import { PUBLISHED_PROFILES_FOLDER } from './load.ts';
import { repoRoot } from './paths.ts';
import { defaultProfilesDir, listProfiles, loadProfile, profileFiles } from './profile.ts';
import { generateTypes } from './typegen.ts';
import type { Spec } from './types.ts';

export interface ArtefactTargets {
  /** The TypeScript declarations file. */
  typesFile: string;
  /** The folder of the human documentation; every `.md` file in it is generated. */
  docsDir: string;
  /** The list of error codes, from lib/error-codes.ts. */
  errorsFile?: string;
  /**
   * The country profiles (`from`) whose merged schemas are published in `publishTo`/<code>/, the
   * spec version's `profiles` folder, at the paths their `$id`s name.
   */
  profiles?: { from: string; publishTo: string };
}

export const defaultTargets: ArtefactTargets = {
  typesFile: join(repoRoot, 'schema', 'generated', 'nrx.d.ts'),
  docsDir: join(repoRoot, 'spec', 'docs'),
  errorsFile: join(repoRoot, 'docs', 'errors.md'),
  profiles: { from: defaultProfilesDir, publishTo: join(repoRoot, 'spec', 'v1', PUBLISHED_PROFILES_FOLDER) },
};

/**
 * An artefact a higher layer derives from the spec (the GraphQL SDL): its absolute path and content.
 * Passed in, so that this module depends on nothing above the spec.
 */
export type ArtefactGenerator = (spec: Spec) => [path: string, text: string] | Promise<[path: string, text: string]>;

/** Everything generated from the spec (types, docs, the error list, and `more`), as absolute path -> content. */
export async function generateArtefacts(spec: Spec, targets: ArtefactTargets = defaultTargets, more: ArtefactGenerator[] = []): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  files.set(targets.typesFile, await generateTypes(spec));
  for (const [name, text] of generateDocs(spec)) files.set(join(targets.docsDir, name), text);
  if (targets.errorsFile) files.set(targets.errorsFile, errorCodesDoc());
  if (targets.profiles) {
    const { from, publishTo } = targets.profiles;
    for (const code of listProfiles(from)) {
      for (const [file, text] of profileFiles(loadProfile(code, { specDir: spec.dir, profilesDir: from }))) files.set(join(publishTo, code, file), text);
    }
  }
  for (const generate of more) {
    const [path, text] = await generate(spec);
    files.set(path, text);
  }
  return files;
}

/**
 * Generated files on disk that the current spec no longer produces (a schema was removed or
 * renamed, a profile stopped patching a file).
 */
function orphaned(files: Map<string, string>, targets: ArtefactTargets): string[] {
  const inFolder = (dir: string | undefined, suffix: string, recursive: boolean): string[] =>
    dir && existsSync(dir)
      ? readdirSync(dir, { recursive, withFileTypes: true })
          .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
          .map((entry) => join(entry.parentPath, entry.name))
      : [];
  return [...inFolder(targets.docsDir, '.md', false), ...inFolder(targets.profiles?.publishTo, '.schema.json', true)]
    .filter((path) => !files.has(path))
    .sort();
}

/** Writes the artefacts and removes orphaned pages; returns the paths written, relative to the repository. */
export function writeArtefacts(files: Map<string, string>, targets: ArtefactTargets = defaultTargets): string[] {
  for (const path of orphaned(files, targets)) rmSync(path);
  const written: string[] = [];
  for (const [path, text] of files) {
    mkdirSync(dirname(path), { recursive: true });
    const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (current === text) continue;
    writeFileSync(path, text);
    written.push(relative(repoRoot, path));
  }
  return written;
}

/** Artefacts whose file on disk differs from what the spec generates now (missing, changed or orphaned). */
export function staleArtefacts(files: Map<string, string>, targets: ArtefactTargets = defaultTargets): string[] {
  const stale: string[] = [];
  for (const [path, text] of files) {
    const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (current !== text) stale.push(relative(repoRoot, path));
  }
  stale.push(...orphaned(files, targets).map((p) => relative(repoRoot, p)));
  return stale.sort();
}
