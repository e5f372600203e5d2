/**
 * The audit journal's files: numbered segments of whole lines, appended with one write each and
 * deleted once the table holds every entry in them. A line is an entry's row in COPY's text format
 * (copy-lines.ts), which escapes any tab or line break inside a value.
 */
import { closeSync, fdatasyncSync, fstatSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface JournalFiles {
  /**
   * Appends whole lines before returning: to the operating system, or to the disk as well when
   * `fsync` is on. Throws when they could not all be written, with none of them left behind.
   */
  write(text: string): void;
  /** Starts a new segment for later writes; the number of the segment it closed. */
  seal(): number;
  /** Deletes the closed segments numbered up to `segment`: the table holds their entries. */
  drop(segment: number): void;
  close(): void;
}

export interface JournalSegment {
  number: number;
  path: string;
  text: string;
}

const SEGMENT = /^segment-(\d{12})\.log$/;
const name = (n: number) => `segment-${String(n).padStart(12, '0')}.log`;

/** The segments left in `dir`, oldest first (none when it does not exist). */
export function readSegments(dir: string): JournalSegment[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .flatMap((file) => {
      const match = SEGMENT.exec(file);
      return match ? [{ number: Number(match[1]), path: join(dir, file) }] : [];
    })
    .sort((a, b) => a.number - b.number)
    .map((s) => ({ ...s, text: readFileSync(s.path, 'utf8') }));
}

/** Journal files in `dir`, numbered after the segments already there (recovery has replayed them). */
export function journalFiles(dir: string, options: { fsync?: boolean } = {}): JournalFiles {
  mkdirSync(dir, { recursive: true });
  const existing = readSegments(dir).map((s) => s.number);
  let current = (existing.at(-1) ?? 0) + 1;
  // Segments on disk, so that dropping them needs no listing of the directory.
  const segments = new Set(existing);
  let fd: number | undefined;
  let size = 0;
  // A write that failed and could not be undone leaves a line that is not whole: nothing more may follow it.
  let broken: Error | undefined;

  return {
    write(text) {
      if (broken) throw broken;
      if (fd === undefined) {
        fd = openSync(join(dir, name(current)), 'a');
        segments.add(current);
        size = fstatSync(fd).size;
      }
      const length = Buffer.byteLength(text);
      try {
        // Written as a string (no Buffer to allocate); a short write, rare on a file, goes on from bytes.
        let written = writeSync(fd, text);
        if (written < length) {
          const bytes = Buffer.from(text, 'utf8');
          while (written < length) written += writeSync(fd, bytes, written);
        }
        if (options.fsync) fdatasyncSync(fd);
        size += length;
      } catch (error) {
        try {
          ftruncateSync(fd, size);
        } catch {
          broken = new Error(`the audit journal in ${dir} could not be written or repaired: ${(error as Error).message}`);
        }
        throw error;
      }
    },
    seal() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
      return current++;
    },
    drop(segment) {
      for (const n of segments) {
        if (n > segment || n >= current) continue;
        rmSync(join(dir, name(n)), { force: true });
        segments.delete(n);
      }
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
