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

/** The Austrian and Moldovan members, each country on its own gateway (DEMO_GATEWAYS). */
export const DEMO_PEER_MEMBERS: DemoMember[] = [
  { id: 'AT/NGO/LEFOE', name: 'Victim-service NGO for migrant women (demo)', memberClass: 'NGO', agencyType: 'victim-service', description: 'A fictional Austrian NGO that identifies and supports trafficked migrant women and arranges safe return.', purpose: 'return-reintegration' },
  { id: 'AT/GOV/BK', name: 'Criminal intelligence service (demo)', memberClass: 'GOV', agencyType: 'police', description: 'A fictional Austrian police unit against human trafficking.', purpose: 'identification' },
  { id: 'MD/GOV/CNPTV', name: 'National coordination unit (demo)', memberClass: 'GOV', agencyType: 'coordinating-body', description: 'A fictional Moldovan national coordinating body that receives returning victims and refers them to services.', purpose: 'return-reintegration' },
  { id: 'MD/NGO/LASTRADA', name: 'Hotline and reintegration NGO (demo)', memberClass: 'NGO', agencyType: 'sos-helpline', description: 'A fictional Moldovan NGO that runs a hotline and reintegration programme.', purpose: 'referral' },
];

/** One gateway of the demo federation: a country's members, hosted together, the first one's id its own. */
export interface DemoGateway {
  /** A short name: rs, at, md. */
  name: string;
  country: string;
  gatewayId: string;
  /** Country profile it follows, when the spec has one. */
  profile?: string;
  members: DemoMember[];
}

const byId = (id: string) => [...DEMO_MEMBERS, ...DEMO_PEER_MEMBERS].find((m) => m.id === id)!;

/** Serbia, Austria and Moldova, on consecutive ports from NRX_PORT (Serbia first). */
export const DEMO_GATEWAYS: DemoGateway[] = [
  { name: 'rs', country: 'Serbia', gatewayId: DEMO_GATEWAY_ID, profile: 'rs', members: DEMO_MEMBERS },
  { name: 'at', country: 'Austria', gatewayId: 'AT/NGO/LEFOE', members: [byId('AT/NGO/LEFOE'), byId('AT/GOV/BK')] },
  { name: 'md', country: 'Moldova', gatewayId: 'MD/GOV/CNPTV', members: [byId('MD/GOV/CNPTV'), byId('MD/NGO/LASTRADA')] },
];

export const DEMO_OPERATOR: DemoMember = {
  id: DEMO_OPERATOR_ID,
  name: 'Demo federation operator',
  memberClass: 'GOV',
  agencyType: 'national-coordinator',
  description: 'Operates the demo federation and signs its trust list.',
  purpose: 'statistics',
};
