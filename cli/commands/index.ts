import { readdirSync } from 'node:fs';
import type { Command } from 'commander';
import { NrxError } from '../../lib/errors.ts';

/** Shared by every subcommand: the exit code a command sets for `nrx` to return. */
export interface ExitState {
  code: number;
}

export interface CommandModule {
  register(program: Command, exit: ExitState): void;
}

/**
 * Registers every subcommand module in this folder. Each module exports
 * `register(program, exit)`; adding a command means adding a file, nothing else.
 */
export async function registerCommands(program: Command, exit: ExitState): Promise<void> {
  const here = new URL('./', import.meta.url);
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .sort();
  const modules = await Promise.all(files.map((file) => import(new URL(file, here).href) as Promise<Partial<CommandModule>>));
  for (const [i, module] of modules.entries()) {
    const file = files[i]!;
    if (typeof module.register !== 'function') throw new NrxError('INTERNAL', `cli/commands/${file} does not export register()`);
    module.register(program, exit);
  }
}
