import { NrxError } from '../../lib/errors.ts';

/** A configuration that cannot be used. `path` names the first bad setting, e.g. `limits.maxDepth`. */
export class ConfigError extends NrxError<'CONFIG_INVALID'> {
  readonly path: string;
  /** Every problem found, one per setting. */
  readonly problems: Array<{ path: string; message: string }>;
  constructor(problems: Array<{ path: string; message: string }>, source?: string) {
    const lines = problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
    super('CONFIG_INVALID', `${source ? `${source}: ` : ''}${lines.length === 1 ? lines[0] : `invalid configuration:\n  ${lines.join('\n  ')}`}`);
    this.path = problems[0]?.path ?? '';
    this.problems = problems;
  }
}
