import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import mergePatch from 'json-merge-patch';
import { loadSpec, toCodelist } from './load.ts';
import { defaultSpecDir, repoRoot } from './paths.ts';
import type { Codelist, JsonSchemaObject, Spec, SpecSchema } from './types.ts';
import { NrxError } from '../errors.ts';

/** Where country profiles live: one folder per profile code. */
export const defaultProfilesDir = join(repoRoot, 'spec', 'profiles');

/** The manifest `profile.json` of a country profile. */
export interface ProfileManifest {
  /** Lowercase code, the folder name and the value a payload's `profile` carries, e.g. `rs`. */
  code: string;
  name: string;
  /** ISO 3166-1 alpha-2 code of the country whose rules the profile adds. */
  country: string;
  /** The profile's own semantic version. */
  version: string;
  /** The lowest release of the base standard the profile was written against (same major). */
  baseSpecVersion: string;
  description: string;
}

/** A spec with a country profile applied: what the validator and the gateway load. */
export interface ProfileSpec extends Spec {
  profile: ProfileManifest;
  /** The profile's own folder (its manifest and patches); `dir` stays the base version's, whose field groups and labels apply. */
  profileDir: string;
  /** The base of the profile's own `$id`s, e.g. `https://nrx.exchange/spec/v1/profiles/rs/`. */
  profileBaseUri: string;
  /** Files the profile patches directly. */
  patched: string[];
  /** Files copied under the profile because they refer, directly or not, to a patched one. */
  derived: string[];
}

/** Calls `replace` on every `$ref` string at any depth and returns the rewritten copy. */
export function mapRefs(node: unknown, replace: (ref: string) => string): unknown {
  if (Array.isArray(node)) return node.map((item) => mapRefs(item, replace));
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, key === '$ref' && typeof value === 'string' ? replace(value) : mapRefs(value, replace)]),
  );
}

/** Every document (absolute URI without fragment) a schema refers to. */
export function referencedDocuments(schema: SpecSchema): Set<string> {
  const found = new Set<string>();
  mapRefs(schema.json, (ref) => {
    if (!ref.startsWith('#')) found.add(new URL(ref, schema.id).href.split('#')[0]!);
    return ref;
  });
  return found;
}

function readJson(file: string): any {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new NrxError('PROFILE_INVALID', `cannot read ${file}: ${(error as Error).message}`);
  }
}

function patchFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...patchFiles(path));
    else if (entry.name.endsWith('.schema.json')) files.push(path);
  }
  return files.sort();
}

/** The codes of the profiles found in the profiles folder. */
export function listProfiles(profilesDir: string = defaultProfilesDir): string[] {
  if (!existsSync(profilesDir)) return [];
  return readdirSync(profilesDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(profilesDir, e.name, 'profile.json')))
    .map((e) => e.name)
    .sort();
}

export function readProfileManifest(code: string, profilesDir: string = defaultProfilesDir): ProfileManifest {
  const file = join(profilesDir, code, 'profile.json');
  if (!existsSync(file)) {
    const known = listProfiles(profilesDir);
    throw new NrxError('PROFILE_INVALID', `no profile '${code}' in ${profilesDir}${known.length ? ` (known: ${known.join(', ')})` : ''}`);
  }
  const manifest = readJson(file) as ProfileManifest;
  for (const key of ['code', 'name', 'country', 'version', 'baseSpecVersion', 'description'] as const) {
    if (typeof manifest[key] !== 'string' || !manifest[key]) throw new NrxError('PROFILE_INVALID', `${file}: '${key}' must be a non-empty string`);
  }
  if (manifest.code !== code) throw new NrxError('PROFILE_INVALID', `${file}: code '${manifest.code}' does not match its folder '${code}'`);
  return manifest;
}

const semver = (v: string) => v.split('.').map(Number) as [number, number, number];

/** True when a spec release can carry a profile written against `base`: same major, not older. */
function compatible(specVersion: string, base: string): boolean {
  const [a, b, c] = semver(specVersion);
  const [x, y, z] = semver(base);
  return a === x && (b > y || (b === y && c >= z));
}

