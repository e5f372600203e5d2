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
  /**
   * Absent when `workers.threads` is 0: everything is validated on the event loop. Its threads
   * start with the first large document (whose time budget starts once they are ready), so a
   * gateway that never gets one, or fails to start, runs none.
   */
  readonly pool: WorkPool | undefined;
  close(): Promise<void>;
}

export function createHttpEdge(config: Pick<GatewayConfig, 'cors' | 'rateLimit' | 'workers' | 'limits' | 'profile'>): HttpEdge {
  const workers = config.workers ?? DEFAULT_WORKERS;
  let pool: WorkPool | undefined;
  let closed = false;
  const start = () => (pool ??= createWorkPool(workers, { maxBytes: config.limits.maxBodyBytes, ...(config.profile ? { defaultProfile: config.profile } : {}) }));
  return {
    cors: corsHandler(config.cors),
    limits: rateLimits(config.rateLimit ?? DEFAULT_RATE_LIMITS),
    get pool() {
      return workers.threads > 0 && !closed ? start() : undefined;
    },
    close: async () => {
      closed = true;
      await pool?.close();
    },
  };
}
