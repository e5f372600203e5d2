import { InvalidArgumentError, type Command } from 'commander';
import type { ExitState } from './index.ts';

/** The service directory's modules, loaded when a subcommand runs, so that `nrx --help` stays fast. */
const tools = () => import('../service-directory-tools.ts');

interface DatabaseOptions {
  config?: string;
  databaseUrl?: string;
  dataDir?: string;
  schema?: string;
}

const databaseOptions = (command: Command) =>
  command
    .option('--config <file>', "the gateway's configuration (its database and trust list; default $NRX_CONFIG)")
    .option('--database-url <url>', 'PostgreSQL server holding the gateway database')
    .option('--data-dir <dir>', "the gateway's data directory (embedded database; stop the gateway first)")
    .option('--schema <name>', 'schema on the server (search_path)');

function format(value: string): 'hsds' | 'nrx' {
  if (value !== 'hsds' && value !== 'nrx') throw new InvalidArgumentError('must be hsds or nrx');
  return value;
}

function country(value: string): string {
  if (!/^[A-Z]{2}$/.test(value)) throw new InvalidArgumentError('must be an ISO 3166-1 alpha-2 code such as RS');
  return value;
}

/** `nrx directory export|import`: the service directory as Open Referral HSDS 3 JSON, out and in. */
export function register(program: Command, exit: ExitState): void {
  const directory = program.command('directory').description('The service directory: export it as Open Referral HSDS 3, import an HSDS 3 feed');
  databaseOptions(directory.command('export').description('Write every service of a gateway\'s directory as HSDS 3 JSON (a page of full services, checked against the official schema), or as NRX service documents'))
    .option('--format <format>', 'hsds (Open Referral HSDS 3.0) or nrx (service documents, as directory.servicesFile takes them)', format, 'hsds')
    .option('--out <file>', 'write here (default: standard output)')
    .action(async (opts: DatabaseOptions & { format: 'hsds' | 'nrx'; out?: string }) => {
      const count = await (await tools()).exportDirectory(opts, opts.format, opts.out);
      if (opts.out) process.stderr.write(`${count} service(s) written to ${opts.out}\n`);
      exit.code = 0;
    });
  databaseOptions(directory.command('import').description('Read an HSDS 3 feed (a page with "contents", a list of services, or one service) into a gateway\'s directory; each entry is checked against the official HSDS 3 schema and the NRX spec'))
    .argument('<feed>', 'the HSDS 3 JSON file')
    .option('--organization <member>', 'the NRX member the services belong to, when the feed does not name one (organization_identifiers of type "NRX member id")')
    .option('--country <code>', "the services' country, when their service areas do not say (default: the member's)", country)
    .option('--dry-run', 'check and map every entry, store nothing')
    .option('--json', 'print the report as JSON')
    .action(async (feed: string, opts: DatabaseOptions & { organization?: string; country?: string; dryRun?: boolean; json?: boolean }) => {
      const report = await (await tools()).importDirectory(feed, opts);
      if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else {
        for (const p of report.problems) process.stdout.write(`entry ${p.index}${p.hsdsId ? ` (${p.hsdsId})` : ''}: ${p.code}: ${p.message}\n`);
        process.stdout.write(`${report.imported.length} service(s) ${opts.dryRun ? 'would be imported' : 'imported'}, ${report.problems.length} left out\n`);
      }
      exit.code = report.problems.length ? 1 : 0;
    });
}
