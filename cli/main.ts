import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';

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
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exit.code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    process.stderr.write(`nrx: ${(error as Error).message}\n`);
    return 2;
  }
}
