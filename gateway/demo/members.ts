/** The demo federation: fictional agencies modelled on the actors of a national referral mechanism. */

export interface DemoMember {
  id: string;
  name: string;
  memberClass: string;
  agencyType: string;
  description: string;
  /** The purpose its demo token is issued for. */
  purpose: string;
}

export const DEMO_FEDERATION = 'NRX-DEMO';
/** The gateway of the demo, hosted by the coordinating body. */
export const DEMO_GATEWAY_ID = 'RS/GOV/CPTV';
export const DEMO_OPERATOR_ID = 'RS/GOV/NRX-OPERATOR';

export const DEMO_MEMBERS: DemoMember[] = [
  { id: 'RS/GOV/POLICE', name: 'Anti-trafficking police unit (demo)', memberClass: 'GOV', agencyType: 'police', description: 'A fictional police anti-trafficking unit that detects and refers presumed victims.', purpose: 'identification' },
  { id: 'RS/GOV/CPTV', name: 'Centre for protection of trafficking victims (demo)', memberClass: 'GOV', agencyType: 'coordinating-body', description: 'A fictional national coordinating body that identifies victims and refers them to services.', purpose: 'identification' },
  { id: 'RS/NGO/ATINA', name: 'Safe House shelter NGO (demo)', memberClass: 'NGO', agencyType: 'shelter', description: 'A fictional NGO that runs a shelter and reintegration programme.', purpose: 'assistance' },
  { id: 'RS/NGO/ASTRA', name: 'SOS line NGO (demo)', memberClass: 'NGO', agencyType: 'sos-helpline', description: 'A fictional NGO that runs an SOS helpline for suspected cases.', purpose: 'referral' },
  { id: 'RS/GOV/CSR-BG', name: 'Centre for social work (demo)', memberClass: 'GOV', agencyType: 'social-work-centre', description: 'A fictional centre for social work, guardianship authority for children.', purpose: 'child-protection' },
];

export const DEMO_OPERATOR: DemoMember = {
  id: DEMO_OPERATOR_ID,
  name: 'Demo federation operator',
  memberClass: 'GOV',
  agencyType: 'national-coordinator',
  description: 'Operates the demo federation and signs its trust list.',
  purpose: 'statistics',
};
