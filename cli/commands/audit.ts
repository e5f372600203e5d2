import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { JWK } from 'jose';
import { readJwkFile, toPublicJwk } from '../../gateway/auth/keys.ts';
import { CheckpointError } from '../../gateway/audit/checkpoint.ts';
import { verifyAuditLog, type VerifyReport } from '../../gateway/audit/verify.ts';
import type { Db } from '../../gateway/store/db.ts';
import { openPglite } from '../../gateway/store/pglite.ts';
import { openPostgres } from '../../gateway/store/postgres.ts';
import type { ExitState } from './index.ts';

interface VerifyCliOptions {
  databaseUrl?: string;
  dataDir?: string;
  schema?: string;
  key: string[];
  skipSignatures?: boolean;
  json?: boolean;
}

/** Public keys from JWK or JWKS files; a private key file is accepted and only its public half used. */
function readKeys(files: string[]): JWK[] {
  return files.flatMap((file) => {
    const jwk = readJwkFile(file);
    return ('keys' in jwk ? jwk.keys : [jwk]).map(toPublicJwk);
  });
}

/** Opens the database read as it is: no migrations, and no embedded database created where none is. */
async function openExisting(opts: VerifyCliOptions): Promise<Db> {
  if (opts.databaseUrl && opts.dataDir) throw new Error('give either --database-url or --data-dir, not both');
  if (opts.databaseUrl) {
    let url: URL;
    try {
      url = new URL(opts.databaseUrl);
    } catch {
      throw new Error('--database-url is not a URL');
    }
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new Error('--database-url must be a postgres:// URL');
    return openPostgres(opts.databaseUrl, { maxConnections: 2, ...(opts.schema ? { schema: opts.schema } : {}) });
  }
  const dataDir = opts.dataDir ?? process.env.NRX_DATA_DIR;
  if (!dataDir) throw new Error('give --database-url URL or --data-dir DIR');
  const dir = join(dataDir, 'db');
  if (!existsSync(join(dir, 'PG_VERSION'))) throw new Error(`no gateway database under ${dataDir}`);
  return openPglite(dir);
}

async function hasAuditTables(db: Db): Promise<boolean> {
  const { rows } = await db.query<{ t: string | null }>("SELECT to_regclass('audit_log')::text AS t");
  return rows[0]?.t != null;
}

function describe(report: VerifyReport, seconds: number): string {
  const rate = seconds > 0 ? ` (${Math.round(report.entries / seconds).toLocaleString('en')} entries/s)` : '';
  const signatures = report.signaturesChecked ? 'signatures checked' : 'signatures NOT checked';
  if (report.ok) {
    return `audit trail intact: ${report.entries} entries, last hash ${report.lastHash}, ${report.checkpoints} checkpoints (${signatures})${rate}\n`;
  }
  const p = report.problem!;
  return `audit trail BROKEN at entry ${p.seq} [${p.kind}]: ${p.message}\n${report.entries} entries verified before it, ${report.checkpoints} checkpoints (${signatures})\n`;
}

export function register(program: Command, exit: ExitState): void {
  const audit = program.command('audit').description('Inspect the tamper-evident audit trail');
  audit
    .command('verify')
    .description('Recompute the whole hash chain and check every signed checkpoint; names the first bad entry')
    .option('--database-url <url>', 'PostgreSQL server holding the gateway database')
    .option('--data-dir <dir>', "the gateway's data directory (embedded database; default $NRX_DATA_DIR)")
    .option('--schema <name>', 'schema on the server (search_path)')
    .option('--key <file>', "the gateway's public JWK or JWKS, to check checkpoint signatures (repeatable)", (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--skip-signatures', 'check checkpoints against the chain without checking their signatures')
    .option('--json', 'print the report as JSON')
    .action(async (opts: VerifyCliOptions) => {
      let db: Db | undefined;
      try {
        const keys = readKeys(opts.key);
        db = await openExisting(opts);
        if (!(await hasAuditTables(db))) throw new Error('no audit trail in this database');
        const started = performance.now();
        const report = await verifyAuditLog(db, { keys, ...(opts.skipSignatures ? { skipSignatures: true } : {}) });
        const seconds = (performance.now() - started) / 1000;
        process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : describe(report, seconds));
        exit.code = report.ok ? 0 : 1;
      } catch (error) {
        const message = error instanceof CheckpointError ? `${error.message} (--key FILE or --skip-signatures)` : (error as Error).message;
        process.stderr.write(`nrx audit verify: ${message}\n`);
        exit.code = 2;
      } finally {
        await db?.close().catch(() => {});
      }
    });
}
