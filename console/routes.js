// @ts-check
/**
 * The console's pages: one entry each, with the roles that see it. Pages for other roles register
 * here too, so the shell (app.js) needs no change to gain a page.
 */
import { Home } from './pages/home.js';
import { ReferralList } from './pages/referral-list.js';
import { ReferralPage } from './pages/referral.js';
import { NewReferral } from './pages/new-referral.js';
import { ConsentsPage } from './pages/consents.js';
import { OFFICER_ROUTES } from './pages/officer/routes.js';

/**
 * @typedef {{ path: string, title: string, roles: string[], inNav: boolean, component: (props: any) => any, props?: Record<string, unknown> }} Route
 */

const EVERYONE = ['case-worker', 'supervisor', 'dpo', 'admin'];
const WORKERS = ['case-worker', 'supervisor'];

/** @type {Route[]} */
export const ROUTES = [
  { path: '/', title: 'nav.home', roles: EVERYONE, inNav: true, component: Home },
  { path: '/received', title: 'nav.received', roles: WORKERS, inNav: true, component: ReferralList, props: { direction: 'received' } },
  { path: '/sent', title: 'nav.sent', roles: WORKERS, inNav: true, component: ReferralList, props: { direction: 'sent' } },
  { path: '/new', title: 'nav.new', roles: WORKERS, inNav: true, component: NewReferral },
  { path: '/consents', title: 'nav.consents', roles: WORKERS, inNav: true, component: ConsentsPage },
  { path: '/referral', title: 'referral.title', roles: WORKERS, inNav: false, component: ReferralPage },
  ...OFFICER_ROUTES,
];

/** The route for a path, when the role may see it. */
export function routeFor(/** @type {string} */ path, /** @type {string} */ role) {
  return ROUTES.find((route) => route.path === path && route.roles.includes(role));
}
