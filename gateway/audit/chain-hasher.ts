import { hash as oneShotHash } from 'node:crypto';

/**
 * chainHash for a stream of entries, in hex: the previous link and the body are written into one
 * reused buffer and hashed in one call, which avoids a Hash object and its buffers per entry (and
 * a hex digest comes back several times faster than a Buffer one).
 */
export function chainHasher() {
  let scratch = Buffer.allocUnsafe(64 * 1024);
  return {
    next(previousHex: string, body: string): string {
      if (scratch.length < 32 + body.length * 3) scratch = Buffer.allocUnsafe(32 + body.length * 3);
      scratch.write(previousHex, 0, 32, 'hex');
      const length = 32 + scratch.write(body, 32, 'utf8');
      return oneShotHash('sha256', scratch.subarray(0, length), 'hex');
    },
  };
}
