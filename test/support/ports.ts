/**
 * Loopback ports for tests that start real listeners. A probed port can still be taken by another
 * test file between the probe and the listen, so callers that spawn a process also retry on
 * "already in use" (see `retryOnPortInUse`).
 */
import { createServer } from 'node:net';

/** A free TCP port on the loopback address, as the kernel hands it out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Whether a loopback port can be listened on now. */
export function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A first port whose next `count - 1` are free too: the demo federation's gateways listen on
 * consecutive ports, and the kernel only hands out one free port at a time.
 */
export async function freeConsecutivePorts(count: number): Promise<number> {
  for (;;) {
    const first = 20_000 + Math.floor(Math.random() * 40_000);
    let all = true;
    for (let i = 0; i < count && all; i++) all = await canListen(first + i);
    if (all) return first;
  }
}

/** Runs `start` on fresh ports until it does not fail for a port taken meanwhile (at most `attempts`). */
export async function retryOnPortInUse<T>(start: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      if (attempt >= attempts || !/already in use|EADDRINUSE/.test(String((error as Error).message))) throw error;
    }
  }
}
