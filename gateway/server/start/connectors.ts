/** The agencies' own systems; a connector that cannot be built fails start-up like a bad agreement. */
import type { TrustList } from '../../auth/types.ts';
import { openConnectors, type OpenedConnectors } from '../../config/connectors.ts';
import type { GatewayConfig } from '../../config/types.ts';
import type { Spec } from '../../../lib/spec/types.ts';
import type { Teardown } from './teardown.ts';

export async function openAgencies(input: { config: GatewayConfig; spec: Spec; trustList: TrustList; teardown: Teardown }): Promise<OpenedConnectors | undefined> {
  const { config, trustList } = input;
  if (!config.connectors?.length) return undefined;
  const agencies = await openConnectors(config.connectors, config.fanout, { spec: input.spec, isMember: (id) => trustList.members.has(id) });
  input.teardown.add(() => agencies.close());
  return agencies;
}
