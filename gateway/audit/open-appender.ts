/** Chooses the audit trail's driver for a database (see appender.ts). */
import type { AppenderOptions, AuditAppender } from './appender.ts';
import { openJournalAppender, type JournalLimits } from './journal-appender.ts';
import { tableAppender } from './table-appender.ts';

export interface OpenAppenderOptions extends AppenderOptions {
  /** Where the embedded database's journal lives (the gateway's `dataDir/audit-journal`). */
  journalDir: string;
  /** Waits for the disk after each journal write (fdatasync). */
  journalFsync?: boolean;
  /** How the journal fills the table. */
  journal?: Partial<JournalLimits>;
  /** A failure to fill the table from the journal; entries stay in the journal and are tried again. */
  onError?: (error: unknown) => void;
}

/** The embedded database gets the journal (its process is the only appender); a server, group commit into the table. */
export async function openAuditAppender(options: OpenAppenderOptions): Promise<AuditAppender> {
  const { journalDir, journalFsync, journal, onError, ...common } = options;
  return options.db.kind === 'pglite'
    ? openJournalAppender({ ...common, dir: journalDir, ...(journalFsync ? { fsync: true } : {}), ...(journal ? { limits: journal } : {}), ...(onError ? { onError } : {}) })
    : tableAppender(common);
}
