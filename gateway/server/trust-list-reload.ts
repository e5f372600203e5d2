/**
 * The gateway's side of the trust-list life cycle: the reloader (gateway/auth/trust-list-reloader.ts)
 * reading the configured file or URL on the configured schedule, and every outcome written to the
 * audit trail and the log. A refused list is an operator's problem, not a request's: it is logged as
 * a warning and the list in force keeps serving.
 */
import type { Logger } from 'pino';
import type { AuditAppender } from '../audit/appender.ts';
import type { AuditEntryInput } from '../audit/entry.ts';
import type { LiveTrustList } from '../auth/live-trust-list.ts';
import { readJwkFile } from '../auth/keys.ts';
import { trustListReloader, type ReloadOutcome, type TrustListReloader } from '../auth/trust-list-reloader.ts';
import type { GatewayConfig } from '../config/types.ts';
import { checkTrustListFloor, trustListDigest } from '../auth/trust-list-floor.ts';
import type { TrustList } from '../auth/types.ts';
import type { TrustListRepository } from '../store/trust-lists.ts';

/** Records `list` as accepted: from now on no older list is put in force here, restarts included. */
export function recordAccepted(accepted: TrustListRepository, list: TrustList): Promise<void> {
  return accepted.record({ federation: list.federation, sequence: list.sequence ?? 0, digest: trustListDigest(list), operator: list.operator ?? '', issued: list.issued });
}

/**
 * At start-up: refuses the list read from `where` when it is older than the newest one this
 * gateway accepted before (TRUST_LIST_STALE), and records it otherwise.
 */
export async function holdTrustListFloor(accepted: TrustListRepository, list: TrustList, where: string): Promise<void> {
  const newest = await accepted.newest(list.federation);
  checkTrustListFloor(list, newest, where);
  await recordAccepted(accepted, list);
}

/** The audit entry of one outcome: sequences, codes and member ids only. */
export function reloadEntry(outcome: ReloadOutcome): AuditEntryInput {
  return {
    type: outcome.outcome === 'rejected' ? 'trust-list-rejected' : 'trust-list-reloaded',
    ...(outcome.by ? { requester: outcome.by.member, user: outcome.by.user } : {}),
    details: {
      outcome: outcome.outcome,
      trigger: outcome.trigger,
      sequence: outcome.sequence,
      ...(outcome.offeredSequence === undefined ? {} : { offeredSequence: outcome.offeredSequence }),
      ...(outcome.code ? { code: outcome.code } : {}),
      ...(outcome.added.length ? { added: outcome.added } : {}),
      ...(outcome.removed.length ? { removed: outcome.removed } : {}),
      ...(outcome.suspended.length ? { suspended: outcome.suspended } : {}),
    },
  };
}

export interface TrustListReloadOptions {
  config: GatewayConfig;
  live: LiveTrustList;
  audit?: AuditAppender;
  /** Where every list put in force is recorded, so that a restart refuses an older one. */
  accepted: TrustListRepository;
  logger: Logger;
  /** Called once a new list is in force, before the outcome is audited (what is built from the list is rebuilt here). */
  onReplaced?: () => void;
}

export function startTrustListReload(options: TrustListReloadOptions): TrustListReloader {
  const { config, live, audit, logger } = options;
  const settings = config.federationOps.trustListReload;
  return trustListReloader({
    live,
    source: settings.url ? { url: settings.url, allowLoopbackHttp: config.federation.allowDevelopmentTransport } : { file: config.trustList.file },
    operatorKey: readJwkFile(config.trustList.operatorKeyFile),
    intervalMs: settings.intervalSeconds * 1000,
    // What another replica put in force counts; if the store cannot say, the list this process holds still does.
    floor: async () => (await options.accepted.newest(live.federation).catch(() => undefined))?.sequence,
    async onOutcome(outcome) {
      if (outcome.outcome === 'replaced') {
        options.onReplaced?.();
        await recordAccepted(options.accepted, live.current()).catch((error) => logger.error({ err: error, component: 'trust-list' }, `trust list sequence ${outcome.sequence} is in force but could not be recorded; a restart would not refuse an older list until the next one is recorded`));
      }
      const fields = { component: 'trust-list', event: `trust-list.${outcome.outcome}`, ...(outcome.code ? { code: outcome.code } : {}) };
      if (outcome.outcome === 'rejected') logger.warn(fields, `trust list refused (${outcome.trigger}), the list in force (sequence ${outcome.sequence}) stays: ${outcome.reason}`);
      else if (outcome.outcome === 'replaced') logger.info(fields, `trust list sequence ${outcome.sequence} in force (${outcome.trigger}): ${outcome.added.length} member(s) added, ${outcome.removed.length} removed, ${outcome.suspended.length} suspended`);
      else logger.debug(fields, `trust list unchanged (${outcome.trigger})`);
      // Unchanged scheduled reads are not worth an entry each: the trail records what changed or was refused.
      if (!audit || (outcome.outcome === 'unchanged' && outcome.trigger === 'schedule')) return;
      try {
        await audit.record([reloadEntry(outcome)]);
      } catch (error) {
        logger.error({ err: error, component: 'audit' }, 'audit: a trust-list reload could not be recorded');
      }
    },
  });
}
