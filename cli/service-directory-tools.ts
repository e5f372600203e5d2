/**
 * What `nrx directory export` and `nrx directory import` need, loaded only when one of them runs:
 * the gateway's database (from its configuration, or named directly), its service directory, and
 * the member names of its trust list for the HSDS organisations.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadTrustListFile } from '../gateway/auth/trust-list.ts';
import type { TrustList } from '../gateway/auth/types.ts';
import { loadConfig } from '../gateway/config/load.ts';
import { openDirectory, type Directory } from '../gateway/directory/directory.ts';
import { organizationInfo } from '../gateway/directory/hsds.ts';
import { exportHsds, importHsds, type ImportReport } from '../gateway/directory/hsds-feed.ts';
import { DIRECTORY_CHANNEL } from '../gateway/directory/directory.ts';
import { openStore, type Store } from '../gateway/store/index.ts';
import { createNotifier } from '../gateway/store/notify.ts';
import { referrerOf, serviceValidator } from '../gateway/server/directory-setup.ts';
import { NrxError } from '../lib/errors.ts';
import { loadSpec } from '../lib/spec/load.ts';
import { createValidator } from '../lib/validator/index.ts';

export interface DatabaseChoice {
  config?: string;
  databaseUrl?: string;
  dataDir?: string;
  schema?: string;
}

interface Opened {
  store: Store;
  directory: Directory;
  trustList?: TrustList;
}

async function open(choice: DatabaseChoice): Promise<Opened> {
  const configFile = choice.config ?? (process.env.NRX_CONFIG || undefined);
  const config = configFile ? loadConfig({ file: configFile }) : undefined;
  const databaseUrl = choice.databaseUrl ?? (choice.dataDir ? undefined : config?.databaseUrl);
  const dataDir = choice.dataDir ?? (databaseUrl ? undefined : config?.dataDir);
  if (!databaseUrl && !dataDir) throw new NrxError('CLI_USAGE', "give the gateway's --config, or --database-url URL or --data-dir DIR");
  const trustList = config ? await loadTrustListFile(config.trustList.file, config.trustList.operatorKeyFile) : undefined;
  const store = await openStore({ ...(databaseUrl ? { databaseUrl } : { dataDir: dataDir! }), ...(choice.schema ? { schema: choice.schema } : {}) });
  try {
    const spec = loadSpec();
    const directory = await openDirectory({ db: store.db, validate: serviceValidator(createValidator({ spec })) });
    return { store, directory, ...(trustList ? { trustList } : {}) };
  } catch (error) {
    await store.close().catch(() => {});
    throw error;
  }
}

function categoryTitles() {
  const codes = loadSpec().codelists.get('service-category')?.codes ?? [];
  return new Map(codes.map((c) => [c.code, { title: c.label, description: c.definition }]));
}

export async function exportDirectory(choice: DatabaseChoice, format: 'hsds' | 'nrx', out: string | undefined): Promise<number> {
  const { store, directory, trustList } = await open(choice);
  try {
    const services = directory.all().map((s) => s.document).sort((a, b) => (a.id < b.id ? -1 : 1));
    const organization = (id: string) => {
      const member = trustList?.members.get(id);
      return organizationInfo(member && trustList ? { ...referrerOf(trustList, id)!, name: member.name } : undefined, id);
    };
    const body = format === 'hsds' ? exportHsds(services, organization, categoryTitles()) : services;
    const text = `${JSON.stringify(body, null, 2)}\n`;
    if (out) writeFileSync(out, text);
    else process.stdout.write(text);
    return services.length;
  } finally {
    await directory.close();
    await store.close();
  }
}

export interface ImportChoice extends DatabaseChoice {
  organization?: string;
  country?: string;
  dryRun?: boolean;
}

export async function importDirectory(feedFile: string, choice: ImportChoice): Promise<ImportReport> {
  let feed: unknown;
  try {
    feed = JSON.parse(readFileSync(feedFile, 'utf8'));
  } catch (error) {
    throw new NrxError('HSDS_FEED_INVALID', `${feedFile}: cannot read it as JSON (${(error as Error).message.split('\n')[0]})`);
  }
  const { store, directory } = await open(choice);
  try {
    const categories = new Set((loadSpec().codelists.get('service-category')?.codes ?? []).map((c) => c.code));
    const report = await importHsds(directory, feed, {
      categories,
      ...(choice.organization ? { organization: choice.organization } : {}),
      ...(choice.country ? { country: choice.country } : {}),
      ...(choice.dryRun ? { dryRun: true } : {}),
    });
    // A gateway running on the same server re-reads its directory.
    if (!choice.dryRun && report.imported.length) {
      const notifier = createNotifier(store.db);
      await notifier.notify(DIRECTORY_CHANNEL, '').finally(() => notifier.close());
    }
    return report;
  } finally {
    await directory.close();
    await store.close();
  }
}
