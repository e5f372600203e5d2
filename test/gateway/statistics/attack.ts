/**
 * The attacker of the suppression tests: from a published table alone (its JSON, as a caller gets
 * it), the tightest interval each suppressed cell can be narrowed to, by linear programming over
 * every additive relation of the table (each line's categories add up to its total, counts are not
 * negative). Written apart from the gateway's own audit, from the published answer only, and solved
 * with HiGHS through its LP-format entry point (the gateway builds its models from arrays).
 */
import type { StatisticsTable } from '../../../gateway/statistics/index.ts';
import { highs as load } from '../../../gateway/statistics/interval-audit.ts';

export async function attack(table: StatisticsTable): Promise<Map<string, { low: number; high: number }>> {
  const highs = await load();
  const cells = new Map(table.cells.map((c) => [c.values.join('|'), c]));
  const variable = new Map<string, string>();
  table.cells.forEach((c, i) => c.count === null && variable.set(c.values.join('|'), `x${i}`));
  const rows: string[] = [];
  table.dimensions.forEach((_, d) => {
    for (const c of table.cells) {
      if (c.values[d] !== '*') continue;
      const terms: string[] = [];
      let constant = 0;
      for (const category of table.categories[d]!) {
        const key = [...c.values.slice(0, d), category, ...c.values.slice(d + 1)].join('|');
        const v = variable.get(key);
        if (v) terms.push(`+ ${v}`);
        else constant -= cells.get(key)!.count!;
      }
      const total = variable.get(c.values.join('|'));
      if (total) terms.push(`- ${total}`);
      else constant += c.count!;
      if (terms.length) rows.push(` r${rows.length}: ${terms.join(' ')} = ${constant}`);
    }
  });
  const out = new Map<string, { low: number; high: number }>();
  for (const [key, v] of variable) {
    const bound = (sense: 'Minimize' | 'Maximize') => {
      if (!rows.some((r) => r.includes(`${v} `) || r.endsWith(v))) return sense === 'Maximize' ? Infinity : 0;
      const solution = highs.solve(`${sense}\n obj: ${v}\nSubject To\n${rows.join('\n')}\nEnd\n`);
      if (solution.Status === 'Unbounded' || solution.Status === 'Primal infeasible or unbounded') return sense === 'Maximize' ? Infinity : 0;
      if (solution.Status !== 'Optimal') throw new Error(`the attack's programme ended ${solution.Status}`);
      return solution.ObjectiveValue;
    };
    out.set(key, { low: bound('Minimize'), high: bound('Maximize') });
  }
  return out;
}
