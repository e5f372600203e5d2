/**
 * Reading what a request sends, with a size limit: the one way every route reads a body. Past the
 * limit nothing more is kept or read: the stream is paused, the caller answers (413, or its own
 * refusal) with `connection: close`, and the connection ends with that answer, so a client sending
 * a huge body is held back by the socket rather than buffered.
 */
import type { IncomingMessage } from 'node:http';

/** The body, or undefined when it is larger than `maxBytes`. Rejects when the client's stream fails. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      over = true;
      req.off('data', onData);
      req.pause();
      resolve(undefined);
    };
    req.on('data', onData);
    req.on('end', () => over || resolve(Buffer.concat(chunks)));
    req.on('error', (error) => over || reject(error));
  });
}

/** The bytes as JSON, or undefined when they are not JSON. */
export function parseJson(bytes: Buffer): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(bytes.toString('utf8')) };
  } catch {
    return undefined;
  }
}
