import type { SingleBar } from 'cli-progress';

export interface Progress {
  /** Moves the bar to `value` (of `total`, when known). */
  update(value: number, total?: number): void;
  /** Clears the bar's line so that a line of output can be printed; the bar comes back on the next update. */
  clear(): void;
  stop(): void;
}

const silent: Progress = { update() {}, clear() {}, stop() {} };

export interface ProgressOptions {
  /** What is counted: files, bytes, entries. */
  unit: string;
  /** The count to reach, or how to find it: asked only when a bar is shown. */
  total: number | (() => Promise<number>);
  /** Asked off by the user (--no-progress). */
  enabled?: boolean;
  stream?: NodeJS.WriteStream;
}

/**
 * A progress bar with rate and ETA on standard error, only when that is a terminal: piped,
 * redirected or in CI it prints nothing, so logs and machine-read output stay clean.
 * The library is loaded only when a bar is shown.
 */
export async function progressBar(options: ProgressOptions): Promise<Progress> {
  const stream = options.stream ?? process.stderr;
  if (options.enabled === false || !stream.isTTY) return silent;
  const { SingleBar, Presets } = await import('cli-progress');
  const bytes = options.unit === 'bytes';
  const bar: SingleBar = new SingleBar(
    {
      stream,
      format: ` {bar} {percentage}% | {shown}/{shownTotal}${bytes ? '' : ` ${options.unit}`} | {rate}/s | ETA {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      fps: 5,
    },
    Presets.shades_classic,
  );
  const started = performance.now();
  const shown = (n: number) => (bytes ? megabytes(n) : String(n));
  const payload = (value: number, total: number) => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? value / seconds : 0;
    return { shown: shown(value), shownTotal: shown(total), rate: bytes ? megabytes(rate) : Math.round(rate).toLocaleString('en') };
  };
  let total = typeof options.total === 'number' ? options.total : await options.total();
  bar.start(total, 0, payload(0, total));
  return {
    update(value, newTotal) {
      if (newTotal !== undefined && newTotal !== total) {
        total = newTotal;
        bar.setTotal(total);
      }
      bar.update(value, payload(value, total));
    },
    clear() {
      stream.cursorTo(0);
      stream.clearLine(0);
    },
    stop() {
      bar.stop();
    },
  };
}

function megabytes(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
