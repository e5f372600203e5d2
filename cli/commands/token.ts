import { InvalidArgumentError, type Command } from 'commander';
import { ROLES } from '../../gateway/auth/roles.ts';
import { DEFAULT_TOKEN_TTL_SECONDS, MAX_TOKEN_LIFETIME_SECONDS } from '../../gateway/auth/token-lifetime.ts';
import type { ExitState } from './index.ts';

function seconds(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > MAX_TOKEN_LIFETIME_SECONDS) throw new InvalidArgumentError(`must be whole seconds from 1 to ${MAX_TOKEN_LIFETIME_SECONDS}`);
  return n;
}

export function register(program: Command, exit: ExitState): void {
  program
    .command('token')
    .description('Sign an access token for a gateway with a member key, and print it')
    .requiredOption('--key <file>', "the member's private signing JWK")
    .requiredOption('--iss <member>', 'the issuing member id, e.g. RS/GOV/CPTV')
    .requiredOption('--sub <user>', "the staff member's pseudonym")
    .requiredOption('--aud <gateway>', 'the gateway the token is for')
    .requiredOption('--purpose <code>', 'purpose of use (codelists/purpose)')
    .requiredOption('--role <role>', `role: ${ROLES.join(', ')}`)
    .option('--ttl <seconds>', `lifetime in seconds, at most ${MAX_TOKEN_LIFETIME_SECONDS}`, seconds, DEFAULT_TOKEN_TTL_SECONDS)
    .action(async (opts: { key: string; iss: string; sub: string; aud: string; purpose: string; role: string; ttl: number }) => {
      const [{ readPrivateJwkFile }, { issueToken }] = await Promise.all([import('../../gateway/auth/keys.ts'), import('../../gateway/auth/token.ts')]);
      const token = await issueToken({
        privateJwk: readPrivateJwkFile(opts.key),
        issuer: opts.iss,
        subject: opts.sub,
        audience: opts.aud,
        purpose: opts.purpose,
        role: opts.role,
        ttlSeconds: opts.ttl,
      });
      process.stdout.write(`${token}\n`);
      exit.code = 0;
    });
}
