#!/usr/bin/env node
// The command is written in TypeScript and run through Node's built-in type stripping
// (Node >= 22.18 / 24), so there is no build step between a change and `nrx`. An older Node
// cannot even load the first .ts file, so the version is checked here, in plain JavaScript
// that any Node parses, before anything else is imported.
import { nodeVersionProblem } from './node-version.js';

const problem = nodeVersionProblem(process.versions.node, process.features?.typescript);
if (problem) {
  process.stderr.write(problem);
  process.exit(2);
}
// Node keeps each module's stripped and compiled code in its compile cache (under the temporary
// directory; NODE_DISABLE_COMPILE_CACHE=1 turns it off), so that a command after the first does
// not strip its TypeScript again: most of `nrx --help`'s start-up (bench/cli, BENCHMARKS.md).
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
