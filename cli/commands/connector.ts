import type { Command } from 'commander';
import type { ExitState } from './index.ts';

const marks = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;

/** `nrx connector test <config>`: proves an agency's connector configuration before it goes live. */
export function register(program: Command, exit: ExitState): void {
  const connector = program.command('connector').description('Connectors between agencies’ own systems and the gateway');
  connector
    .command('test')
    .description('Run the connector contract suite against a configured connector and print a pass/fail report')
    .argument('<config>', 'connector configuration file (JSON or YAML)')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const { runContractSuite } = await import('../../connectors/contract-suite.ts');
      const results = await runContractSuite(file);
      const failed = results.filter((r) => r.status === 'fail').length;
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ config: file, passed: failed === 0, results }, null, 2)}\n`);
      } else {
        for (const r of results) {
          const detail = r.detail ? `\n        ${r.detail.replaceAll('\n', '\n        ')}` : '';
          process.stdout.write(`${marks[r.status]}  ${r.name}${detail}\n`);
        }
        const count = (s: string) => results.filter((r) => r.status === s).length;
        process.stdout.write(`\n${count('pass')} passed, ${failed} failed, ${count('skip')} skipped\n`);
      }
      exit.code = failed === 0 ? 0 : 1;
    });
}
