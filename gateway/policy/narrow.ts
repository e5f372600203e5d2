/**
 * A held copy filtered again, when what it rested on has changed (a consent withdrawn after
 * delivery, spec/peer-protocol.md §10): the policy's decisions applied to the copy, kept only where
 * the copy already had something. The result can only lose fields: a generalised form the
 * decisions would put beside a field (an age band for a date of birth) is not added, nor a part of
 * an object that a transform made out of a plain value.
 */
import { applyDecisions } from './apply.ts';
import type { Decisions } from './engine.ts';
import { pointerToken } from '../../lib/json-pointer.ts';

export interface Narrowed {
  document: Record<string, unknown>;
  /** JSON Pointers into the held copy of what is no longer in it (never the values). */
  removed: string[];
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

export function narrowHeld(held: Record<string, unknown>, decisions: Decisions): Narrowed {
  const filtered = applyDecisions(held, decisions);
  const removed: string[] = [];

  /** `out` (filtered from `was`) kept within what `was` held; undefined when nothing of it may stay. */
  const within = (was: unknown, out: unknown, at: string): unknown => {
    if (out === undefined) return void removed.push(at);
    if (isObject(was)) {
      if (!isObject(out)) return void removed.push(at);
      const kept: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(was)) {
        const item = within(value, out[name], `${at}/${pointerToken(name)}`);
        if (item !== undefined) kept[name] = item;
      }
      return kept;
    }
    if (Array.isArray(was)) {
      if (!Array.isArray(out)) return void removed.push(at);
      // A list that lost items says which of the held items each kept one was.
      const origin = filtered.positions.get(out) ?? out.map((_, i) => i);
      const keptIndices = new Set(origin);
      was.forEach((_, i) => keptIndices.has(i) || removed.push(`${at}/${i}`));
      const kept: unknown[] = [];
      out.forEach((item, i) => {
        const value = within(was[origin[i]!], item, `${at}/${origin[i]}`);
        if (value !== undefined) kept.push(value);
      });
      return kept;
    }
    // A plain value stays as it is or in its generalised form, never as an object or list.
    return out !== null && typeof out === 'object' ? void removed.push(at) : out;
  };

  const document = (within(held, filtered.document, '') ?? {}) as Record<string, unknown>;
  return { document, removed };
}
