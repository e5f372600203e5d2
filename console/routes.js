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
import { DirectoryPage } from './pages/directory.js';
import { StatisticsPage } from './pages/statistics.js';
import { OutboxPage } from './pages/outbox.js';

/**
 * A page with `purposes` is offered only to a session for one of them.
 * @typedef {{ path: string, title: string, roles: string[], purposes?: string[], inNav: boolean, component: (props: any) => any, props?: Record<string, unknown> }} Route
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
  // The officer's outbox holds every member's messages; a worker's, her member's own.
  { path: '/outbox', title: 'nav.outbox', roles: [...WORKERS, 'dpo'], inNav: true, component: OutboxPage },
  { path: '/directory', title: 'nav.directory', roles: EVERYONE, inNav: true, component: DirectoryPage },
  { path: '/statistics', title: 'nav.statistics', roles: EVERYONE, purposes: ['statistics'], inNav: true, component: StatisticsPage },
  ...OFFICER_ROUTES,
];

/** Whether a session may see a route: its role, and its purpose where the route names some. */
export function offered(/** @type {Route} */ route, /** @type {{ role: string, purpose: string }} */ session) {
  return route.roles.includes(session.role) && (!route.purposes || route.purposes.includes(session.purpose));
}

/** The route for a path, when the session may see it. */
export function routeFor(/** @type {string} */ path, /** @type {{ role: string, purpose: string }} */ session) {
  return ROUTES.find((route) => route.path === path && offered(route, session));
}
