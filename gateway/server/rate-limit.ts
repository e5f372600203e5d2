/**
 * Per-client-address limits on what an anonymous caller can make the gateway do: POST /validate
 * (no token needed) and requests whose token is refused. Counting is rate-limiter-flexible's
 * in-memory limiter; an address over the failed-authentication limit is kept in a map of its own,
 * so that every GraphQL request checks it synchronously, without a promise on the hot path.
 */
import type { IncomingMessage } from 'node:http';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { GatewayConfig } from '../config/types.ts';

export interface RateLimits {
  /** Counts one validation; the seconds to wait when the address is over its limit, else undefined. */
  validate(address: string): Promise<number | undefined>;
  /** The seconds an address must wait after too many failed authentications, else undefined. */
  authBlocked(address: string): number | undefined;
  /** Counts one refused token. */
  authFailed(address: string): void;
}

export const DEFAULT_RATE_LIMITS: NonNullable<GatewayConfig['rateLimit']> = {
  validate: { points: 120, durationSeconds: 60 },
  failedAuth: { points: 30, durationSeconds: 60, blockSeconds: 300 },
};

/** The address a request came from: the socket's peer (a proxy in front must be trusted to limit for it). */
export function clientAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

export function rateLimits(config: GatewayConfig['rateLimit'] = DEFAULT_RATE_LIMITS): RateLimits {
  const validation = new RateLimiterMemory({ points: config.validate.points, duration: config.validate.durationSeconds });
  const failures = new RateLimiterMemory({ points: config.failedAuth.points, duration: config.failedAuth.durationSeconds });
  const blockedUntil = new Map<string, number>();
  const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
  return {
    async validate(address) {
      try {
        await validation.consume(address);
        return undefined;
      } catch (refusal) {
        if (refusal instanceof RateLimiterRes) return seconds(refusal.msBeforeNext);
        throw refusal;
      }
    },
    authBlocked(address) {
      if (blockedUntil.size === 0) return undefined;
      const until = blockedUntil.get(address);
      if (until === undefined) return undefined;
      const left = until - Date.now();
      if (left > 0) return seconds(left);
      blockedUntil.delete(address);
      return undefined;
    },
    authFailed(address) {
      failures.consume(address).catch((refusal: unknown) => {
        if (!(refusal instanceof RateLimiterRes)) return;
        const now = Date.now();
        // Many addresses over the limit at once: forget those whose block has run out.
        if (blockedUntil.size >= 10_000) for (const [other, until] of blockedUntil) if (until <= now) blockedUntil.delete(other);
        blockedUntil.set(address, now + config.failedAuth.blockSeconds * 1000);
      });
    },
  };
}
