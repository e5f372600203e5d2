import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { NrxError } from '../../lib/errors.ts';
import type { ExitState } from './index.ts';

interface StatsCliOptions {
  measure?: string;
  by: string[];
  from?: string;
  to?: string;
  format: string;
  list?: boolean;
  gateway?: string;
  token?: string;
  federated?: boolean;
  databaseUrl?: string;
  dataDir?: string;
  schema?: string;
  trustList?: string;
  operatorKey?: string;
  k?: number;
  rounding?: number;
  maxCells?: number;
}

const FORMATS = ['text', 'csv', 'json'];

function whole(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number');
  return Number(value);
}

/** A table for a terminal: one line per cell, suppressed cells named with the reason. */
function textTable(table: import('../../gateway/statistics/index.ts').StatisticsTable): string {
  const rows = table.cells.map((c) => [...c.values, c.count === null ? `suppressed (${c.suppressed})` : String(c.count)]);
  const header = [...table.dimensions, table.measure];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  const s = table.suppression;
  const sources = table.sources ? `\ngateways: ${table.sources.map((g) => `${g.gateway} ${g.answered ? 'answered' : `did not answer (${g.error})`}`).join('; ')}` : '';
  return `${[line(header), ...rows.map(line)].join('\n')}\n* = all categories (a margin). k = ${s.k}${s.rounding ? `, rounded to multiples of ${s.rounding}` : ''}; suppressed: ${s.primary} primary, ${s.secondary} secondary${s.peer ? `, ${s.peer} at a gateway` : ''}${sources}\n`;
}

async function fromGateway(opts: StatsCliOptions, question: import('../../gateway/statistics/index.ts').StatisticsQuestion) {
  const { questionQuery } = await import('../../gateway/statistics/index.ts');
  const token = opts.token ?? process.env.NRX_TOKEN;
  if (!token) throw new NrxError('CLI_USAGE', 'give --token JWT (or NRX_TOKEN): a token whose purpose is statistics');
  const url = `${opts.gateway!.replace(/\/$/, '')}/stats/table.json?${questionQuery(question)}${opts.federated ? '&federated=true' : ''}`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  } catch (error) {
    throw new NrxError('UNREACHABLE', `cannot reach ${opts.gateway}: ${(error as Error).message}`);
  }
  const body = (await response.json().catch(() => undefined)) as { code?: string; message?: string } | undefined;
  if (!response.ok) {
    const code = body?.code;
    const known = code === 'STATISTICS_PURPOSE_REQUIRED' || code === 'STATISTICS_QUESTION_INVALID' || code === 'STATISTICS_TABLE_TOO_LARGE' ? code : undefined;
    throw new NrxError(known ?? 'SOURCE_ERROR', `the gateway refused: ${code ?? response.status}${body?.message ? `: ${body.message}` : ''}`);
  }
  return body as unknown as import('../../gateway/statistics/index.ts').StatisticsTable;
}

async function fromStore(opts: StatsCliOptions, question: import('../../gateway/statistics/index.ts').StatisticsQuestion) {
  if (opts.databaseUrl && opts.dataDir) throw new NrxError('CLI_USAGE', 'give either --database-url or --data-dir, not both');
  const dataDir = opts.dataDir ?? process.env.NRX_DATA_DIR;
  if (!opts.databaseUrl && !dataDir) throw new NrxError('CLI_USAGE', 'give --gateway URL, --database-url URL or --data-dir DIR');
  if (dataDir && !opts.databaseUrl && !existsSync(join(dataDir, 'db', 'PG_VERSION'))) throw new NrxError('DATABASE_NOT_FOUND', `no gateway database under ${dataDir}`);
  if (!!opts.trustList !== !!opts.operatorKey) throw new NrxError('CLI_USAGE', '--trust-list and --operator-key go together');
  const [{ openStore }, { countTable }, { loadTrustListFile }] = await Promise.all([
    import('../../gateway/store/index.ts'), import('../../gateway/statistics/local.ts'), import('../../gateway/auth/trust-list.ts'),
  ]);
  const members = opts.trustList ? (await loadTrustListFile(opts.trustList, opts.operatorKey!, { allowExpired: true })).members : new Map();
  const store = await openStore(opts.databaseUrl ? { databaseUrl: opts.databaseUrl, ...(opts.schema ? { schema: opts.schema } : {}) } : { dataDir: dataDir! });
  try {
    return await countTable(store.db, question, (id) => members.get(id), { k: opts.k ?? 11, rounding: opts.rounding ?? 0, maxCells: opts.maxCells ?? 5000 });
  } finally {
    await store.close();
  }
}

