/** A scenario's federation: its members in a signed trust list, its agreements, a real gateway on port 0. */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { issueToken } from '../../gateway/auth/token.ts';
import { loadConfig } from '../../gateway/config/load.ts';
import { DEMO_AGREEMENT_SOURCES, ensureDemoFiles, type DemoFiles } from '../../gateway/demo/files.ts';
import type { DemoMember } from '../../gateway/demo/members.ts';
import { startGateway, type RunningGateway } from '../../gateway/server/gateway.ts';
import type { DataSharingAgreement } from '../../gateway/policy/index.ts';

export const member = (id: string, agencyType: string): DemoMember => ({
  id, name: `${id} (scenario)`, memberClass: id.split('/')[1]!, agencyType, description: 'A fictional member of a test scenario.', purpose: 'referral',
});

export const MEMBERS = {
  cptv: member('RS/GOV/CPTV', 'coordinating-body'),
  shelter: member('RS/NGO/ATINA', 'shelter'),
  police: member('RS/GOV/POLICE', 'police'),
  aliens: member('RS/GOV/MUP-STRANCI', 'immigration-office'),
  inspectorate: member('RS/GOV/INSPEKTORAT-RADA', 'labour-inspectorate'),
  csr: member('RS/GOV/CSR-BG', 'social-work-centre'),
  sos: member('RS/NGO/ASTRA', 'sos-helpline'),
  mdBody: member('MD/GOV/CNPTV', 'coordinating-body'),
  mdPolice: member('MD/GOV/IGP', 'police'),
  lefoe: member('AT/NGO/LEFOE', 'victim-service'),
  clinic: member('RS/GOV/KBC-NS', 'health-institution'),
  prosecutor: member('RS/GOV/RJT-BG', 'prosecutor'),
  school: member('RS/GOV/OS-NS-7', 'school'),
};

export interface Scenario {
  gateway: RunningGateway;
  files: DemoFiles;
  token(member: string, purpose: string, role?: string): Promise<string>;
  graphql(token: string, query: string, variables?: Record<string, unknown>): Promise<any>;
  /** Runs a mutation and fails on any error. */
  must(token: string, query: string, variables?: Record<string, unknown>): Promise<any>;
  stop(): Promise<void>;
}

/** Starts a gateway with every scenario member, the example and demo agreements plus `extra`. */
export async function startScenario(extra: DataSharingAgreement[] = [], options: { enforce?: boolean } = {}): Promise<Scenario> {
  const dir = mkdtempSync(join(tmpdir(), 'nrx-scenario-'));
  const files = await ensureDemoFiles(dir, Object.values(MEMBERS));
  const agreementsDir = join(dir, 'scenario-agreements');
  mkdirSync(agreementsDir);
  for (const source of DEMO_AGREEMENT_SOURCES) cpSync(source, agreementsDir, { recursive: true });
  for (const a of extra) writeFileSync(join(agreementsDir, `${a.id}.json`), JSON.stringify(a));
  const databaseUrl = process.env.NRX_TEST_DATABASE_URL;
  const schema = databaseUrl ? `nrx_test_scn_${Math.random().toString(36).slice(2, 10)}` : undefined;
  const config = loadConfig({
    env: {},
    overrides: {
      gatewayId: 'RS/GOV/CPTV',
      listen: { host: '127.0.0.1', port: 0 },
      dataDir: files.dataDir,
      trustList: { file: files.trustListFile, operatorKeyFile: files.operatorPublicKeyFile },
      signingKeyFile: files.gatewayKeyFile,
      log: { level: 'silent' },
      policy: { enforce: options.enforce ?? true, agreementsDir },
      ...(databaseUrl ? { databaseUrl } : {}),
    },
  });
  const gateway = await startGateway(config, { logDestination: new Writable({ write: (_c, _e, done) => done() }), ...(schema ? { databaseSchema: schema } : {}) });
  const graphql = async (token: string, query: string, variables?: Record<string, unknown>) => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
    });
    return response.json();
  };
  return {
    gateway,
    files,
    token: (id, purpose, role = 'case-worker') =>
      issueToken({ privateJwk: files.memberKeys.get(id)!, issuer: id, subject: 'scenario-user', audience: config.audience, purpose, role, ttlSeconds: 600 }),
    graphql,
    async must(token, query, variables) {
      const body = await graphql(token, query, variables);
      if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
      return body.data;
    },
    async stop() {
      if (schema) await gateway.store.db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await gateway.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const SUBMIT = `mutation($d: ReferralInput!) { submitReferral(document: $d) { id } }`;
export const CONSENT = `mutation($d: ConsentRecordInput!) { recordConsent(document: $d) { id } }`;
export const READ = `query($id: ID!) { referral(id: $id) { id subject purpose document { subject sections { person { subject givenName familyName dateOfBirth ageBand minor citizenships homeCommunity { country region locality } currentAddress { country region locality } } needs { category origin beneficiary } identifications { status issuerType } residenceStatus { removalSuspension { suspended since } } } } } }`;

export function consentDoc(subject: string, recorder: string, provisions: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'consent-record', specVersion: '1.0.0', id: crypto.randomUUID(), subject, decision: 'deny', state: 'active', grantor: { type: 'self' },
    given: '2026-01-10T10:00:00Z', method: 'written', recordedBy: { member: recorder, user: 'scenario-user' }, provisions, ...extra,
  };
}

export function referralDoc(sender: string, recipient: string, purpose: string, subject: string, sections: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'referral', specVersion: '1.0.0', id: crypto.randomUUID(), sender, recipient, purpose, created: '2026-02-01T10:00:00Z', subject,
    sections: { person: { subject, ...((sections.person as object) ?? {}) }, ...Object.fromEntries(Object.entries(sections).filter(([k]) => k !== 'person')) },
    ...extra,
  };
}
