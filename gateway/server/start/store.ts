/**
 * The database, its migrations and the audit trail written with it: writes append in their own
 * transaction, responses through the audit plugin. On the embedded database the trail goes through
 * a local journal, replayed here if a crash left one (audit/appender.ts).
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { AuditAppender } from '../../audit/appender.ts';
import { checkpointSigner, type CheckpointSigner } from '../../audit/index.ts';
import { openAuditAppender } from '../../audit/open-appender.ts';
import { readPrivateJwkFile } from '../../auth/keys.ts';
import type { GatewayConfig } from '../../config/types.ts';
import type { Db } from '../../store/db.ts';
import { openStore, type Store } from '../../store/index.ts';
import type { Teardown } from './teardown.ts';

export interface GatewayStore {
  store: Store;
  /** The audit trail, unless the gateway runs without one (`audit: false`, for the benchmark). */
  audit: AuditAppender | undefined;
  signer: CheckpointSigner | undefined;
  /** Where the audit trail is read: through its appender when it has its own reads, else the database. */
  auditReads: Db;
}

export async function openGatewayStore(input: {
  config: GatewayConfig;
  logger: Logger;
  withAudit: boolean;
  databaseSchema: string | undefined;
  teardown: Teardown;
}): Promise<GatewayStore> {
  const { config, logger, teardown } = input;
  const signer = input.withAudit ? await checkpointSigner(readPrivateJwkFile(config.signingKeyFile)) : undefined;
  let audit: AuditAppender | undefined;
  const store = await openStore({
    ...(signer ? { audit: async (db) => (audit = await openAuditAppender({
      db, gateway: config.gatewayId, signer, checkpointEvery: config.audit.checkpointEvery, batch: config.audit.batch,
      journalDir: join(config.dataDir, 'audit-journal'), journalFsync: config.audit.journalFsync ?? false, journal: config.audit.journal,
      onError: (error) => logger.error({ err: error, component: 'audit' }, 'audit: committed entries could not be put into the audit table; they stay in the journal and are tried again, and new disclosures are withheld meanwhile'),
    })) } : {}),
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir }),
    ...(input.databaseSchema ? { schema: input.databaseSchema } : {}),
  });
  teardown.add(() => store.close());
  const opened = audit as AuditAppender | undefined;
  if (opened) {
    teardown.add(() => opened.close().catch((error: unknown) => logger.error({ err: error, component: 'audit' }, 'audit: the journal could not be emptied into the table; it is replayed at the next start')));
    if (opened.recovered) logger.warn({ component: 'audit', recovered: opened.recovered }, `audit: ${opened.recovered} entries left in the journal by an earlier run were put into the audit table`);
  }
  return { store, audit: opened, signer, auditReads: opened?.reads ?? store.db };
}
