/**
 * What guards the HTTP edge against hostile or merely heavy traffic, built once from the
 * configuration: CORS, per-address rate limits and the worker pool for CPU-heavy work.
 */
import type { GatewayConfig } from '../config/types.ts';
import { corsHandler, type CorsHandler } from './cors.ts';
import { DEFAULT_RATE_LIMITS, rateLimits, type RateLimits } from './rate-limit.ts';
import { createWorkPool, DEFAULT_WORKERS, type WorkPool } from './work-pool.ts';

export interface HttpEdge {
  cors: CorsHandler;
  limits: RateLimits;
  /** Absent when `workers.threads` is 0: everything is validated on the event loop. Started on first use or by `warm`. */
  readonly pool: WorkPool | undefined;
  /** Starts the worker threads ahead of the first large document. */
  warm(): void;
  close(): Promise<void>;
}

export function createHttpEdge(config: Pick<GatewayConfig, 'cors' | 'rateLimit' | 'workers' | 'limits'>): HttpEdge {
  const workers = config.workers ?? DEFAULT_WORKERS;
  // Threads start only when wanted, so a gateway that fails to start leaves none running.
  let pool: WorkPool | undefined;
  let closed = false;
  const start = () => (pool ??= createWorkPool(workers, { maxBytes: config.limits.maxBodyBytes }));
  return {
    cors: corsHandler(config.cors),
    limits: rateLimits(config.rateLimit ?? DEFAULT_RATE_LIMITS),
    get pool() {
      return workers.threads > 0 && !closed ? start() : undefined;
    },
    warm() {
      if (workers.threads > 0 && !closed) start();
    },
    close: async () => {
      closed = true;
      await pool?.close();
    },
  };
}
