import { auditLog, checkpointSigner } from '../../../gateway/audit/index.ts';
import { readPrivateJwkFile } from '../../../gateway/auth/keys.ts';
import type { TestGateway } from '../support/federation.ts';

/** An audit log writing to a test gateway's trail, as the gateway itself would. */
export async function gatewayAuditLog(t: TestGateway) {
  return { log: auditLog({ gateway: t.config.gatewayId, signer: await checkpointSigner(readPrivateJwkFile(t.config.signingKeyFile)), checkpointEvery: 1000 }) };
}
