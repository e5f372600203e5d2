/**
 * PGlite's WebAssembly, compiled once per process. Every worker would otherwise compile its own
 * 9 MB copy (PGlite caches the compiled module per thread only), which costs each opened database
 * about a second of CPU; a compiled module passed to a worker shares its machine code.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface PgliteWasm {
  pgliteWasmModule: WebAssembly.Module;
  initdbWasmModule: WebAssembly.Module;
}

let compiled: Promise<PgliteWasm> | undefined;

async function compile(): Promise<PgliteWasm> {
  const dist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  const [pgliteWasmModule, initdbWasmModule] = await Promise.all(
    ['pglite.wasm', 'initdb.wasm'].map(async (file) => WebAssembly.compile(await readFile(join(dist, file)))),
  );
  return { pgliteWasmModule: pgliteWasmModule!, initdbWasmModule: initdbWasmModule! };
}

export function pgliteWasm(): Promise<PgliteWasm> {
  // A failed compile is not remembered: the next open tries again and reports its own error.
  compiled ??= compile().catch((error) => {
    compiled = undefined;
    throw error;
  });
  return compiled;
}
