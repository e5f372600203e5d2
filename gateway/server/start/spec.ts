/** The specification a gateway serves and the validator of its documents. */
import type { GatewayConfig } from '../../config/types.ts';
import { loadSpec } from '../../../lib/spec/load.ts';
import { loadProfile } from '../../../lib/spec/profile.ts';
import type { Spec } from '../../../lib/spec/types.ts';
import { createValidator, type Validator } from '../../../lib/validator/index.ts';

export interface GatewaySpec {
  /** The base specification: discovery, and the documents naming another profile. */
  base: Spec;
  /** What this gateway serves: its profile's, or the base. */
  spec: Spec;
  validator: Validator;
}

export function loadGatewaySpec(config: Pick<GatewayConfig, 'profile' | 'limits'>): GatewaySpec {
  const base = loadSpec();
  // A gateway configured with a country profile serves it: its GraphQL types, policy field catalogue
  // and validation are the profile's; documents naming another profile are validated against theirs.
  const spec = config.profile ? loadProfile(config.profile, { specDir: base.dir }) : base;
  const validator = createValidator({ spec: base, maxBytes: config.limits.maxBodyBytes, ...(config.profile ? { defaultProfile: config.profile } : {}) });
  return { base, spec, validator };
}