export function register(program: Command, exit: ExitState): void {
  program
    .command('stats')
    .description('Print a statistics table, small cells suppressed, from a gateway (--gateway) or a gateway database (--data-dir, --database-url)')
    .option('--measure <name>', 'what to count: referrals, identifications, needs, offers, declineReasons, statusUpdates, consents')
    .option('--by <dimensions>', 'what to count by, a comma list (see --list)', (v: string) => v.split(',').map((d) => d.trim()).filter(Boolean), [] as string[])
    .option('--from <month>', 'first month counted, YYYY-MM')
    .option('--to <month>', 'last month counted, YYYY-MM')
    .option('--format <format>', `output: ${FORMATS.join(', ')}`, 'text')
    .option('--list', 'list the published measures and dimensions')
    .option('--gateway <url>', 'ask this gateway (GET /stats/table.json)')
    .option('--token <jwt>', 'a token whose purpose is statistics (default $NRX_TOKEN)')
    .option('--federated', 'with --gateway: ask every peer gateway too and combine the suppressed tables')
    .option('--database-url <url>', 'PostgreSQL server holding the gateway database')
    .option('--data-dir <dir>', "the gateway's data directory (embedded database; default $NRX_DATA_DIR)")
    .option('--schema <name>', 'schema on the server (search_path)')
    .option('--trust-list <file>', 'with a database: the signed trust list naming senders\' class, agency type and country')
    .option('--operator-key <file>', "the federation operator's public key, to check --trust-list")
    .option('--k <n>', 'with a database: the smallest count published (default 11)', whole)
    .option('--rounding <n>', 'with a database: round published counts to multiples of n', whole)
    .option('--max-cells <n>', 'with a database: the largest table computed (default 5000)', whole)
    .action(async (opts: StatsCliOptions) => {
      const statistics = await import('../../gateway/statistics/index.ts');
      if (opts.list) {
        const list = (title: string, table: Record<string, { description: string }>) => `${title}:\n${Object.entries(table).map(([name, { description }]) => `  ${name.padEnd(18)} ${description}`).join('\n')}\n`;
        process.stdout.write(`${list('measures', statistics.MEASURES)}${list('dimensions', statistics.DIMENSIONS)}`);
        exit.code = 0;
        return;
      }
      if (!FORMATS.includes(opts.format)) throw new NrxError('CLI_USAGE', `--format must be one of ${FORMATS.join(', ')}`);
      if (!opts.measure) throw new NrxError('CLI_USAGE', 'give --measure (see --list)');
      if (opts.federated && !opts.gateway) throw new NrxError('CLI_USAGE', '--federated asks through a gateway: give --gateway URL');
      if (opts.k !== undefined && opts.k < 2) throw new NrxError('CLI_USAGE', '--k must be at least 2');
      const question = statistics.parseQuestion({ measure: opts.measure, dimensions: opts.by, from: opts.from, to: opts.to });
      const table = opts.gateway ? await fromGateway(opts, question) : await fromStore(opts, question);
      process.stdout.write(opts.format === 'json' ? `${JSON.stringify(table, null, 2)}\n` : opts.format === 'csv' ? statistics.tableCsv(table) : textTable(table));
      exit.code = 0;
    });
}
