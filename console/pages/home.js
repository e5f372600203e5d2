// @ts-check
/** The first page after sign-in: this session, what it is for and when it ends. */
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { currentSession } from '../lib/session.js';

export function Home() {
  const session = currentSession();
  if (!session) return null;
  return html`
    <section>
      <h1>${t('home.title', { name: session.memberName })}</h1>
      <p>${t('home.purpose', { purpose: session.purpose })}</p>
      <p>${t('home.expires', { time: new Date(session.expiresAt).toLocaleTimeString() })}</p>
    </section>`;
}
