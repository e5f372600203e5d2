import { distance } from 'fastest-levenshtein';

/**
 * The candidate a person most probably meant, or undefined when none is close enough to be a
 * typo. A case-only difference always counts; otherwise at most about a third of the word may
 * differ, so that 'femal' suggests 'female' but 'xyz' suggests nothing.
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const d = candidate.toLowerCase() === lower ? 0 : distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  const allowed = Math.max(2, Math.ceil(Math.max(word.length, best.length) / 3));
  return bestDistance <= allowed ? best : undefined;
}
