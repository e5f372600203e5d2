// @ts-check
/**
 * The console's shell: sign-in until there is a session, then the header (who, which member,
 * which role and the purpose of use, on every page), the navigation for the role, and the page.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './lib/html.js';
import { t } from './lib/i18n.js';
import { useLocation } from './lib/router.js';
import { currentSession, onSessionChange, signOut } from './lib/session.js';
import { ROUTES, offered, routeFor } from './routes.js';
import { SignIn } from './pages/sign-in.js';

function useSession() {
  const [session, setSession] = useState(currentSession);
  useEffect(() => onSessionChange(() => setSession(currentSession())), []);
  return session;
}

/** @param {{ session: import('./lib/session.js').Session }} props */
function Header({ session }) {
  return html`
    <header class="top">
      <a class="skip" href="#main">${t('shell.skip')}</a>
      <span class="brand">${t('shell.brand')}</span>
      <dl class="who" aria-label=${t('shell.session')}>
        <div><dt>${t('shell.member')}</dt><dd>${session.memberName} <span class="code">${session.member}</span></dd></div>
        <div><dt>${t('shell.role')}</dt><dd>${t(`role.${session.role}`)}</dd></div>
        <div class="purpose"><dt>${t('shell.purpose')}</dt><dd data-testid="purpose">${session.purpose}</dd></div>
      </dl>
      <button type="button" class="secondary" onClick=${() => signOut('user')}>${t('shell.signOut')}</button>
    </header>`;
}

/** @param {{ session: import('./lib/session.js').Session, path: string }} props */
function Navigation({ session, path }) {
  const items = ROUTES.filter((route) => route.inNav && offered(route, session));
  return html`
    <nav aria-label=${t('shell.navigation')}>
      <ul>
        ${items.map((route) => html`<li><a href=${`#${route.path}`} aria-current=${route.path === path ? 'page' : undefined}>${t(route.title)}</a></li>`)}
      </ul>
    </nav>`;
}

export function App() {
  const session = useSession();
  const { path, state } = useLocation();
  const main = useRef(/** @type {HTMLElement | null} */ (null));
  const route = session ? routeFor(path, session) ?? routeFor('/', session) : undefined;
  useEffect(() => {
    document.title = route ? `${t(route.title)} · ${t('shell.brand')}` : t('signIn.title');
    main.current?.focus();
  }, [route, session]);
  if (!session || !route) return html`<main id="main" ref=${main} tabindex="-1"><${SignIn} /></main>`;
  const Page = route.component;
  return html`
    <${Header} session=${session} />
    <${Navigation} session=${session} path=${route.path} />
    <main id="main" ref=${main} tabindex="-1"><${Page} ...${route.props ?? {}} state=${state} /></main>`;
}
