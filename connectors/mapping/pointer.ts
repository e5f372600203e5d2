/**
 * JSON Pointers (RFC 6901) with one extension: a `*` token stands for every element of an
 * array. A source pointer with wildcards yields one value per matching element, with the
 * indices it went through; a target pointer puts each value at the same indices.
 */
import { NrxError } from '../../lib/errors.ts';
import { pointerNames } from '../../lib/json-pointer.ts';

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new NrxError('MAPPING_INVALID', `'${pointer}' is not a JSON Pointer (it must start with '/')`);
  return pointerNames(pointer);
}

export interface PointedValue {
  value: unknown;
  /** The array index taken at each `*`, in order. */
  indices: number[];
}

/** Every value at `tokens`; missing branches yield nothing. */
export function readAll(root: unknown, tokens: string[]): PointedValue[] {
  const out: PointedValue[] = [];
  const walk = (node: unknown, depth: number, indices: number[]) => {
    if (depth === tokens.length) {
      out.push({ value: node, indices });
      return;
    }
    const token = tokens[depth]!;
    if (token === '*') {
      if (!Array.isArray(node)) return;
      node.forEach((item, i) => walk(item, depth + 1, [...indices, i]));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const next = Array.isArray(node) ? node[Number(token)] : (node as Record<string, unknown>)[token];
    if (next === undefined) return;
    walk(next, depth + 1, indices);
  };
  walk(root, 0, []);
  return out;
}

export function readOne(root: unknown, pointer: string): unknown {
  return readAll(root, parsePointer(pointer))[0]?.value;
}

/**
 * Sets `value` at `tokens`, creating objects and arrays on the way (an array where the next
 * token is `*` or a number). Each `*` takes the next of `indices`.
 */
export function writeAt(root: Record<string, unknown>, tokens: string[], value: unknown, indices: number[] = []): void {
  let node: any = root;
  let wildcard = 0;
  for (let depth = 0; depth < tokens.length; depth++) {
    let token: string | number = tokens[depth]!;
    if (token === '*') {
      const index = indices[wildcard++];
      if (index === undefined) throw new NrxError('MAPPING_INVALID', 'the target has more * than the source');
      token = index;
    } else if (Array.isArray(node)) token = Number(token);
    const last = depth === tokens.length - 1;
    if (last) {
      node[token] = value;
      return;
    }
    const nextToken = tokens[depth + 1]!;
    if (node[token] === undefined || node[token] === null) node[token] = nextToken === '*' || /^\d+$/.test(nextToken) ? [] : {};
    node = node[token];
  }
}

/** Removes holes that wildcard writes leave in arrays when a source element had no value. */
export function compactArrays(node: unknown): unknown {
  if (Array.isArray(node)) return node.filter((item) => item !== undefined).map(compactArrays);
  if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) (node as Record<string, unknown>)[key] = compactArrays(value);
  }
  return node;
}
