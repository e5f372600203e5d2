import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** A small, stable spec of our own, so these tests do not move while the published schemas are written. */
export const fixtureDir = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const fixtureSpecDir = join(fixtureDir, 'spec');
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export function readFixture(path: string): any {
  return JSON.parse(readFileSync(join(fixtureDir, path), 'utf8'));
}

/** The valid fixture referral, fresh for each mutation. */
export function fixtureReferral(): any {
  return readFixture('examples/referral.json');
}
