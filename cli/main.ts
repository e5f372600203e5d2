import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { isNrxError } from '../lib/errors.ts';
import type { ExitClass } from '../lib/error-codes.ts';

/**
 * The exit status of `nrx` for each class of error in the registry (lib/error-codes.ts): the one
 * place where errors become exit codes. A command sets 0 or 1 itself only for its result (valid or
 * not, findings or none); everything it cannot do, it throws.
 */
export const EXIT_CODES: Readonly<Record<ExitClass, number>> = { failed: 1, usage: 2, internal: 70 };

/** The exit status for an error: by its code's class; commander's usage errors are 2; anything else is a defect. */
export function exitCodeFor(error: unknown): number {
  if (isNrxError(error)) return EXIT_CODES[error.info.exit];
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_CODES.usage;
  return EXIT_CODES.internal;
}

/** The version `nrx --version` prints: the package's own. */
export function nrxVersion(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/**
 * Builds the `nrx` command tree. Each subcommand lives in its own module under cli/commands and
 * loads what it needs to run only when it runs, so that `nrx --help` and the small commands
 * start quickly (bench/cli, BENCHMARKS.md).
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('nrx')
    .description('NRX: the referral exchange standard and gateway for National Referral Mechanisms')
    .version(nrxVersion(), '-V, --version', 'print the version of nrx')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  const { registerCommands } = await import('./commands/index.ts');
  const exit = { code: 0 };
  await registerCommands(program, exit);
  // The command that runs, as the user typed it, to name it in front of an error.
  let running = 'nrx';
  program.hook('preAction', (_program, action) => {
    const names: string[] = [];
    for (let c: Command | null = action; c; c = c.parent) names.unshift(c.name());
    running = names.join(' ');
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exit.code;
  } catch (error) {
    // Commander has already printed its own message.
    if (!(error instanceof CommanderError)) process.stderr.write(`${running}: ${(error as Error).message}\n`);
    return exitCodeFor(error);
  }
}
