/** The configured retention period of the audit trail (`audit.retentionDays`), applied by the gateway itself. */
import type { JWK } from 'jose';
import type { Logger } from 'pino';
import type { AuditAppender } from '../../audit/appender.ts';
import type { CheckpointSigner } from '../../audit/index.ts';
import { scheduleRetention, type RetentionSchedule } from '../../audit/retention.ts';
import type { GatewayConfig } from '../../config/types.ts';
import type { Db } from '../../store/db.ts';
import type { Teardown } from './teardown.ts';

export function scheduleAuditRetention(input: {
  config: GatewayConfig;
  auditReads: Db;
  audit: AuditAppender | undefined;
  signer: CheckpointSigner | undefined;
  publicJwk: JWK;
  logger: Logger;
  teardown: Teardown;
}): RetentionSchedule | undefined {
  const { config, audit, signer, logger } = input;
  if (!audit || !signer || !config.audit?.retentionDays) return undefined;
  const retention = scheduleRetention(input.auditReads, {
    retentionDays: config.audit.retentionDays, signer, gateway: config.gatewayId, keys: [input.publicJwk], log: audit,
    onError: (error) => logger.error({ err: error, component: 'audit' }, 'audit: retention pruning failed; it is tried again at the next period'),
  });
  input.teardown.add(() => retention.stop());
  return retention;
}
