/**
 * How much the fuzzing suite runs. `npm test` runs a bounded number of cases with a fixed seed,
 * so that CI is repeatable and short; `npm run fuzz` multiplies the runs (NRX_FUZZ_RUNS) and may
 * take a new seed (NRX_FUZZ_SEED) for a longer local search. A failure prints its seed and path:
 * replay it with the same NRX_FUZZ_SEED, and put the input into test/fixtures/corpus/.
 */
export const FUZZ_SEED = Number(process.env.NRX_FUZZ_SEED ?? 20_261_204);
const SCALE = Number(process.env.NRX_FUZZ_RUNS ?? 1);

export function runs(base: number): { seed: number; numRuns: number } {
  return { seed: FUZZ_SEED, numRuns: Math.max(1, Math.round(base * SCALE)) };
}

/** Time allowed a test of the suite, growing with the runs. */
export function timeout(baseMs: number): number {
  return Math.round(baseMs * Math.max(1, SCALE));
}
