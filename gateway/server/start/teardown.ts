/**
 * What a starting gateway has opened, closed in the reverse order: each set-up step adds how to
 * close what it opened, so a failed start and a shutdown undo the same steps in one place.
 */
export type CloseStep = () => unknown;

export interface Teardown {
  /** Closes this before everything added earlier. */
  add(step: CloseStep): void;
  /** Runs every step, latest first, each once even if one fails; rejects with the first failure. */
  run(): Promise<void>;
}

export function createTeardown(): Teardown {
  const steps: CloseStep[] = [];
  return {
    add: (step) => void steps.push(step),
    async run() {
      let failure: { error: unknown } | undefined;
      for (let step = steps.pop(); step; step = steps.pop()) {
        try {
          await step();
        } catch (error) {
          failure ??= { error };
        }
      }
      if (failure) throw failure.error;
    },
  };
}
