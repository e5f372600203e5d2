import { existsSync, readdirSync } from 'node:fs';
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
import { writeFileSync } from 'node:fs';
import { ENTRY_WITH_FIELDS, entryWithFields, type EntryRow } from '../../gateway/audit/field-sets.ts';
import { entriesForSubject } from '../../gateway/audit/queries.ts';
import { isLanguage, LANGUAGES } from '../../gateway/reports/i18n.ts';
import { renderSubjectAccessReport } from '../../gateway/reports/subject-access.ts';
import { auditEvent, consentResource } from '../../gateway/export/fhir.ts';
import type { StoredConsent } from '../../gateway/store/types.ts';
import { iso, isoOrNull } from '../../gateway/store/rows.ts';
import { readPrivateJwkFile } from '../../gateway/auth/keys.ts';
import { checkpointSigner } from '../../gateway/audit/checkpoint.ts';
import { pruneAuditLog } from '../../gateway/audit/retention.ts';
import { recoverAuditJournal } from '../../gateway/audit/journal-replay.ts';

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
  const db = await openPglite(dir);
  // Entries the gateway had committed to its journal but not yet put into the table when it
  // stopped (a crash): they belong to the trail, and go in first, as the gateway's own start does.
  try {
    const journalDir = join(dataDir, 'audit-journal');
    if (await predatesFieldSets(db) && existsSync(journalDir) && readdirSync(journalDir).some((f) => f.endsWith('.log'))) {
      throw new Error(`the database under ${dataDir} was last opened by an earlier gateway version, and its audit journal holds entries for it: start the gateway once (it upgrades the database, then puts the journal into the audit table), then run this again`);
    }
    const recovered = await recoverAuditJournal(db, journalDir);
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

const databaseOptions = (command: Command) =>
  command
    .option('--database-url <url>', 'PostgreSQL server holding the gateway database')
    .option('--data-dir <dir>', "the gateway's data directory (embedded database; default $NRX_DATA_DIR)")
    .option('--schema <name>', 'schema on the server (search_path)');

/** Runs a command against the existing database; errors are printed, never thrown. */
async function withDb(name: string, opts: VerifyCliOptions, exit: ExitState, work: (db: Db) => Promise<void>): Promise<void> {
  let db: Db | undefined;
  try {
    db = await openExisting(opts);
    if (!(await hasAuditTables(db))) throw new Error('no audit trail in this database');
    await work(db);
  } catch (error) {
    process.stderr.write(`nrx audit ${name}: ${(error as Error).message}\n`);
    exit.code = 2;
  } finally {
    await db?.close().catch(() => {});
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
    .option('--lang <code>', `language of the report (${LANGUAGES.join(', ')})`, 'en')
    .option('--out <file>', 'write the HTML here (default: standard output)')
    .action(async (opts: VerifyCliOptions & { subject: string; lang: string; out?: string }) => {
      if (!isLanguage(opts.lang)) {
        process.stderr.write(`nrx audit report: --lang must be one of ${LANGUAGES.join(', ')}, not '${opts.lang}'\n`);
        exit.code = 2;
        return;
      }
      const lang = opts.lang;
      await withDb('report', opts, exit, async (db) => {
        output(opts.out, renderSubjectAccessReport({ subject: opts.subject, lang, entries: await entriesForSubject(db, opts.subject) }));
      });
    });
  databaseOptions(audit.command('export').description('Export audit entries as FHIR AuditEvent (BALP privacy disclosure) and consent records as FHIR R5 Consent'))
    .option('--format <format>', 'fhir (a Bundle) or ndjson (one resource a line)', 'ndjson')
    .option('--gateway <id>', "this gateway's member id, named as the source", 'RS/GOV/GATEWAY')
    .option('--out <file>', 'write here (default: standard output)')
    .action(async (opts: VerifyCliOptions & { format: string; gateway: string; out?: string }) => {
      if (opts.format !== 'fhir' && opts.format !== 'ndjson') {
        process.stderr.write(`nrx audit export: --format must be fhir or ndjson, not '${opts.format}'\n`);
        exit.code = 2;
        return;
      }
      await withDb('export', opts, exit, async (db) => {
        const resources: unknown[] = [];
        for (let after = 0; ; ) {
          // Each entry with its field decisions, stored once per list apart from it (field-sets.ts).
          const { rows } = await db.query<EntryRow & { seq: unknown }>(
            `SELECT l.seq, ${ENTRY_WITH_FIELDS.columns} FROM audit_log l ${ENTRY_WITH_FIELDS.join} WHERE l.seq > $1 ORDER BY l.seq LIMIT 10000`,
            [after],
          );
          for (const row of rows) resources.push(auditEvent(entryWithFields(row), opts.gateway));
          if (rows.length < 10000) break;
          after = Number(rows.at(-1)!.seq);
        }
        const consents = await db.query<Record<string, unknown>>('SELECT id, subject, recorded_by, recorded, withdrawn_at, document FROM consent_records ORDER BY seq');
        for (const r of consents.rows) {
          const consent: StoredConsent = { id: String(r.id), subject: String(r.subject), recordedBy: String(r.recorded_by), recorded: iso(r.recorded), withdrawnAt: isoOrNull(r.withdrawn_at), document: r.document as Record<string, unknown> };
          resources.push(consentResource(consent));
        }
        output(opts.out, opts.format === 'ndjson'
          ? resources.map((r) => `${JSON.stringify(r)}\n`).join('')
          : `${JSON.stringify({ resourceType: 'Bundle', type: 'collection', timestamp: new Date().toISOString(), entry: resources.map((resource) => ({ resource })) }, null, 2)}\n`);
      });
    });
  databaseOptions(audit.command('prune').description('Delete entries older than the retention period, keeping the log verifiable from a signed anchor'))
    .requiredOption('--days <n>', 'the retention period in days')
    .requiredOption('--signing-key <file>', "the gateway's private signing JWK (signs the anchor)")
    .requiredOption('--gateway <id>', "this gateway's member id")
    .action(async (opts: VerifyCliOptions & { days: string; signingKey: string; gateway: string }) => {
      const days = Number(opts.days);
      if (!Number.isInteger(days) || days < 1) {
        process.stderr.write('nrx audit prune: --days must be a whole number of days, at least 1\n');
        exit.code = 2;
        return;
      }
      await withDb('prune', opts, exit, async (db) => {
        const jwk = readPrivateJwkFile(opts.signingKey);
        const result = await pruneAuditLog(db, { before: new Date(Date.now() - days * 86_400_000), signer: await checkpointSigner(jwk), gateway: opts.gateway, keys: [toPublicJwk(jwk)] });
        process.stdout.write(`pruned ${result.deleted} entries; the log now starts after entry ${result.anchorSeq}\n`);
      });
    });
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
