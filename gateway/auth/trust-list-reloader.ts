/**
 * Keeps the trust list in force current: reads the signed list again from its file or URL on a
 * schedule and when asked, and puts it in force only when it verifies with the operator key and is
 * newer than the one held. A refused list changes nothing; every attempt ends in one outcome that
 * the caller audits and logs.
 */
import { readFileSync } from 'node:fs';
import type { JWK } from 'jose';
import { NrxError } from '../../lib/errors.ts';
import { TrustListError, verifyTrustList } from './trust-list.ts';
import type { LiveTrustList } from './live-trust-list.ts';
import { trustListDigest } from './trust-list-floor.ts';
import type { TrustList } from './types.ts';

/** Where the published list is read from: the configured file, or the operator's URL. */
export type TrustListSource = { file: string } | { url: string; allowLoopbackHttp?: boolean };

/** What made this reload happen: the schedule, the admin mutation, or a SIGHUP to the process. */
export type ReloadTrigger = 'schedule' | 'admin' | 'signal';

export interface ReloadOutcome {
  outcome: 'replaced' | 'unchanged' | 'rejected';
  trigger: ReloadTrigger;
  /** Who asked, when an administrator did: their member and user pseudonym. */
  by?: { member: string; user: string };
  /** The sequence in force after this attempt. */
  sequence: number;
  /** The sequence of the list offered, when it could be read. */
  offeredSequence?: number;
  /** Why a list was rejected: a registry code and a sentence. */
  code?: string;
  reason?: string;
  /** Members that joined, left, or became suspended with this list (replaced only). */
  added: string[];
  removed: string[];
  suspended: string[];
}

export interface TrustListReloaderOptions {
  live: LiveTrustList;
  source: TrustListSource;
  operatorKey: JWK | { keys: JWK[] };
  /** Reload every so many milliseconds; 0 or absent: only when asked. */
  intervalMs?: number;
  /** Largest list accepted from a URL, in bytes (default 5 MiB). */
  maxBytes?: number;
  /** How long a URL may take to answer (default 10 s). */
  fetchTimeoutMs?: number;
  /**
   * The newest sequence accepted anywhere this list is kept (the store other replicas record in):
   * an offered list must not be older than it either, even when this process still holds an older one.
   */
  floor?: () => Promise<number | undefined>;
  /** Called with every outcome, in order: where the gateway audits and logs it. */
  onOutcome?: (outcome: ReloadOutcome) => void | Promise<void>;
  now?: () => Date;
}

export interface TrustListReloader {
  reload(trigger: ReloadTrigger, by?: ReloadOutcome['by']): Promise<ReloadOutcome>;
  stop(): void;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** Refuses a URL that is not https, or plain http to a loopback host when development allows it. */
export function checkTrustListUrl(url: string, allowLoopbackHttp = false): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new NrxError('TRUST_LIST_SOURCE_INVALID', `the trust-list URL ${JSON.stringify(url.slice(0, 200))} is not a URL`);
  }
  if (parsed.protocol === 'https:') return parsed;
  if (parsed.protocol === 'http:' && allowLoopbackHttp && LOOPBACK_HOSTS.has(parsed.hostname)) return parsed;
  throw new NrxError('TRUST_LIST_SOURCE_INVALID', `the trust list must be fetched over https (plain http only from a loopback host in development): ${parsed.origin}`);
}

async function fetchText(url: URL, maxBytes: number, timeoutMs: number): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/jose, application/jose+json, text/plain' } });
  } catch (error) {
    throw new NrxError('TRUST_LIST_SOURCE_INVALID', `cannot fetch the trust list from ${url.origin}: ${(error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error as Error).message}`);
  }
  if (!response.ok) throw new NrxError('TRUST_LIST_SOURCE_INVALID', `the trust list URL ${url.origin}${url.pathname} answered HTTP ${response.status}`);
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw new NrxError('TRUST_LIST_SOURCE_INVALID', `the trust list at ${url.origin} is larger than ${maxBytes} bytes`);
  const body = Buffer.from(await response.arrayBuffer());
  if (body.length > maxBytes) throw new NrxError('TRUST_LIST_SOURCE_INVALID', `the trust list at ${url.origin} is larger than ${maxBytes} bytes`);
  return body.toString('utf8');
}

