import CircuitBreaker from 'opossum';
import type { CaseLookup, CaseRecord, Connector } from './contract.ts';
import { ConnectorError, toProblem, type ConnectorProblem } from './errors.ts';

export interface GatherOptions {
  /** How long one connector may take before its part of the view is given up (default 2000 ms). */
  timeoutMs?: number;
  /** Circuit breaker per connector: open after this share of failed calls (default 50 %) ... */
  errorThresholdPercentage?: number;
  /** ... once at least this many calls were made in the window (default 5) ... */
  volumeThreshold?: number;
  /** ... and try again after this long (default 30 s). */
  resetTimeoutMs?: number;
  /**
   * The connectors known to hold a subject's records (by name), when the caller knows; by
   * default every connector that offers getCase is asked.
   */
  holders?: (subject: string) => readonly string[] | undefined;
}

/** A problem from the fan-out, as it goes into a GraphQL error's `extensions`. */
export type GatherError = ConnectorProblem;

export interface GatherResult {
  /** Each asked subject's cases, from every connector that answered (an empty list when none had any). */
  records: Map<string, CaseRecord[]>;
  errors: GatherError[];
}

export interface SubjectView {
  records: CaseRecord[];
  errors: GatherError[];
}

export interface CaseGatherer {
  /** The case view of several subjects: one getCases call per connector, all connectors in parallel. */
  gather(subjects: readonly string[]): Promise<GatherResult>;
  /**
   * One subject's view. Calls made in the same tick (one per item of a GraphQL list) are
   * gathered together, so N subjects still cost one call per connector.
   */
  load(subject: string): Promise<SubjectView>;
  /** Circuit state per connector, for health pages. */
  state(): Record<string, 'closed' | 'open' | 'half-open'>;
  close(): void;
}

/** Errors that say the request was wrong, not that the connector is unwell: they do not trip the breaker. */
const callerErrors = new Set(['BAD_REQUEST', 'NOT_SUPPORTED']);

export function createCaseGatherer(connectors: readonly Connector[], options: GatherOptions = {}): CaseGatherer {
  const timeout = options.timeoutMs ?? 2000;
  const breakers = new Map<string, CircuitBreaker<[string[]], CaseLookup>>();
  for (const connector of connectors) {
    if (!connector.capabilities.has('getCase')) continue;
    const breaker = new CircuitBreaker<[string[]], CaseLookup>((subjects) => connector.getCases(subjects), {
      name: connector.name,
      timeout,
      errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
      volumeThreshold: options.volumeThreshold ?? 5,
      resetTimeout: options.resetTimeoutMs ?? 30_000,
      errorFilter: (error: unknown) => error instanceof ConnectorError && callerErrors.has(error.code),
    });
    breakers.set(connector.name, breaker);
  }

  const asProblem = (name: string, error: unknown): GatherError => {
    const code = (error as { code?: string } | null)?.code;
    if (code === 'ETIMEDOUT') return { connector: name, code: 'TIMEOUT', message: `connector '${name}' did not answer within ${timeout} ms` };
    if (code === 'EOPENBREAKER') return { connector: name, code: 'CIRCUIT_OPEN', message: `connector '${name}' is failing and is not being asked for now` };
    return toProblem(name, error);
  };

  async function gather(subjects: readonly string[]): Promise<GatherResult> {
    const unique = [...new Set(subjects)];
    const records = new Map<string, CaseRecord[]>(unique.map((s) => [s, []]));
    const errors: GatherError[] = [];
    await Promise.all(
      [...breakers].map(async ([name, breaker]) => {
        const asked = options.holders ? unique.filter((s) => options.holders!(s)?.includes(name) ?? true) : unique;
        if (asked.length === 0) return;
        try {
          const lookup = await breaker.fire(asked);
          for (const record of lookup.records) records.get(record.subject)?.push(record);
          errors.push(...lookup.problems);
        } catch (error) {
          errors.push(asProblem(name, error));
        }
      }),
    );
    return { records, errors };
  }

  let pending: Map<string, { resolve: (v: SubjectView) => void; reject: (e: unknown) => void }[]> | undefined;
  const flush = async (batch: NonNullable<typeof pending>) => {
    try {
      const result = await gather([...batch.keys()]);
      for (const [subject, waiters] of batch) {
        const view = {
          records: result.records.get(subject) ?? [],
          errors: result.errors.filter((e) => e.subject === undefined || e.subject === subject),
        };
        for (const w of waiters) w.resolve(view);
      }
    } catch (error) {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
    }
  };

  return {
    gather,
    load(subject) {
      return new Promise<SubjectView>((resolve, reject) => {
        if (!pending) {
          const batch = (pending = new Map());
          // Like DataLoader: run after the promise jobs of the current tick, so that every
          // resolver of a list has queued its subject first.
          void Promise.resolve().then(() =>
            process.nextTick(() => {
              pending = undefined;
              void flush(batch);
            }),
          );
        }
        pending.set(subject, [...(pending.get(subject) ?? []), { resolve, reject }]);
      });
    },
    state() {
      const out: Record<string, 'closed' | 'open' | 'half-open'> = {};
      for (const [name, b] of breakers) out[name] = b.opened ? 'open' : b.halfOpen ? 'half-open' : 'closed';
      return out;
    },
    close() {
      for (const b of breakers.values()) b.shutdown();
    },
  };
}
