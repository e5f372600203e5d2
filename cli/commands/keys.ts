import { chmodSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import type { ExitState } from './index.ts';
import { NrxError } from '../../lib/errors.ts';

/** Where the two halves go: a directory gets `<kid>.private.jwk` and `<kid>.public.jwk`; a file name is the private key. */
export function keyFilePaths(out: string, kid: string): { privateFile: string; publicFile: string } {
  if (out.endsWith('/') || (existsSync(out) && statSync(out).isDirectory())) {
    const stem = /^[A-Za-z0-9._-]{1,100}$/.test(kid) ? kid : 'signing';
    return { privateFile: join(out, `${stem}.private.jwk`), publicFile: join(out, `${stem}.public.jwk`) };
  }
  const match = /^(.*?)(\.private)?(\.jwk\.json|\.jwk|\.json)?$/.exec(out)!;
  return { privateFile: out, publicFile: `${match[1]}.public${match[3] ?? '.jwk'}` };
}

function writeNew(file: string, text: string, mode: number): void {
  try {
    writeFileSync(file, text, { mode, flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new NrxError('FILE_UNWRITABLE', code === 'EEXIST' ? `${file} already exists; keys are never overwritten` : `cannot write ${file} (${code ?? (error as Error).message})`);
  }
  chmodSync(file, mode);
}

export function register(program: Command, exit: ExitState): void {
  const keys = program.command('keys').description('Manage signing keys (JWK)');
  keys
    .command('generate')
    .description('Generate a signing key pair: a private JWK (mode 0600) and its public JWK')
    .addOption(new Option('--alg <alg>', 'signature algorithm').choices(['ES256', 'EdDSA']).default('ES256'))
    .option('--kid <kid>', 'key id (default: the RFC 7638 thumbprint)')
    .requiredOption('--out <dir|file>', 'directory for <kid>.private.jwk and <kid>.public.jwk, or the private key file name')
    .action(async (opts: { alg: 'ES256' | 'EdDSA'; kid?: string; out: string }) => {
      const { generateSigningKey } = await import('../../gateway/auth/keys.ts');
      const { privateJwk, publicJwk } = await generateSigningKey({ alg: opts.alg, ...(opts.kid ? { kid: opts.kid } : {}) });
      const { privateFile, publicFile } = keyFilePaths(opts.out, privateJwk.kid!);
      for (const file of [privateFile, publicFile]) {
        if (existsSync(file)) throw new NrxError('FILE_UNWRITABLE', `${file} already exists; keys are never overwritten`);
      }
      writeNew(privateFile, `${JSON.stringify(privateJwk, null, 2)}\n`, 0o600);
      writeNew(publicFile, `${JSON.stringify(publicJwk, null, 2)}\n`, 0o644);
      process.stdout.write(`kid ${privateJwk.kid} (${opts.alg})\nprivate key: ${privateFile}\npublic key:  ${publicFile}\n`);
      exit.code = 0;
    });
}
