import type { Command } from 'commander';
import { painter } from '../output/terminal.ts';
import type { ExitState } from './index.ts';

const marks = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;
const colours = { pass: 'green', fail: 'red', skip: 'yellow' } as const;

interface ConnectorTestOptions {
  json?: boolean;
  show?: boolean;
  showValues?: boolean;
}

/** `nrx connector test <config>`: proves an agency's connector configuration before it goes live. */
export function register(program: Command, exit: ExitState): void {
  const connector = program.command('connector').description('Connectors between agencies’ own systems and the gateway');
  connector
    .command('test')
    .description('Run the connector contract suite against a configured connector and print a pass/fail report')
    .argument('<config>', 'connector configuration file (JSON or YAML)')
    .option('--json', 'print the report as JSON')
    .option('--show', 'print the records each lookup mapped, with every value masked (their shape: which fields the mapping filled)')
    .option('--show-values', 'with --show, print the values themselves: personal data, so only to a terminal, never to a pipe or file')
    .action(async (file: string, options: ConnectorTestOptions) => {
      if (options.showValues && !process.stdout.isTTY) {
        process.stderr.write('nrx connector test: --show-values prints personal data and does so only to a terminal; standard output is not one\n');
        exit.code = 2;
        return;
      }
      const show = Boolean(options.show || options.showValues);
      const { runContractSuite } = await import('../../connectors/contract-suite.ts');
      const { masked } = await import('../output/mask.ts');
      const results = (await runContractSuite(file)).map(({ records, ...r }) =>
        show && records ? { ...r, records: options.showValues ? records : (masked(records) as typeof records) } : r);
      const failed = results.filter((r) => r.status === 'fail').length;
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ config: file, passed: failed === 0, results }, null, 2)}\n`);
      } else {
        const paint = painter(process.stdout);
        for (const r of results) {
          const detail = r.detail ? `\n        ${r.detail.replaceAll('\n', '\n        ')}` : '';
          process.stdout.write(`${paint(colours[r.status], marks[r.status])}  ${r.name}${detail}\n`);
          if ('records' in r && r.records) {
            for (const record of r.records) process.stdout.write(`${JSON.stringify(record, null, 2).replace(/^/gm, '        ')}\n`);
          }
        }
        const count = (s: string) => results.filter((r) => r.status === s).length;
        process.stdout.write(`\n${count('pass')} passed, ${failed} failed, ${count('skip')} skipped\n`);
      }
      exit.code = failed === 0 ? 0 : 1;
    });
}
