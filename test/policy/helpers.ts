import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../lib/spec/paths.ts';
import type { ConsentProvision, ConsentRecord, DataSharingAgreement, PolicyActor } from '../../gateway/policy/index.ts';

export const agreementDir = join(repoRoot, 'spec', 'examples', 'agreements');
export const agreementFiles = readdirSync(agreementDir).filter((f) => f.endsWith('.json')).map((f) => join(agreementDir, f));
export const exampleAgreements = agreementFiles.map((f) => JSON.parse(readFileSync(f, 'utf8')) as DataSharingAgreement);
export const fullReferral = JSON.parse(readFileSync(join(repoRoot, 'spec', 'examples', 'full-referral.json'), 'utf8')) as Record<string, any>;

const member = (id: string, agencyType: string): PolicyActor => {
  const [country, memberClass] = id.split('/') as [string, string];
  return { id, country, memberClass, agencyType };
};

export const M = {
  cptv: member('RS/GOV/CPTV', 'coordinating-body'),
  shelter: member('RS/NGO/ATINA', 'shelter'),
  police: member('RS/GOV/POLICE', 'police'),
  aliens: member('RS/GOV/MUP-STRANCI', 'immigration-office'),
  inspectorate: member('RS/GOV/INSPEKTORAT-RADA', 'labour-inspectorate'),
  csr: member('RS/GOV/CSR-BG', 'social-work-centre'),
  mdBody: member('MD/GOV/CNPTV', 'coordinating-body'),
  mdPolice: member('MD/GOV/IGP', 'police'),
  lefoe: member('AT/NGO/LEFOE', 'victim-service'),
  clinic: member('RS/GOV/KBC-NS', 'health-institution'),
  school: member('RS/GOV/OS-NS-7', 'school'),
  researcher: member('RS/EDU/FPN', 'research-institution'),
};

let n = 0;
/** A list the spec requires to hold at least one item, as the generated types spell it. */
export function nonEmpty<T>(items: readonly T[]): [T, ...T[]] {
  const [first, ...rest] = items;
  if (first === undefined) throw new RangeError('the list must not be empty');
  return [first, ...rest];
}

export function consent(provisions: ConsentProvision[], extra: Partial<ConsentRecord> = {}): ConsentRecord {
  n += 1;
  return {
    kind: 'consent-record',
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    subject: 'rs-cptv-7f3k2m9q',
    decision: 'deny',
    state: 'active',
    given: '2026-03-01T10:00:00Z',
    provisions: nonEmpty(provisions),
    ...extra,
  };
}

export const NOW = new Date('2026-05-01T12:00:00Z');
