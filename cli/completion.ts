import type { Command } from 'commander';

/** One command of the tree as completion sees it: its path of names, subcommands and long options. */
interface Node {
  path: string;
  subcommands: { name: string; description: string }[];
  options: { flag: string; description: string }[];
}

function walk(command: Command, path: string[] = []): Node[] {
  const here: Node = {
    path: path.join(' '),
    subcommands: command.commands.map((c) => ({ name: c.name(), description: c.description() })),
    options: [...command.options.map((o) => ({ flag: o.long ?? o.short ?? '', description: o.description })), { flag: '--help', description: 'show help' }].filter((o) => o.flag),
  };
  return [here, ...command.commands.flatMap((c) => walk(c, [...path, c.name()]))];
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/**
 * A completion script for the command tree as it is, so that a new command or option completes
 * without anyone editing a script: subcommands, then long options after a '-', else file names.
 */
export function completionScript(program: Command, shell: Shell): string {
  const nodes = walk(program);
  if (shell === 'fish') return fishScript(nodes);
  const cases = (pick: (n: Node) => string[]) =>
    nodes.map((n) => `    '${n.path}') echo '${pick(n).join(' ')}' ;;`).join('\n');
  const bash = `# nrx completion for ${shell}. Install: nrx completion ${shell} > ~/.local/share/nrx-completion.${shell} and source it from your shell's rc file.
__nrx_subcommands() {
  case "$1" in
${cases((n) => n.subcommands.map((s) => s.name))}
  esac
}
__nrx_options() {
  case "$1" in
${cases((n) => n.options.map((o) => o.flag))}
  esac
}
_nrx() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" w next i
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ $w == -* ]] && continue
    for next in $(__nrx_subcommands "$path"); do
      if [[ $next == "$w" ]]; then path="\${path:+$path }$w"; break; fi
    done
  done
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(__nrx_options "$path")" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$(__nrx_subcommands "$path")" -- "$cur"))
    [[ \${#COMPREPLY[@]} -eq 0 ]] && COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _nrx nrx
`;
  return shell === 'zsh' ? `autoload -U +X bashcompinit && bashcompinit\n${bash}` : bash;
}

function fishScript(nodes: Node[]): string {
  const quote = (s: string) => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  const lines = ['# nrx completion for fish. Install: nrx completion fish > ~/.config/fish/completions/nrx.fish'];
  for (const node of nodes) {
    const words = node.path ? node.path.split(' ') : [];
    const condition = words.length === 0 ? '__fish_use_subcommand' : `__fish_seen_subcommand_from ${words.at(-1)}`;
    for (const s of node.subcommands) lines.push(`complete -c nrx -n ${quote(condition)} -f -a ${quote(s.name)} -d ${quote(s.description.split('. ')[0]!.slice(0, 80))}`);
    for (const o of node.options) {
      if (!o.flag.startsWith('--')) continue;
      lines.push(`complete -c nrx -n ${quote(condition)} -l ${o.flag.slice(2)} -d ${quote(o.description.slice(0, 80))}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
