import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';

/** Loaded when a subcommand runs, so that `nrx --help` stays fast. */
const tools = async () => ({ ...(await import('../../gateway/auth/keys.ts')), ...(await import('../../gateway/auth/trust-list.ts')) });
import type { TrustList } from '../../gateway/auth/types.ts';
import type { ExitState } from './index.ts';
import { NrxError } from '../../lib/errors.ts';

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new NrxError('FILE_UNREADABLE', `cannot read ${what} ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

function days(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 366) throw new InvalidArgumentError('must be whole days from 1 to 366');
  return n;
}

/**
 * The document to sign. What an issue needs and the source leaves out is stamped (a fresh id,
 * a sequence from the clock so that it rises, issued now, nextUpdate after `validDays`), so an
 * operator can keep one members file and re-sign it on schedule.
 */
function stamp(document: Record<string, unknown>, validDays: number): Record<string, unknown> {
  const now = new Date();
  now.setMilliseconds(0);
  return {
    kind: 'trust-list',
    specVersion: '1.0.0',
    ...document,
    id: document.id ?? randomUUID(),
    sequence: document.sequence ?? Math.floor(now.getTime() / 1000),
    issued: document.issued ?? now.toISOString().replace('.000Z', 'Z'),
    nextUpdate: document.nextUpdate ?? new Date(now.getTime() + validDays * 86_400_000).toISOString().replace('.000Z', 'Z'),
  };
}

export function register(program: Command, exit: ExitState): void {
  const trustList = program.command('trust-list').description('Sign and verify the federation trust list');

  trustList
    .command('sign')
    .description('Validate a trust-list document and sign it with the federation operator key (compact JWS)')
    .argument('<members.json>', 'the trust-list document (kind, federation, operator, members)')
    .requiredOption('--key <file>', "the operator's private JWK")
    .requiredOption('--out <file>', 'where to write the signed trust list')
    .option('--valid-days <days>', 'days until nextUpdate when the document does not set it', days, 30)
    .action(async (source: string, opts: { key: string; out: string; validDays: number }) => {
      const { readPrivateJwkFile, signTrustList, TrustListError } = await tools();
      let document: unknown;
      try {
        document = JSON.parse(readText(source, 'trust-list document'));
      } catch (error) {
        throw error instanceof SyntaxError ? new NrxError('FILE_UNREADABLE', `${source} is not JSON: ${error.message}`) : error;
      }
      if (!document || typeof document !== 'object' || Array.isArray(document)) throw new NrxError('FILE_UNREADABLE', `${source} must hold a trust-list document (a JSON object)`);
      const key = readPrivateJwkFile(opts.key);
      let jws: string;
      try {
        jws = await signTrustList(stamp(document as Record<string, unknown>, opts.validDays), key);
      } catch (error) {
        throw error instanceof TrustListError ? new TrustListError(error.code, `${source}: ${error.message}`, [], { cause: error }) : error;
      }
      try {
        writeFileSync(opts.out, `${jws}\n`);
      } catch (error) {
        throw new NrxError('FILE_UNWRITABLE', `cannot write ${opts.out} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
      process.stdout.write(`signed trust list written to ${opts.out}\n`);
      exit.code = 0;
    });

  trustList
    .command('verify')
    .description('Verify a signed trust list with the operator public key and list its members')
    .argument('<file>', 'the signed trust list')
    .requiredOption('--key <file>', "the operator's public JWK or JWKS")
    .option('--allow-expired', 'accept a list whose nextUpdate has passed (inspection only)')
    .action(async (file: string, opts: { key: string; allowExpired?: boolean }) => {
      const { readJwkFile, verifyTrustList, TrustListError } = await tools();
      const jws = readText(file, 'trust list');
      const key = readJwkFile(opts.key);
      let list: TrustList;
      try {
        list = await verifyTrustList(jws, key, { allowExpired: Boolean(opts.allowExpired) });
      } catch (error) {
        throw error instanceof TrustListError ? new TrustListError(error.code, `${file}: ${error.message}`, [], { cause: error }) : error;
      }
      const lines = [`trust list of ${list.federation}: valid, issued ${list.issued}, next update ${list.nextUpdate}`, `${list.members.size} member(s):`];
      for (const member of list.members.values()) lines.push(`  ${member.id}  ${member.name}  (${member.jwks.keys.length} key(s))`);
      process.stdout.write(`${lines.join('\n')}\n`);
      exit.code = 0;
    });

  trustList
    .command('reload')
    .description('Ask a running gateway to read its trust list again now (role admin of the gateway member); SIGHUP does the same')
    .requiredOption('--gateway <url>', "the gateway's base URL, e.g. http://127.0.0.1:4000 (default $NRX_URL)", process.env.NRX_URL)
    .option('--token <jwt>', 'an admin token for the gateway (default $NRX_TOKEN)')
    .action(async (opts: { gateway: string; token?: string }) => {
      const { reloadTrustListOf } = await import('../gateway-client.ts');
      const outcome = await reloadTrustListOf(opts.gateway, opts.token ?? process.env.NRX_TOKEN);
      const changes = [['added', outcome.added], ['removed', outcome.removed], ['suspended', outcome.suspended]] as const;
      const lines = [`trust list ${outcome.outcome}: sequence ${outcome.sequence} in force`, ...changes.filter(([, ids]) => ids.length).map(([what, ids]) => `  ${what}: ${ids.join(', ')}`)];
      if (outcome.outcome === 'rejected') throw new NrxError('TRUST_LIST_RELOAD_FAILED', `the gateway refused the list (${outcome.code}): ${outcome.reason}; sequence ${outcome.sequence} stays in force`);
      process.stdout.write(`${lines.join('\n')}\n`);
      exit.code = 0;
    });
}
