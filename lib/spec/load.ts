import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defaultSpecDir } from './paths.ts';
import type { Codelist, JsonSchemaObject, SensitivityTier, Spec, SpecSchema, Transform } from './types.ts';
import { NrxError } from '../errors.ts';

const cache = new Map<string, Spec>();

/**
 * Reads one major version of the standard from disk: its manifest, sensitivity tiers,
 * object schemas and codelists. Cached per directory; pass `fresh` to re-read.
 */
export function loadSpec(dir: string = defaultSpecDir, { fresh = false } = {}): Spec {
  const cached = cache.get(dir);
  if (cached && !fresh) return cached;
  const spec = readSpec(dir);
  cache.set(dir, spec);
  return spec;
}

function readJson(file: string): any {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new NrxError('SPEC_INVALID', `cannot read ${file}: ${(error as Error).message}`);
  }
}

/**
 * The folder of a version where the country profiles' merged schemas are published (generated
 * from spec/profiles, under the `$id`s they carry); they are not part of the base standard.
 */
export const PUBLISHED_PROFILES_FOLDER = 'profiles';

function schemaFiles(dir: string, top = true): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!(top && entry.name === PUBLISHED_PROFILES_FOLDER)) files.push(...schemaFiles(path, false));
    }
    else if (entry.name.endsWith('.schema.json')) files.push(path);
  }
  return files.sort();
}

function readSpec(dir: string): Spec {
  if (!existsSync(join(dir, 'spec.json'))) throw new NrxError('SPEC_NOT_FOUND', `${dir} is not an NRX spec directory (no spec.json)`);
  const manifest = readJson(join(dir, 'spec.json'));
  const sensitivity = readJson(join(dir, 'sensitivity.json'));
  const schemas: SpecSchema[] = [];
  const byId = new Map<string, SpecSchema>();
  const codelists = new Map<string, Codelist>();
  const documentKinds = new Map<string, string>();

  for (const path of schemaFiles(dir)) {
    const json = readJson(path) as JsonSchemaObject;
    const file = relative(dir, path).split('\\').join('/');
    const name = file.split('/').pop()!.replace(/\.schema\.json$/, '');
    const id = json.$id;
    if (typeof id !== 'string') throw new NrxError('SPEC_INVALID', `${file} has no $id`);
    if (byId.has(id)) throw new NrxError('SPEC_INVALID', `${file} repeats the $id of ${byId.get(id)!.file}`);
    const schema: SpecSchema = { id, file, name, json };
    if (json['x-nrx-codelist']) {
      schema.codelist = toCodelist(name, json);
      codelists.set(name, schema.codelist);
    }
    const kind = (json.properties as any)?.kind?.const;
    if (typeof kind === 'string') documentKinds.set(kind, id);
    schemas.push(schema);
    byId.set(id, schema);
  }
  schemas.sort((a, b) => Number(Boolean(a.codelist)) - Number(Boolean(b.codelist)) || a.file.localeCompare(b.file));

  return {
    dir,
    title: manifest.title,
    version: manifest.specVersion,
    baseUri: manifest.baseUri,
    tiers: sensitivity.tiers as SensitivityTier[],
    transforms: sensitivity.transforms as Transform[],
    schemas,
    byId,
    codelists,
    documentKinds,
  };
}

/** Reads a codelist schema (`oneOf` of documented constants) as a list of codes. */
export function toCodelist(name: string, json: JsonSchemaObject): Codelist {
  const meta = json['x-nrx-codelist'] as { version: string };
  const entries = (json.oneOf ?? []) as Array<{ const: string; title: string; description: string; deprecated?: boolean }>;
  return {
    name,
    id: json.$id as string,
    title: json.title as string,
    description: json.description as string,
    version: meta.version,
    codes: entries.map((e) => ({
      code: e.const,
      label: e.title,
      definition: e.description,
      ...(e.deprecated ? { deprecated: true } : {}),
    })),
  };
}
