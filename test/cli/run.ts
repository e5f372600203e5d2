import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const nrxBin = join(repoRoot, 'bin/nrx.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to the end, its output piped (not a terminal). */
export function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: string | Buffer } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? repoRoot, env: options.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** `nrx` as a user runs it, with output piped. */
export function nrx(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<Run> {
  return run(process.execPath, [nrxBin, ...args], options);
}

/**
 * `nrx` on a terminal: util-linux `script` gives it a pseudo-terminal for standard input,
 * output and error, and copies what it printed (both streams, as a terminal shows them).
 */
export function nrxOnTerminal(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
  const command = [process.execPath, nrxBin, ...args].map(quote).join(' ');
  return run('script', ['-qec', command, '/dev/null'], { ...options, env: { TERM: 'xterm-256color', ...(options.env ?? process.env) } });
}
