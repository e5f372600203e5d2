// @ts-check
/** The data-protection officer's pages and the pages shown to her, as entries of the console's page registry. */
import { AgreementsInForce } from './agreements.js';
import { AuditExports } from './exports.js';
import { AuditIntegrity } from './audit-integrity.js';
import { ConsentRegistry } from './consent-registry.js';
import { DisclosureLog } from './disclosure-log.js';
import { DisclosureMatrix } from './disclosure-matrix.js';
import { OverridesAwaitingReview } from './overrides.js';
import { AccessReport } from '../person/access-report.js';
import { HerDisclosurePreview } from '../person/disclosure-preview.js';

const OFFICER = ['dpo'];

/** @type {import('../../routes.js').Route[]} */
export const OFFICER_ROUTES = [
  { path: '/officer/disclosures', title: 'officer.nav.log', roles: OFFICER, inNav: true, component: DisclosureLog },
  { path: '/officer/matrix', title: 'officer.nav.matrix', roles: OFFICER, inNav: true, component: DisclosureMatrix },
  { path: '/officer/overrides', title: 'officer.nav.overrides', roles: OFFICER, inNav: true, component: OverridesAwaitingReview },
  { path: '/officer/consents', title: 'officer.nav.consents', roles: OFFICER, inNav: true, component: ConsentRegistry },
  { path: '/officer/agreements', title: 'officer.nav.agreements', roles: OFFICER, inNav: true, component: AgreementsInForce },
  { path: '/officer/integrity', title: 'officer.nav.integrity', roles: OFFICER, inNav: true, component: AuditIntegrity },
  { path: '/officer/export', title: 'officer.nav.export', roles: OFFICER, inNav: true, component: AuditExports },
  { path: '/person/report', title: 'officer.nav.report', roles: OFFICER, inNav: true, component: AccessReport },
  { path: '/person/preview', title: 'officer.nav.herPreview', roles: ['case-worker', 'supervisor'], inNav: true, component: HerDisclosurePreview },
];
