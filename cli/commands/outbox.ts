import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Db } from '../../gateway/store/db.ts';
import { NrxError } from '../../lib/errors.ts';
import type { ExitState } from './index.ts';

interface OutboxCliOptions {
  databaseUrl?: string;
  dataDir?: string;
  schema?: string;
  state?: string;
  limit?: string;
  json?: boolean;
}

const STATES = ['pending', 'delivered', 'dead', 'stopped'];

/**
 * The gateway's database: on a server while the gateway runs (a retry then wakes every replica),
 * the embedded one only while the gateway is stopped (it is the only process that may open it).
 */
async function openDatabase(opts: OutboxCliOptions): Promise<Db> {
  if (opts.databaseUrl && opts.dataDir) throw new NrxError('CLI_USAGE', 'give either --database-url or --data-dir, not both');
  if (opts.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(opts.databaseUrl)) throw new NrxError('CLI_USAGE', '--database-url must be a postgres:// URL');
    const { openPostgres } = await import('../../gateway/store/postgres.ts');
    return openPostgres(opts.databaseUrl, { maxConnections: 2, ...(opts.schema ? { schema: opts.schema } : {}) });
  }
  const dataDir = opts.dataDir ?? process.env.NRX_DATA_DIR;
  if (!dataDir) throw new NrxError('CLI_USAGE', 'give --database-url URL or --data-dir DIR');
  if (!existsSync(join(dataDir, 'db', 'PG_VERSION'))) throw new NrxError('DATABASE_NOT_FOUND', `no gateway database under ${dataDir}`);
  const { openPglite } = await import('../../gateway/store/pglite.ts');
  return openPglite(join(dataDir, 'db'));
}

async function withOutbox<T>(opts: OutboxCliOptions, work: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDatabase(opts);
  try {
    const { rows } = await db.query<{ t: string | null }>("SELECT to_regclass('peer_outbox')::text AS t");
    if (rows[0]?.t == null) throw new NrxError('DATABASE_NOT_FOUND', 'the database has no outbox (start the gateway once to upgrade it)');
    return await work(db);
  } finally {
    await db.close();
  }
}

const database = (command: Command) =>
  command
    .option('--database-url <url>', 'PostgreSQL server holding the gateway database')
    .option('--data-dir <dir>', "the gateway's data directory (embedded database, gateway stopped; default $NRX_DATA_DIR)")
    .option('--schema <name>', 'schema on the server (search_path)');

export function register(program: Command, exit: ExitState): void {
  const outbox = program.command('outbox').description("Messages this gateway owes its peers: list them, put dead-lettered ones back in line");

  database(outbox.command('list'))
    .description('List outbox messages, newest first: state, attempts, last error and its code')
    .option('--state <state>', `only messages in this state (${STATES.join(', ')})`)
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'print JSON lines')
    .action(async (opts: OutboxCliOptions) => {
      if (opts.state && !STATES.includes(opts.state)) throw new NrxError('CLI_USAGE', `--state must be one of ${STATES.join(', ')}`);
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new NrxError('CLI_USAGE', '--limit must be a whole number from 1 to 10000');
      const { outboxRepository } = await import('../../gateway/store/peer-messages.ts');
      const { deliveryView } = await import('../../gateway/federation/delivery-view.ts');
      const messages = await withOutbox(opts, (db) => outboxRepository(db).list({ ...(opts.state ? { state: opts.state as 'pending' } : {}), limit }));
      for (const message of messages.map(deliveryView)) {
        if (opts.json) process.stdout.write(JSON.stringify({ ...message, receipt: message.receipt && { ...message.receipt, jws: undefined } }) + '\n');
        else process.stdout.write(`${message.messageId}  ${message.kind.padEnd(13)} ${message.state.padEnd(9)} ${String(message.attempts).padStart(3)} attempts  referral ${message.referralId}  ${message.sender} -> ${message.recipient}${message.lastErrorCode ? `  ${message.lastErrorCode}: ${message.lastError}` : ''}\n`);
      }
      if (!opts.json) process.stderr.write(`${messages.length} message${messages.length === 1 ? '' : 's'}\n`);
    });

  database(outbox.command('retry'))
    .description('Put dead-lettered or stopped messages back in line (by message id), due now; running replicas on a server are woken')
    .argument('<message-ids...>', 'the messages to retry')
    .action(async (ids: string[], opts: OutboxCliOptions) => {
      const { outboxRepository } = await import('../../gateway/store/peer-messages.ts');
      const { createNotifier } = await import('../../gateway/store/notify.ts');
      const { OUTBOX_CHANNEL } = await import('../../gateway/federation/delivery.ts');
      await withOutbox(opts, async (db) => {
        const repo = outboxRepository(db);
        const now = new Date().toISOString();
        let retried = 0;
        for (const id of ids) {
          const message = await repo.retry(id, now);
          if (message) {
            retried++;
            process.stdout.write(`${id}: pending again\n`);
          } else {
            const current = await repo.get(id);
            process.stderr.write(`${id}: ${current ? `not retried, it is ${current.state}` : 'no such message'}\n`);
            exit.code = 1;
          }
        }
        if (retried && db.kind === 'postgres') await createNotifier(db).notify(OUTBOX_CHANNEL);
      });
    });
}
