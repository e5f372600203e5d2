/**
 * The audit journal's files: numbered segments of whole lines, written with one write per commit
 * and deleted once the table holds every entry in them. A line is an entry's row in COPY's text
 * format (copy-lines.ts), which escapes any tab or line break inside a value.
 *
 * A commit's write is on the request's path, so a segment is filled with zeros before it is used,
 * off the event loop (libuv's thread pool), while the segment before it is being written: a write
 * into bytes the file already has costs the kernel no new pages and no change of the file's size,
 * about a third of an appending write for a turn's worth of entries. Segments are deleted off the
 * event loop too. What follows a segment's last line is zeros, which readers ignore.
 */
import { close, closeSync, fdatasyncSync, ftruncateSync, mkdirSync, open, openSync, readdirSync, readFileSync, renameSync, rmSync, unlink, write, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface JournalFiles {
  /**
   * Writes whole lines after the segment's last before returning: to the operating system, or to
   * the disk as well when `fsync` is on. Throws when they could not all be written, with none of
   * them left behind.
   */
  write(text: string): void;
  /** Starts a new segment for later writes; the number of the segment it closed. */
  seal(): number;
  /** Deletes the closed segments numbered up to `segment`: the table holds their entries. */
  drop(segment: number): void;
  /** Resolves once the deletions and the spare segment under way are done. */
  idle(): Promise<void>;
  /** Closes the segment being written and waits for deletions and the spare segment under way. */
  close(): Promise<void>;
}

export interface JournalSegment {
  number: number;
  path: string;
  /** Its lines, without the zeros that follow the last. */
  text: string;
}

const SEGMENT = /^segment-(\d{12})\.log$/;
const name = (n: number) => `segment-${String(n).padStart(12, '0')}.log`;
/** The segment being prepared; renamed to its number when taken into use. */
const SPARE = 'spare.tmp';

/** The bytes a spare segment is filled with: about the size the last one reached, within these bounds. */
const MIN_SPARE = 256 * 1024;
const MAX_SPARE = 16 * 1024 * 1024;
const ZEROS = Buffer.alloc(1024 * 1024);

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
    .map((s) => ({ ...s, text: withoutZeros(readFileSync(s.path, 'utf8')) }));
}

/** A segment's text up to the zeros it was prepared with (a zero inside a line stays, and is damage). */
function withoutZeros(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** Fills a new file at `path` with `bytes` zeros, off the event loop; its descriptor, or undefined when that failed. */
function prepareSpare(path: string, bytes: number, done: (fd: number | undefined) => void): void {
  open(path, 'w', (error, fd) => {
    if (error) return done(undefined);
    const fill = (at: number) => {
      if (at >= bytes) return done(fd);
      write(fd, ZEROS, 0, Math.min(ZEROS.length, bytes - at), at, (failed, written) => {
        if (failed) return close(fd, () => unlink(path, () => done(undefined)));
        fill(at + written);
      });
    };
    fill(0);
  });
}

/** Journal files in `dir`, numbered after the segments already there (recovery has replayed them). */
export function journalFiles(dir: string, options: { fsync?: boolean } = {}): JournalFiles {
  mkdirSync(dir, { recursive: true });
  const sparePath = join(dir, SPARE);
  rmSync(sparePath, { force: true });
  const existing = readSegments(dir).map((s) => s.number);
  let current = (existing.at(-1) ?? 0) + 1;
  // Segments on disk, so that dropping them needs no listing of the directory.
  const segments = new Set(existing);
  let fd: number | undefined;
  /** Bytes of lines in the segment being written: where the next write goes. */
  let size = 0;
  // A write that failed and could not be undone leaves a line that is not whole: nothing more may follow it.
  let broken: Error | undefined;
  let spare: { fd: number; bytes: number } | undefined;
  let preparing = false;
  /** The size of the next spare: a little more than the last segment reached. */
  let nextSpare = MIN_SPARE;
  let closed = false;
  /** Deletions and the spare's preparation under way, awaited by close(). */
  const busy = new Set<Promise<void>>();
  const track = (work: (finished: () => void) => void) => {
    const promise: Promise<void> = new Promise<void>((resolve) => work(resolve)).finally(() => busy.delete(promise));
    busy.add(promise);
  };

  async function idle(): Promise<void> {
    while (busy.size) await Promise.all(busy);
  }

  function prepare(bytes: number): void {
    if (preparing || spare || closed) return;
    preparing = true;
    track((finished) =>
      prepareSpare(sparePath, bytes, (prepared) => {
        preparing = false;
        // Once closed, close() (which waits for this) removes it.
        if (prepared !== undefined) spare = { fd: prepared, bytes };
        finished();
      }),
    );
  }

  /** Opens segment `current`: the spare renamed to it when one is ready, else a new empty file. */
  function openSegment(): number {
    const path = join(dir, name(current));
    let opened: number;
    if (spare) {
      const taken = spare;
      spare = undefined;
      try {
        renameSync(sparePath, path);
      } catch (error) {
        closeSync(taken.fd);
        throw error;
      }
      opened = taken.fd;
    } else {
      opened = openSync(path, 'wx');
    }
    segments.add(current);
    size = 0;
    prepare(nextSpare);
    return opened;
  }

  return {
    write(text) {
      if (broken) throw broken;
      if (fd === undefined) fd = openSegment();
      const length = Buffer.byteLength(text);
      try {
        // Written as a string (no Buffer to allocate); a short write, rare on a file, goes on from bytes.
        let written = writeSync(fd, text, size, 'utf8');
        if (written < length) {
          const bytes = Buffer.from(text, 'utf8');
          while (written < length) written += writeSync(fd, bytes, written, length - written, size + written);
        }
        if (options.fsync) fdatasyncSync(fd);
        size += length;
      } catch (error) {
        try {
          // Nothing of the failed write may stay in front of the next one: the segment ends at its last whole line.
          ftruncateSync(fd, size);
        } catch {
          broken = new Error(`the audit journal in ${dir} could not be written or repaired: ${(error as Error).message}`);
        }
        throw error;
      }
    },
    seal() {
      if (fd !== undefined) {
        closeSync(fd);
        nextSpare = Math.min(MAX_SPARE, Math.max(MIN_SPARE, Math.ceil((size * 1.25) / MIN_SPARE) * MIN_SPARE));
      }
      fd = undefined;
      return current++;
    },
    drop(segment) {
      for (const n of segments) {
        if (n > segment || n >= current) continue;
        segments.delete(n);
        // A segment whose deletion fails is kept in the set, to be tried again by the next drop.
        track((finished) =>
          unlink(join(dir, name(n)), (error) => {
            if (error && error.code !== 'ENOENT') segments.add(n);
            finished();
          }),
        );
      }
    },
    idle,
    async close() {
      closed = true;
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
      await idle();
      if (spare) {
        closeSync(spare.fd);
        spare = undefined;
        rmSync(sparePath, { force: true });
      }
    },
  };
}
