import { Argument, type Command } from 'commander';
import { completionScript, SHELLS, type Shell } from '../completion.ts';
import type { ExitState } from './index.ts';

export function register(program: Command, exit: ExitState): void {
  program
    .command('completion')
    .description('Print a shell completion script for nrx (bash, zsh or fish)')
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
    .addHelpText('after', '\nExamples:\n  nrx completion bash > ~/.local/share/bash-completion/completions/nrx\n  nrx completion zsh > ~/.zsh/nrx-completion.zsh   # then: source it from ~/.zshrc\n  nrx completion fish > ~/.config/fish/completions/nrx.fish')
    .action((shell: Shell) => {
      process.stdout.write(completionScript(program, shell));
      exit.code = 0;
    });
}
