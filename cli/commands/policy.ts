import type { Command } from 'commander';
import type { ExitState } from './index.ts';

export function register(program: Command, exit: ExitState): void {
  const policy = program.command('policy').description('Work with data-sharing agreements and the disclosure policy.');
  policy
    .command('check')
    .description(
      'Check data-sharing agreements: special-category fields allowed for statistics, identifying fields sent across a ' +
        'border without requiring consent, paths unknown to the spec, unknown field groups, and clauses for the same ' +
        'parties and purpose that disagree on crossBorder or transforms. Exit status: 0 no findings, 1 findings, 2 unreadable or invalid input.',
    )
    .argument('<files...>', 'agreement files (JSON)')
    .option('--format <format>', 'output format: text or json', 'text')
    .action(async (files: string[], options: { format: string }) => {
      // Loaded here, not at the top, so that `nrx --help` stays fast.
      const { loadSpec } = await import('../../lib/spec/load.ts');
      const { readAgreements } = await import('../../gateway/policy/agreements.ts');
      const { checkAgreements } = await import('../../gateway/policy/check.ts');
      const spec = loadSpec();
      const findings = checkAgreements(readAgreements(files, spec), spec);
      if (options.format === 'json') process.stdout.write(`${JSON.stringify({ findings }, null, 2)}\n`);
      else if (findings.length === 0) process.stdout.write(`${files.length} agreement file(s): no findings\n`);
      else for (const f of findings) process.stdout.write(`${f.code} ${f.agreement} clause ${f.clause}: ${f.message}\n`);
      exit.code = findings.length ? 1 : 0;
    });
}
