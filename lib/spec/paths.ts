import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The repository root, found from this file so that commands work from any working directory. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The directory of the current major version of the standard. */
export const defaultSpecDir = join(repoRoot, 'spec', 'v1');

export const metaSchemaDir = join(repoRoot, 'spec', 'meta');
