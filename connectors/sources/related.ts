import { readOne } from '../mapping/pointer.ts';
import type { LocalRecord } from '../source.ts';

/** Puts each related row (a need, a dependant) into an array `name` on the case it points to. */
export function attachRelated(cases: LocalRecord[], caseKey: string, name: string, related: LocalRecord[], relatedKey: string): void {
  const byKey = new Map<string, LocalRecord[]>();
  for (const row of related) {
    const key = String(readOne(row, relatedKey));
    byKey.set(key, [...(byKey.get(key) ?? []), row]);
  }
  for (const row of cases) row[name] = byKey.get(String(readOne(row, caseKey))) ?? [];
}
