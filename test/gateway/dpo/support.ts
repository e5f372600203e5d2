import { tableAppender, checkpointSigner } from '../../../gateway/audit/index.ts';
import { readPrivateJwkFile } from '../../../gateway/auth/keys.ts';
import type { TestGateway } from '../support/federation.ts';

/** An appender writing to a test gateway's trail, as the gateway itself would (its journal settled first). */
export async function gatewayAuditLog(t: TestGateway) {
  await t.gateway.auditSettled?.();
  return { log: tableAppender({ db: t.gateway.store.db, gateway: t.config.gatewayId, signer: await checkpointSigner(readPrivateJwkFile(t.config.signingKeyFile)), checkpointEvery: 1000 }) };
}
