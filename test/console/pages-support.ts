/**
 * What the directory and statistics pages' tests and screenshots assume happened before: a service
 * that makes assistance conditional on cooperation (listed, but flagged), and generated referrals
 * enough for statistics tables with published and suppressed cells.
 */
import type { ConsoleGateway } from './support.ts';
import { demoToken, graphqlAs } from './support.ts';
import { caseDocuments, storeCases } from '../gateway/statistics/cases.ts';

/** A police service that helps only those who cooperate with the investigation. */
export const CONDITIONAL_SERVICE = {
  kind: 'service', specVersion: '1.0.0', status: 'active', id: 'RS/GOV/POLICE/witness-housing', name: 'Witness housing (demo)',
  organization: 'RS/GOV/POLICE', categories: ['accommodation.secured'],
  eligibility: { conditionalOnCooperation: true, foreignersAccepted: true, nationalsAccepted: true },
  languages: ['sr'], serviceAreas: [{ country: 'RS' }], locationDisclosure: 'never', cost: { free: true },
};

/** Publishes services through the GraphQL API as their own member would. */
export async function publishServices(demo: ConsoleGateway, member: string, services: readonly object[]): Promise<void> {
  const token = await demoToken(demo.url, member, 'case-worker', 'assistance');
  for (const service of services) await graphqlAs(demo.url, token, 'mutation ($d: ServiceInput!) { publishService(document: $d) { service { id } } }', { d: service });
}

/** Generated referrals from three Serbian senders to the shelter, stored in the console gateway's database. */
export async function storeGeneratedCases(demo: ConsoleGateway, subjects: number): Promise<void> {
  await storeCases(demo.gateway.store.db, caseDocuments({ seed: 19, subjects, senders: ['RS/GOV/POLICE', 'RS/NGO/ASTRA', 'RS/GOV/CSR-BG'], recipient: 'RS/NGO/ATINA' }));
}