function readSource(source: TrustListSource, maxBytes: number, timeoutMs: number): Promise<string> | string {
  if ('url' in source) return fetchText(checkTrustListUrl(source.url, source.allowLoopbackHttp), maxBytes, timeoutMs);
  try {
    return readFileSync(source.file, 'utf8');
  } catch (error) {
    throw new TrustListError('TRUST_LIST_UNREADABLE', `cannot read trust list ${source.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Who joined, left or was suspended between two lists. */
export function membershipChanges(before: TrustList, after: TrustList): Pick<ReloadOutcome, 'added' | 'removed' | 'suspended'> {
  const added = [...after.members.keys()].filter((id) => !before.members.has(id));
  const removed = [...before.members.keys()].filter((id) => !after.members.has(id));
  const suspended = [...after.members.values()].filter((m) => m.status === 'suspended' && before.members.get(m.id)?.status !== 'suspended').map((m) => m.id);
  return { added, removed, suspended };
}

/** Whether two verified lists say the same (a list read again, whatever its signature bytes). */
const sameContents = (a: TrustList, b: TrustList): boolean => trustListDigest(a) === trustListDigest(b);

export function trustListReloader(options: TrustListReloaderOptions): TrustListReloader {
  const { live, source, operatorKey } = options;
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const timeoutMs = options.fetchTimeoutMs ?? 10_000;
  // One reload at a time, in the order asked, so that outcomes are audited in the order they happened.
  let queue: Promise<unknown> = Promise.resolve();

  async function attempt(trigger: ReloadTrigger): Promise<ReloadOutcome> {
    const before = live.current();
    const held = before.sequence ?? 0;
    const none = { added: [], removed: [], suspended: [] };
    let next: TrustList;
    try {
      const text = (await readSource(source, maxBytes, timeoutMs)).trim();
      const minSequence = Math.max(held, (await options.floor?.()) ?? 0);
      next = await verifyTrustList(text, operatorKey, { minSequence, ...(options.now ? { now: options.now } : {}) });
    } catch (error) {
      if (!(error instanceof NrxError)) throw error;
      return { outcome: 'rejected', trigger, sequence: held, code: error.code, reason: error.message.split('\n')[0]!, ...none };
    }
    if (next.sequence === held && sameContents(before, next)) return { outcome: 'unchanged', trigger, sequence: held, offeredSequence: held, ...none };
    if (next.sequence === held) {
      // A different list under the sequence in force: one of the two is not what the operator issued last.
      return { outcome: 'rejected', trigger, sequence: held, offeredSequence: held, code: 'TRUST_LIST_STALE', reason: `the list offered has the sequence in force (${held}) but other contents; the operator must issue a new sequence`, ...none };
    }
    live.replace(next);
    return { outcome: 'replaced', trigger, sequence: next.sequence ?? 0, offeredSequence: next.sequence ?? 0, ...membershipChanges(before, next) };
  }

  function reload(trigger: ReloadTrigger, by?: ReloadOutcome['by']): Promise<ReloadOutcome> {
    const run = queue.then(async () => {
      const outcome: ReloadOutcome = { ...(await attempt(trigger)), ...(by ? { by } : {}) };
      await options.onOutcome?.(outcome);
      return outcome;
    });
    queue = run.catch(() => undefined);
    return run;
  }

  const timer = options.intervalMs ? setInterval(() => void reload('schedule').catch(() => undefined), options.intervalMs) : undefined;
  timer?.unref();
  return {
    reload,
    stop: () => clearInterval(timer),
  };
}
