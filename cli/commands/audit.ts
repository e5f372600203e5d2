import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { JWK } from 'jose';
import type { VerifyReport } from '../../gateway/audit/verify.ts';
import type { WitnessSummary } from '../../gateway/audit/witnesses.ts';
import type { Db } from '../../gateway/store/db.ts';
import { FHIR_VERSION } from '../../gateway/export/fhir.ts';
import type { ExportFilter } from '../../gateway/export/select.ts';
import { languages, resolveLanguage } from '../../gateway/reports/messages.ts';
import { NrxError } from '../../lib/errors.ts';
import type { ExitState } from './index.ts';
import { progressBar } from '../output/progress.ts';

/** The audit trail's modules, loaded when a subcommand runs, so that `nrx --help` stays fast. */
const tools = () => import('../audit-tools.ts');

interface VerifyCliOptions {
  databaseUrl?: string;
  dataDir?: string;
  schema?: string;
  key: string[];
  skipSignatures?: boolean;
  json?: boolean;
  progress?: boolean;
}

/** Public keys from JWK or JWKS files; a private key file is accepted and only its public half used. */
async function readKeys(files: string[]): Promise<JWK[]> {
  const t = await tools();
  return files.flatMap((file) => {
    const jwk = t.readJwkFile(file);
    return ('keys' in jwk ? jwk.keys : [jwk]).map(t.toPublicJwk);
  });
}

