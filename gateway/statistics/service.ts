/**
 * The statistics interface as the gateway serves it: a question from a caller with the
 * `statistics` purpose answered with a suppressed table over this gateway's own facts, or, when
 * federated, over this gateway's and every peer's (combine.ts).
 */
import type { Principal, TrustList } from '../auth/types.ts';
import type { Federation } from '../federation/setup.ts';
import type { Queryable } from '../store/db.ts';
import { NrxError } from '../../lib/errors.ts';
import { combineTables, type PeerTable } from './combine.ts';
import { countTable } from './local.ts';
import type { StatisticsQuestion } from './question.ts';
import type { StatisticsTable, TableSettings } from './table.ts';
import { questionQuery } from './wire.ts';

export const STATISTICS_PURPOSE = 'statistics';

export interface StatisticsService {
  /** The suppressed table, for a caller whose token names the statistics purpose. */
  table(principal: Principal, question: StatisticsQuestion, options?: { federated?: boolean }): Promise<StatisticsTable>;
}

export interface StatisticsServiceOptions {
  db: Queryable;
  trustList: Pick<TrustList, 'members'>;
  settings: TableSettings;
  /** This gateway's member id, naming its own part of a federated table. */
  gatewayId: string;
  federation?: Pick<Federation, 'peers' | 'client'>;
}

export function requireStatisticsPurpose(principal: Principal): void {
  if (principal.purpose !== STATISTICS_PURPOSE) {
    throw new NrxError('STATISTICS_PURPOSE_REQUIRED', `statistics are answered only for purpose ${STATISTICS_PURPOSE}; this token names ${principal.purpose}`);
  }
}

export function statisticsService(options: StatisticsServiceOptions): StatisticsService {
  const { db, trustList, settings } = options;
  const local = (question: StatisticsQuestion) => countTable(db, question, (id) => trustList.members.get(id), settings);

  /** Each peer's own suppressed table, asked in parallel; a peer that fails is reported, not counted. */
  const peerTables = async (question: StatisticsQuestion): Promise<PeerTable[]> => {
    const federation = options.federation;
    if (!federation) return [];
    return Promise.all(federation.peers.all.map(async (peer): Promise<PeerTable> => {
      const gateway = peer.hosts[0] ?? peer.baseUrl;
      try {
        const answer = await federation.client.call<StatisticsTable>(peer, { method: 'GET', path: `/stats/table.json?${questionQuery(question)}`, purpose: STATISTICS_PURPOSE });
        return { gateway, table: answer.body };
      } catch (error) {
        return { gateway, error: error instanceof NrxError ? error.code : 'PEER_BAD_ANSWER' };
      }
    }));
  };

  return {
    async table(principal, question, { federated = false } = {}) {
      requireStatisticsPurpose(principal);
      // A peer gateway asking (role service) gets this gateway's own table: a federated question is never passed on.
      if (!federated || principal.role === 'service') return local(question);
      const [own, peers] = await Promise.all([local(question), peerTables(question)]);
      return combineTables(question, [{ gateway: options.gatewayId, table: own }, ...peers]);
    },
  };
}
