import { Command, CommanderError } from 'commander';

/** Builds the `nrx` command tree. Each subcommand lives in its own module under cli/commands. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('nrx')
    .description('NRX: the referral exchange standard and gateway for National Referral Mechanisms')
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
