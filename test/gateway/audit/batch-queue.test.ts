/** The audit trail's one batching path: batches by size or age, one at a time, in order. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { batchQueue } from '../../../gateway/audit/batch-queue.ts';
import type { AppendedEntry } from '../../../gateway/audit/chain.ts';
import type { AuditEntryInput } from '../../../gateway/audit/entry.ts';
import { sampleEntry } from './support.ts';

/** A writer that records each batch's size and answers when told. */
function recordingWriter() {
  const batches: number[] = [];
  const open: (() => void)[] = [];
  let seq = 0;
  const write = (inputs: readonly AuditEntryInput[]) => {
    batches.push(inputs.length);
    const appended = inputs.map((input) => ({ seq: ++seq, hash: '', entry: { ...input, id: seq, at: '' } }) as AppendedEntry);
    return new Promise<AppendedEntry[]>((resolve) => open.push(() => resolve(appended)));
  };
  const answerAll = async () => {
    while (open.length) open.shift()!();
    // The answers settle (this turn), and the next batch, due at the end of the turn, is written.
    for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
  };
  return { batches, write, answerAll };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the audit batch queue', () => {
  it('writes a batch once it holds maxEntries, without waiting for its age', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const w = recordingWriter();
    const queue = batchQueue(w.write, { maxEntries: 4, maxAgeMs: 60_000 });
    const done = [queue.add([sampleEntry(1), sampleEntry(2)]), queue.add([sampleEntry(3), sampleEntry(4)])];
    expect(w.batches).toEqual([4]);
    await w.answerAll();
    expect((await Promise.all(done)).map((a) => a.map((e) => e.seq))).toEqual([[1, 2], [3, 4]]);
  });

  it('writes a smaller batch once its oldest entry is maxAgeMs old, and not before', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const w = recordingWriter();
    const queue = batchQueue(w.write, { maxEntries: 100, maxAgeMs: 30 });
    const done = queue.add([sampleEntry(1)]);
    await vi.advanceTimersByTimeAsync(20);
    void queue.add([sampleEntry(2)]);
    await vi.advanceTimersByTimeAsync(9);
    expect(w.batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(w.batches).toEqual([2]);
    await w.answerAll();
    expect((await done)[0]!.seq).toBe(1);
  });

  it('with maxAgeMs 0 writes what arrived in one turn of the event loop as one batch', async () => {
    const w = recordingWriter();
    const queue = batchQueue(w.write, { maxEntries: 100, maxAgeMs: 0 });
    for (let i = 0; i < 5; i++) void queue.add([sampleEntry(i)]);
    expect(w.batches).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(w.batches).toEqual([5]);
  });

  it('writes one batch at a time: what arrives meanwhile goes in the next, a request never split, none over maxEntries', async () => {
    const w = recordingWriter();
    const queue = batchQueue(w.write, { maxEntries: 5, maxAgeMs: 0 });
    void queue.add([sampleEntry(0)]);
    await new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < 4; i++) void queue.add([sampleEntry(i), sampleEntry(100 + i)]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(w.batches).toEqual([1]);
    await w.answerAll();
    expect(w.batches).toEqual([1, 4]);
    await w.answerAll();
    expect(w.batches).toEqual([1, 4, 4]);
  });

  it('refuses a request the guard refuses, alone, and fails every request of a batch that could not be written', async () => {
    let fail = false;
    const queue = batchQueue(async (inputs) => {
      if (fail) throw new Error('the table is down');
      return inputs.map((input, i) => ({ seq: i + 1, hash: '', entry: { ...input, id: i + 1, at: '' } }));
    });
    await expect(queue.add([{ ...sampleEntry(1), details: { name: 'Ana' } }])).rejects.toThrow(/not allowed in details/);
    fail = true;
    const outcomes = await Promise.allSettled([queue.add([sampleEntry(2)]), queue.add([sampleEntry(3)])]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(queue.add([sampleEntry(4)])).resolves.toHaveLength(1);
  });
});
