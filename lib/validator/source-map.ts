import { LineIndex, type Position } from './positions.ts';
import { pointerNames } from '../json-pointer.ts';

/** What to locate: the value at a JSON Pointer, or (with `key`) the name of the property it is under. */
export interface LocateRequest {
  pointer: string;
  key?: boolean;
}

interface Target {
  children: Map<string, Target> | undefined;
  value: number;
  key: number;
}

interface Frame {
  array: boolean;
  /** The target this container is, or undefined when nothing under it is wanted. */
  target: Target | undefined;
  index: number;
  expectKey: boolean;
  name: string;
}

const target = (): Target => ({ children: undefined, value: -1, key: -1 });

/**
 * Finds where JSON Pointers sit in the source text of a document that JSON.parse accepted, in one
 * pass over the text whatever its depth or width: an explicit stack instead of recursion, and the
 * wanted pointers in a tree so that each container is matched against its wanted children only.
 * Built only after validation failed, so a valid document never pays for it. A repeated name
 * resolves to its last occurrence, the one JSON.parse kept.
 */
export function locateAll(text: string, requests: readonly LocateRequest[]): (Position | undefined)[] {
  const lines = new LineIndex(text);
  return [...locateOffsets(text, requests)].map((offset) => (offset === -1 ? undefined : lines.position(offset)));
}

/** The offset in `text` of each request's value or name, -1 where it is not found. */
export function locateOffsets(text: string, requests: readonly LocateRequest[]): Float64Array {
  const root = target();
  const leaves = requests.map((request) => {
    let node = root;
    for (const segment of pointerNames(request.pointer)) {
      node.children ??= new Map();
      let child = node.children.get(segment);
      if (!child) node.children.set(segment, (child = target()));
      node = child;
    }
    return node;
  });
  scan(text, root);
  const offsets = new Float64Array(requests.length);
  for (let i = 0; i < requests.length; i++) {
    const leaf = leaves[i]!;
    offsets[i] = requests[i]!.key && leaf.key !== -1 ? leaf.key : leaf.value;
  }
  return offsets;
}

function scan(text: string, root: Target): void {
  const stack: Frame[] = [];
  const length = text.length;
  let i = 0;
  const wanted = (): Target | undefined => {
    const top = stack[stack.length - 1];
    if (!top) return root;
    const children = top.target?.children;
    if (!children) return undefined;
    return children.get(top.array ? String(top.index) : top.name);
  };
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      i++;
      continue;
    }
    const top = stack[stack.length - 1];
    if (c === 0x7b || c === 0x5b) {
      const node = wanted();
      if (node) node.value = i;
      stack.push({ array: c === 0x5b, target: node?.children ? node : undefined, index: 0, expectKey: c === 0x7b, name: '' });
      i++;
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
      i++;
    } else if (c === 0x2c) {
      if (top) {
        if (top.array) top.index++;
        else top.expectKey = true;
      }
      i++;
    } else if (c === 0x3a) {
      i++;
    } else if (c === 0x22) {
      const end = stringEnd(text, i);
      if (top && !top.array && top.expectKey) {
        top.expectKey = false;
        if (top.target?.children) {
          const raw = text.slice(i + 1, end);
          top.name = raw.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
          const node = top.target.children.get(top.name);
          if (node) node.key = i;
        }
      } else {
        const node = wanted();
        if (node) node.value = i;
      }
      i = end + 1;
    } else {
      // A number, true, false or null: runs to the next delimiter.
      const node = wanted();
      if (node) node.value = i;
      i++;
      while (i < length) {
        const d = text.charCodeAt(i);
        if (d === 0x2c || d === 0x5d || d === 0x7d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
        i++;
      }
    }
  }
}

/** The offset of the quote closing the string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  let quote = text.indexOf('"', start + 1);
  while (quote !== -1) {
    let backslashes = 0;
    for (let j = quote - 1; text.charCodeAt(j) === 0x5c; j--) backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = text.indexOf('"', quote + 1);
  }
  return text.length - 1;
}

/**
 * How deep the text nests, stopping at the first bracket past `max`: its offset, or -1 when the
 * text stays within `max`. Strings are skipped, so brackets inside them do not count; the text
 * need not be well-formed.
 */
export function tooDeepAt(text: string, max: number): number {
  let depth = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const end = stringEnd(text, i);
      i = end;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return i;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return -1;
}

/** Whether a parsed value nests deeper than `max` (an object or array is one level). */
export function valueTooDeep(value: unknown, max: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const stack: Array<[object, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
