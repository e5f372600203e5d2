import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { generateDocs } from './docs.ts';
import { errorCodesDoc } from '../error-codes-doc.ts';
import { repoRoot } from './paths.ts';
import { generateTypes } from './typegen.ts';
import type { Spec } from './types.ts';

export interface ArtefactTargets {
  /** The TypeScript declarations file. */
  typesFile: string;
  /** The folder of the human documentation; every `.md` file in it is generated. */
  docsDir: string;
  /** The list of error codes, from lib/error-codes.ts. */
  errorsFile?: string;
}

export const defaultTargets: ArtefactTargets = {
  typesFile: join(repoRoot, 'schema', 'generated', 'nrx.d.ts'),
  docsDir: join(repoRoot, 'spec', 'docs'),
  errorsFile: join(repoRoot, 'docs', 'errors.md'),
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
  for (const generate of more) {
    const [path, text] = await generate(spec);
    files.set(path, text);
  }
  return files;
}

/** Generated pages on disk that the current spec no longer produces (a schema was removed or renamed). */
function orphanedDocs(files: Map<string, string>, docsDir: string): string[] {
  if (!existsSync(docsDir)) return [];
  return readdirSync(docsDir)
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(docsDir, name))
    .filter((path) => !files.has(path))
    .sort();
}

/** Writes the artefacts and removes orphaned pages; returns the paths written, relative to the repository. */
export function writeArtefacts(files: Map<string, string>, targets: ArtefactTargets = defaultTargets): string[] {
  for (const path of orphanedDocs(files, targets.docsDir)) rmSync(path);
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
  stale.push(...orphanedDocs(files, targets.docsDir).map((p) => relative(repoRoot, p)));
  return stale.sort();
}
