// @ts-check
/**
 * Pages by name in the URL's fragment (`#/received`), and anything a page needs about a record
 * (which referral) in the history entry's state: no personal data or record id in the URL.
 */
import { useEffect, useState } from 'preact/hooks';

/** @typedef {{ path: string, state: Record<string, unknown> }} Location */

/** @returns {Location} */
function here() {
  const path = location.hash.replace(/^#/, '') || '/';
  return { path, state: (history.state && typeof history.state === 'object' ? history.state : {}) };
}

/**
 * Goes to a page, with what it needs kept in the history entry.
 * @param {string} path
 * @param {Record<string, unknown>} [state]
 */
export function navigate(path, state = {}) {
  history.pushState(state, '', `#${path}`);
  window.dispatchEvent(new Event('nrx:navigate'));
}

/** The current page, re-rendering on every change. */
export function useLocation() {
  const [location, setLocation] = useState(here);
  useEffect(() => {
    const update = () => setLocation(here());
    window.addEventListener('popstate', update);
    window.addEventListener('hashchange', update);
    window.addEventListener('nrx:navigate', update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener('hashchange', update);
      window.removeEventListener('nrx:navigate', update);
    };
  }, []);
  return location;
}
