import { styleText } from 'node:util';

type Style = Parameters<typeof styleText>[0];

/**
 * Colour for one output stream, decided the way Node decides it: only on a terminal, never when
 * NO_COLOR or NODE_DISABLE_COLORS is set, always when FORCE_COLOR asks for it.
 */
export function painter(stream: NodeJS.WriteStream = process.stdout): (style: Style, text: string) => string {
  return (style, text) => styleText(style, text, { stream, validateStream: true });
}

/** A line as the text report prints it, coloured by what it says. */
export function colourLine(line: string, paint: ReturnType<typeof painter>): string {
  if (/: valid\b/.test(line)) return line.replace(/: valid\b/, `: ${paint('green', 'valid')}`);
  if (/: invalid\b/.test(line)) return line.replace(/: invalid\b/, `: ${paint('red', 'invalid')}`);
  if (line.startsWith('    expected: ')) return paint('dim', line);
  const at = /^([^:\s][^:]*(?::\d+){0,2}): /.exec(line);
  return at ? `${paint('bold', at[1]!)}: ${line.slice(at[0].length)}` : line;
}
