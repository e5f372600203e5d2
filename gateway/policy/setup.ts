/**
 * Field-level policy for a running gateway, from its configuration: the agreements directory, the
 * pseudonym key (made once under the data directory when none is configured) and the compiled engine.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TrustList } from '../auth/types.ts';
import type { GatewayConfig } from '../config/types.ts';
import type { Spec } from '../../lib/spec/types.ts';
import { readAgreements, AgreementError } from './agreements.ts';
import { compile } from './engine.ts';
import { createViewBuilder, type HeldConsent, type ViewBuilder } from './views.ts';

/** The agreement files of a directory (*.json), in name order. */
export function agreementFilesIn(dir: string): string[] {
  if (!existsSync(dir)) throw new AgreementError('POLICY_SETUP_INVALID', `${dir}: the agreements directory does not exist`);
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => join(dir, f));
}

/** The pseudonym key: the configured file, or one made under the data directory and kept there. */
export function pseudonymKey(config: GatewayConfig): Buffer {
  const file = config.policy.pseudonymKeyFile ?? join(config.dataDir, 'pseudonym.key');
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
    if (key.byteLength < 16) throw new AgreementError('POLICY_SETUP_INVALID', `${file}: the pseudonym key must hold at least 16 bytes (base64url)`);
    return key;
  }
  if (config.policy.pseudonymKeyFile) throw new AgreementError('POLICY_SETUP_INVALID', `${file}: the pseudonym key file does not exist`);
  const key = randomBytes(32);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, key.toString('base64url') + '\n', { mode: 0o600 });
  return key;
}

export interface GatewayPolicyOptions {
  config: GatewayConfig;
  spec: Spec;
  trustList: TrustList;
  consentsFor(subject: string): Promise<readonly HeldConsent[]>;
}

/** The view builder for this gateway, or undefined when enforcement is switched off. */
export function gatewayPolicy(options: GatewayPolicyOptions): ViewBuilder | undefined {
  const { config, spec, trustList } = options;
  if (!config.policy.enforce) return undefined;
  const agreements = config.policy.agreementsDir ? readAgreements(agreementFilesIn(config.policy.agreementsDir), spec) : [];
  return createViewBuilder({
    policy: compile(agreements, { spec }),
    members: trustList.members,
    country: trustList.members.get(config.gatewayId)?.country ?? config.gatewayId.slice(0, 2),
    pseudonymKey: pseudonymKey(config),
    consentsFor: options.consentsFor,
  });
}
