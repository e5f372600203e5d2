/** Publishes services through the public API, each as its own organisation (a token per member). */
import { expect } from 'vitest';
import type { Service } from '../../../schema/generated/nrx.d.ts';
import type { TestGateway } from '../support/federation.ts';

export const PUBLISH = `mutation($document: ServiceInput!) { publishService(document: $document) { gateway service { id name } } }`;

export async function publishAll(gw: TestGateway, services: readonly Service[]): Promise<void> {
  const tokens = new Map<string, string>();
  for (const service of services) {
    const token = tokens.get(service.organization) ?? (await gw.token(service.organization));
    tokens.set(service.organization, token);
    const { body } = await gw.graphql(token, PUBLISH, { document: service });
    expect(body.errors).toBeUndefined();
  }
}