/**
 * Applies a country profile to the base spec. Each patch file is a JSON Merge Patch (RFC 7386)
 * over the base schema of the same path. A patched schema gets its own `$id` under
 * `<baseUri>profiles/<code>/`; so does every schema that refers to it, directly or through
 * others, so that a profile `referral` validates its sections with the profile's rules.
 * All other schemas stay the base ones, and `$ref`s point to the profile's copy where there is
 * one and to the base `$id` otherwise.
 */
export function loadProfile(
  code: string,
  { specDir = defaultSpecDir, profilesDir = defaultProfilesDir }: { specDir?: string; profilesDir?: string } = {},
): ProfileSpec {
  const manifest = readProfileManifest(code, profilesDir);
  const base = loadSpec(specDir);
  if (!compatible(base.version, manifest.baseSpecVersion)) {
    throw new NrxError('PROFILE_INVALID', `profile '${code}' needs NRX ${manifest.baseSpecVersion} or a later ${semver(manifest.baseSpecVersion)[0]}.x; ${specDir} is ${base.version}`);
  }
  const dir = join(profilesDir, code);
  const profileBase = `${base.baseUri}profiles/${code}/`;
  const byFile = new Map(base.schemas.map((s) => [s.file, s]));

  const patches = new Map<string, JsonSchemaObject>();
  for (const path of patchFiles(dir)) {
    const file = relative(dir, path).split('\\').join('/');
    if (!byFile.has(file)) throw new NrxError('PROFILE_INVALID', `${path} patches ${file}, which the base spec does not have`);
    patches.set(file, readJson(path));
  }

  // Re-home every schema that reaches a patched one, so the profile's rules apply wherever it is used.
  const rehomed = new Set(patches.keys());
  for (let grew = true; grew; ) {
    grew = false;
    for (const schema of base.schemas) {
      if (rehomed.has(schema.file)) continue;
      const refs = referencedDocuments(schema);
      if ([...rehomed].some((file) => refs.has(byFile.get(file)!.id))) {
        rehomed.add(schema.file);
        grew = true;
      }
    }
  }
  const newId = (file: string) => profileBase + file;
  const rehomedIds = new Map([...rehomed].map((file) => [byFile.get(file)!.id, newId(file)]));

  const schemas: SpecSchema[] = base.schemas.map((schema) => {
    if (!rehomed.has(schema.file)) return schema;
    const patch = patches.get(schema.file);
    const merged = (patch ? mergePatch.apply(structuredClone(schema.json), patch) : structuredClone(schema.json)) as JsonSchemaObject;
    const json = mapRefs(merged, (ref) => {
      if (ref.startsWith('#')) return ref;
      const [doc, fragment] = new URL(ref, schema.id).href.split('#');
      return (rehomedIds.get(doc!) ?? doc) + (fragment ? `#${fragment}` : '');
    }) as JsonSchemaObject;
    json.$id = newId(schema.file);
    const result: SpecSchema = { id: json.$id as string, file: schema.file, name: schema.name, json };
    if (json['x-nrx-codelist']) result.codelist = toCodelist(result.name, result.json);
    return result;
  });

  const byId = new Map(schemas.map((s) => [s.id, s]));
  const codelists = new Map(schemas.filter((s) => s.codelist).map((s) => [s.name, s.codelist!]));
  const documentKinds = new Map<string, string>();
  for (const schema of schemas) {
    const kind = (schema.json.properties as any)?.kind?.const;
    if (typeof kind === 'string') documentKinds.set(kind, schema.id);
  }
  return {
    ...base,
    profileDir: dir,
    title: `${base.title} (${manifest.name} profile)`,
    profileBaseUri: profileBase,
    schemas,
    byId,
    codelists,
    documentKinds,
    profile: manifest,
    patched: [...patches.keys()].sort(),
    derived: [...rehomed].filter((f) => !patches.has(f)).sort(),
  };
}

/** The schemas a profile changes (patched and derived), as files to write: path -> JSON text. */
export function profileFiles(profile: ProfileSpec): Map<string, string> {
  const files = new Map<string, string>();
  for (const file of [...profile.patched, ...profile.derived].sort()) {
    const schema = profile.schemas.find((s) => s.file === file)!;
    files.set(file, `${JSON.stringify(schema.json, null, 2)}\n`);
  }
  return files;
}
