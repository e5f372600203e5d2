import type { LegalBasisEntry } from './types.ts';

/**
 * The one table of legal bases that stand without her consent and the minimal fields each
 * allows. A request invoking one of them gets at most these fields, and only when the agreement
 * clause also accepts the basis; every use is flagged for the data-protection officer.
 */
export const LEGAL_BASIS_TABLE: readonly LegalBasisEntry[] = [
  {
    // The duty to report a crime (002:402): that a crime is suspected, never her assistance records.
    code: 'mandatory-crime-notification',
    purposes: ['mandatory-crime-notification'],
    paths: [
      '/sections/person/ageBand',
      '/sections/person/minor',
      '/sections/traffickingEpisodes/*/forms',
      '/sections/traffickingEpisodes/*/countriesOfExploitation',
      '/sections/traffickingEpisodes/*/period',
      '/sections/identifications/*/status',
    ],
  },
  {
    // A medical emergency when she cannot consent: who she is to the treating staff and her health.
    code: 'vital-interest',
    purposes: ['assistance', 'referral'],
    fieldGroups: ['health'],
    paths: [
      '/sections/person/givenName',
      '/sections/person/familyName',
      '/sections/person/sex',
      '/sections/person/dateOfBirth',
      '/sections/person/languages',
      '/sections/person/interpreterNeeded',
    ],
  },
  {
    code: 'child-protection-duty',
    purposes: ['child-protection'],
    fieldGroups: ['identity', 'date-of-birth', 'contact', 'location', 'family', 'risk'],
  },
  {
    code: 'court-order',
    purposes: ['criminal-justice'],
    fieldGroups: ['identity', 'date-of-birth', 'justice'],
  },
  {
    // Removal protection: the immigration office learns that removal is suspended, never why.
    code: 'legal-obligation',
    purposes: ['residence-immigration'],
    paths: [
      '/sections/residenceStatus/removalSuspension/suspended',
      '/sections/residenceStatus/removalSuspension/since',
      '/sections/residenceStatus/removalSuspension/until',
    ],
  },
  {
    // The identifying body's own procedure: what identification needs.
    code: 'public-interest-task',
    purposes: ['identification'],
    fieldGroups: ['identity', 'date-of-birth', 'documents', 'exploitation-details', 'identification', 'trafficking-status'],
  },
];
