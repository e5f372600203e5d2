import { setTimeout as sleep } from 'node:timers/promises';
import type { ConnectorConfig, MemorySourceConfig } from '../config.ts';
import type { IdentifierKind, ReferralDocument, StatusUpdateDocument } from '../contract.ts';
import { readOne } from '../mapping/pointer.ts';
import type { LocalRecord, Source } from '../source.ts';

/**
 * Records held in memory, for tests and the demo. Without a case mapping a record is already
 * NRX-shaped: `{ subject, localCaseNumber?, sections }`. `latencyMs` makes each call take that
 * long, to stand in for a remote system.
 */
export interface MemorySource extends Source {
  readonly delivered: ReferralDocument[];
  readonly statuses: Map<string, LocalRecord>;
  /** How many times the agency's system was asked for cases. */
  readonly calls: { findCases: number };
}

export function memorySource(config: ConnectorConfig & { source: MemorySourceConfig }): MemorySource {
  const { source } = config;
  const cases = source.cases ?? [];
  const subjectAt = config.record?.subject ?? '/subject';
  const caseNumberAt = config.record?.caseNumber ?? '/localCaseNumber';
  const delay = () => (source.latencyMs ? sleep(source.latencyMs) : Promise.resolve());
  const statuses = new Map<string, LocalRecord>();
  for (const status of source.statuses ?? []) statuses.set(referralOf(status), status);
  const delivered: ReferralDocument[] = [];
  const calls = { findCases: 0 };

  return {
    lookups: new Set<IdentifierKind>(['subject', 'localCaseNumber']),
    delivered,
    statuses,
    calls,
    async findCases(kind, values) {
      calls.findCases++;
      await delay();
      const wanted = new Set(values);
      const at = kind === 'subject' ? subjectAt : caseNumberAt;
      return cases.filter((c) => wanted.has(String(readOne(c, at)))).map((c) => structuredClone(c));
    },
    async services() {
      await delay();
      return structuredClone(source.services ?? []);
    },
    async deliver(referral) {
      await delay();
      delivered.push(structuredClone(referral));
    },
    async status(referralId) {
      await delay();
      return structuredClone(statuses.get(referralId) ?? null);
    },
    async pushStatus(update: StatusUpdateDocument) {
      await delay();
      statuses.set(referralOf(update), structuredClone(update));
    },
    ping: delay,
    close: async () => {},
  };
}

/** The referral a status row or document is about, whichever name the field has. */
function referralOf(record: Record<string, unknown>): string {
  return String(record.referralId ?? record.referral ?? record.referral_id ?? '');
}
