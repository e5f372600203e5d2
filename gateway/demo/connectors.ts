/**
 * The demo's agency system: the SOS line NGO's own case list, kept in memory and plugged in
 * through a connector, so that a case view shows a record the gateway does not store. The
 * record is fictional; the subject is one the demo seeds referrals and her consent for.
 */
import type { ConnectorConfig } from '../../connectors/config.ts';
import { DEMO_SUBJECTS } from './seed.ts';

export const DEMO_CONNECTOR = 'astra-sos-line';

export function demoConnectors(): ConnectorConfig[] {
  return [
    {
      name: DEMO_CONNECTOR,
      type: 'memory',
      member: 'RS/NGO/ASTRA',
      capabilities: ['getCase', 'findCases'],
      identifiers: ['subject', 'localCaseNumber'],
      source: {
        cases: [
          {
            subject: DEMO_SUBJECTS[1],
            localCaseNumber: 'SOS-2025-0042',
            sections: {
              person: { subject: DEMO_SUBJECTS[1], sex: 'female', citizenships: ['RS'], languages: ['sr'], interpreterNeeded: false },
              needs: [
                { id: '5a0d7c2e-2b1f-4f3a-9c4d-7e8f9a0b1c21', category: 'economic.material-aid', origin: 'trafficking-related', beneficiary: 'person', status: 'open' },
              ],
            },
          },
        ],
      },
    },
  ];
}

/** A case view with the agency record, for the printed instructions. */
export const DEMO_CASE_QUERY = `{ subjectCase(subject: "${DEMO_SUBJECTS[1]}") { agencyRecords { connector member sections { person { sex citizenships languages } needs { category status } } } } }`;