/** Opens the database read as it is: no migrations, and no embedded database created where none is. */
async function openExisting(opts: VerifyCliOptions): Promise<Db> {
  const t = await tools();
  if (opts.databaseUrl && opts.dataDir) throw new NrxError('CLI_USAGE', 'give either --database-url or --data-dir, not both');
  if (opts.databaseUrl) {
    let url: URL;
    try {
      url = new URL(opts.databaseUrl);
    } catch {
      throw new NrxError('CLI_USAGE', '--database-url is not a URL');
    }
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new NrxError('CLI_USAGE', '--database-url must be a postgres:// URL');
    return t.openPostgres(opts.databaseUrl, { maxConnections: 2, ...(opts.schema ? { schema: opts.schema } : {}) });
  }
  const dataDir = opts.dataDir ?? process.env.NRX_DATA_DIR;
  if (!dataDir) throw new NrxError('CLI_USAGE', 'give --database-url URL or --data-dir DIR');
  const dir = join(dataDir, 'db');
  if (!existsSync(join(dir, 'PG_VERSION'))) throw new NrxError('DATABASE_NOT_FOUND', `no gateway database under ${dataDir}`);
  const db = await t.openPglite(dir);
  // Entries the gateway had committed to its journal but not yet put into the table when it
  // stopped (a crash): they belong to the trail, and go in first, as the gateway's own start does.
  try {
    const journalDir = join(dataDir, 'audit-journal');
    if (await predatesFieldSets(db) && existsSync(journalDir) && readdirSync(journalDir).some((f) => f.endsWith('.log'))) {
      throw new NrxError('DATABASE_UPGRADE_NEEDED', `the database under ${dataDir} was last opened by an earlier gateway version, and its audit journal holds entries for it: start the gateway once (it upgrades the database, then puts the journal into the audit table), then run this again`);
    }
    const recovered = await t.recoverAuditJournal(db, journalDir);
    if (recovered) process.stderr.write(`${recovered} entries left in the audit journal were put into the audit table first\n`);
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  return db;
}

/** Whether the database is older than the field decision lists (migration 005): this version's journal lines do not fit it. */
async function predatesFieldSets(db: Db): Promise<boolean> {
  const { rows } = await db.query<{ log: string | null; lists: string | null }>("SELECT to_regclass('audit_log')::text AS log, to_regclass('audit_field_sets')::text AS lists");
  return rows[0]?.log != null && rows[0]?.lists == null;
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

/** The peers' logs this gateway witnesses, and every fork it holds the proof of. */
function describeWitnesses(witnesses: WitnessSummary): string {
  const lines = witnesses.gateways.map((w) => `witness of ${w.gateway}: ${w.checkpoints} signed checkpoint(s), up to entry ${w.lastSeq}, last received ${w.lastReceived}`);
  if (!witnesses.gateways.length) lines.push('no witnesses held of other gateways\' logs');
  for (const f of witnesses.forks) lines.push(`FORK of ${f.gateway} at entry ${f.seq}: it signed ${f.heldHash} and later ${f.offeredHash} (both checkpoints kept as proof, received ${f.received})`);
  return `${lines.join('\n')}\n`;
}

const databaseOptions = (command: Command) =>
  command
    .option('--database-url <url>', 'PostgreSQL server holding the gateway database')
    .option('--data-dir <dir>', "the gateway's data directory (embedded database; default $NRX_DATA_DIR)")
    .option('--schema <name>', 'schema on the server (search_path)');

/** Runs a command against the existing database, and closes it whatever happens. */
async function withDb(opts: VerifyCliOptions, work: (db: Db) => Promise<void>): Promise<void> {
  const db = await openExisting(opts);
  try {
    if (!(await hasAuditTables(db))) throw new NrxError('AUDIT_TRAIL_MISSING', 'no audit trail in this database');
    await work(db);
  } finally {
    await db.close().catch(() => {});
  }
}

function output(out: string | undefined, text: string): void {
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}

export function register(program: Command, exit: ExitState): void {
  const audit = program.command('audit').description('Inspect the tamper-evident audit trail');
  databaseOptions(audit.command('report').description('Write the subject access report: what was shared about one person, with whom, when and why (printable HTML)'))
    .requiredOption('--subject <ref>', 'her pseudonymous reference')
    .option('--lang <tag>', 'language of the report: a language with a message file in console/messages (en, sr, sr-Cyrl, ro, uk, ru, sq, bg, ...)', 'en')
    .option('--out <file>', 'write the HTML here (default: standard output)')
    .option('--directory <file>', 'the member directory the report names agencies from: a trust list (signed, or its JSON document) or a JSON list of member entries')
    .option('--directory-key <file>', "the federation operator's public JWK, to check a signed trust list given as --directory")
    .action(async (opts: VerifyCliOptions & { subject: string; lang: string; out?: string; directory?: string; directoryKey?: string }) => {
      const lang = resolveLanguage(opts.lang);
      if (!lang) throw new NrxError('CLI_USAGE', `--lang must be one of ${languages().join(', ')}, not '${opts.lang}'`);
      await withDb(opts, async (db) => {
        const t = await tools();
        const names = opts.directory ? await (await import('../directory.ts')).readDirectory(opts.directory, opts.directoryKey) : undefined;
        const entries = await t.entriesForSubject(db, opts.subject);
        output(opts.out, t.renderSubjectAccessReport({ subject: opts.subject, lang, entries, ...(names ? { memberName: (id: string) => names.get(id) } : {}) }));
      });
    });
  databaseOptions(audit.command('export').description(`Export audit entries as FHIR R${FHIR_VERSION} AuditEvent (BALP privacy disclosure) and consent records as FHIR R${FHIR_VERSION} Consent`))
    .option('--format <format>', 'fhir (a Bundle) or ndjson (one resource a line)', 'ndjson')
    .option('--gateway <id>', "this gateway's member id, named as the source", 'RS/GOV/GATEWAY')
    .option('--subject <ref>', 'only what concerns this pseudonymous subject')
    .option('--from <date>', 'only entries and consent records from this date or date-time on')
    .option('--to <date>', 'only entries and consent records before this date or date-time')
    .option('--field-group <group>', 'only entries with a decision on this field group, and consents whose provisions name it')
    .option('--out <file>', 'write here (default: standard output)')
    .option('--no-progress', 'never show the progress bar (it is shown only on a terminal, on standard error)')
    .action(async (opts: VerifyCliOptions & ExportFilter & { format: string; gateway: string; out?: string }) => {
      if (opts.format !== 'fhir' && opts.format !== 'ndjson') throw new NrxError('CLI_USAGE', `--format must be fhir or ndjson, not '${opts.format}'`);
      for (const date of [opts.from, opts.to]) {
        if (date !== undefined && !/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(date)) {
          throw new NrxError('CLI_USAGE', '--from and --to take an RFC 3339 date (2026-01-31) or date-time (2026-01-31T08:00:00Z)');
        }
      }
      await withDb(opts, async (db) => {
        const filter: ExportFilter = { ...(opts.subject ? { subject: opts.subject } : {}), ...(opts.from ? { from: opts.from } : {}), ...(opts.to ? { to: opts.to } : {}), ...(opts.fieldGroup ? { fieldGroup: opts.fieldGroup } : {}) };
        const t = await tools();
        const progress = await progressBar({ unit: 'entries', total: () => t.exportedEntryCount(db, filter), enabled: opts.progress });
        let resources: Record<string, unknown>[];
        try {
          resources = await t.exportedResources(db, filter, opts.gateway, (n) => progress.update(n));
        } finally {
          progress.stop();
        }
        output(opts.out, opts.format === 'ndjson' ? [...t.ndjson(resources)].join('') : `${JSON.stringify(t.bundle(resources), null, 2)}\n`);
      });
    });
  databaseOptions(audit.command('prune').description('Delete entries older than the retention period, keeping the log verifiable from a signed anchor'))
    .requiredOption('--days <n>', 'the retention period in days')
    .requiredOption('--signing-key <file>', "the gateway's private signing JWK (signs the anchor)")
    .requiredOption('--gateway <id>', "this gateway's member id")
    .action(async (opts: VerifyCliOptions & { days: string; signingKey: string; gateway: string }) => {
      const days = Number(opts.days);
      if (!Number.isInteger(days) || days < 1) throw new NrxError('CLI_USAGE', '--days must be a whole number of days, at least 1');
      await withDb(opts, async (db) => {
        const t = await tools();
        const jwk = t.readPrivateJwkFile(opts.signingKey);
        const result = await t.pruneAuditLog(db, { before: new Date(Date.now() - days * 86_400_000), signer: await t.checkpointSigner(jwk), gateway: opts.gateway, keys: [t.toPublicJwk(jwk)] });
        process.stdout.write(`pruned ${result.deleted} entries; the log now starts after entry ${result.anchorSeq}\n`);
      });
    });
  audit
    .command('verify')
    .description("Recompute the whole hash chain and check every signed checkpoint; names the first bad entry; lists the peers' checkpoints held as witnesses and any fork proven")
    .option('--database-url <url>', 'PostgreSQL server holding the gateway database')
    .option('--data-dir <dir>', "the gateway's data directory (embedded database; default $NRX_DATA_DIR)")
    .option('--schema <name>', 'schema on the server (search_path)')
    .option('--key <file>', "the gateway's public JWK or JWKS, to check checkpoint signatures (repeatable)", (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--skip-signatures', 'check checkpoints against the chain without checking their signatures')
    .option('--json', 'print the report as JSON')
    .option('--no-progress', 'never show the progress bar (it is shown only on a terminal, on standard error)')
    .action(async (opts: VerifyCliOptions) => {
      const t = await tools();
      const keys = await readKeys(opts.key);
      await withDb(opts, async (db) => {
        const started = performance.now();
        const head = async () => Number((await db.query<{ seq: unknown }>('SELECT seq FROM audit_head WHERE id = 1')).rows[0]?.seq ?? 0);
        const progress = await progressBar({ unit: 'entries', total: head, enabled: opts.progress });
        let report: VerifyReport;
        try {
          report = await t.verifyAuditLog(db, { keys, ...(opts.skipSignatures ? { skipSignatures: true } : {}), onProgress: (seq) => progress.update(seq) });
        } catch (error) {
          // Thrown, a checkpoint problem is that no key was given: a broken checkpoint is in the report.
          if (error instanceof t.CheckpointError) throw new NrxError('CHECKPOINT_KEY_MISSING', `${error.message} (--key FILE or --skip-signatures)`, { cause: error });
          throw error;
        } finally {
          progress.stop();
        }
        const seconds = (performance.now() - started) / 1000;
        const witnesses = await t.witnessSummary(db);
        process.stdout.write(opts.json ? `${JSON.stringify({ ...report, witnesses })}\n` : describe(report, seconds) + describeWitnesses(witnesses));
        // A peer's forked log is a finding of this verification too: its proof is in this database.
        exit.code = report.ok && !witnesses.forks.length ? 0 : 1;
      });
    });
}
