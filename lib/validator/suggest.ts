import { distance } from 'fastest-levenshtein';

/** Longer words get no suggestion: no name or code of the spec is near this long, and a hostile word would cost its length times every candidate. */
const MAX_WORD = 100;

/**
 * The candidate a person most probably meant, or undefined when none is close enough to be a
 * typo. A case-only difference always counts; otherwise at most about a third of the word may
 * differ, so that 'femal' suggests 'female' but 'xyz' suggests nothing. Candidates whose length
 * alone puts them out of reach are skipped before any distance is computed.
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > MAX_WORD) return undefined;
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const reach = Math.max(2, Math.ceil(Math.max(word.length, candidate.length) / 3));
    if (Math.abs(candidate.length - word.length) > Math.min(reach, bestDistance)) continue;
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
