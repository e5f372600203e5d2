import { createHash, hash as oneShotHash } from 'node:crypto';
import { canonicalJson } from './canonical.ts';

/** The link before the first entry. */
export const GENESIS_HASH: Buffer = Buffer.alloc(32);

/** An entry's link in the chain: SHA-256 over the previous link and the entry's canonical JSON. */
export function chainHash(previous: Uint8Array, body: string): Buffer {
  return createHash('sha256').update(previous).update(body, 'utf8').digest();
}

export function sha256Hex(data: string | Uint8Array): string {
  // One call, no Hash object: a string is hashed as UTF-8.
  return oneShotHash('sha256', data, 'hex');
}

/**
 * Identifies a GraphQL operation without storing it: SHA-256 over the canonical JSON of
 * [document, operationName], so a document and a name can never run into each other.
 */
export function operationHash(document: string, operationName?: string | null): string {
  return sha256Hex(canonicalJson([document, operationName ?? null]));
}

/** SHA-256 of a response or request body as sent (a string is hashed as UTF-8). */
export function payloadHash(body: string | Uint8Array): string {
  return sha256Hex(body);
}

/** PostgreSQL returns bytea as a Buffer (pg) or a Uint8Array (PGlite). */
export function asBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError('expected a bytea value');
}
