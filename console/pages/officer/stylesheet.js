// @ts-check
/**
 * The officer's and the person's pages bring their own stylesheet, linked once when such a page
 * is first shown (a stylesheet from this origin: the console's CSP admits it; inline styles it
 * would not).
 */
import { useEffect } from 'preact/hooks';

/** @param {string} href a stylesheet under /console/app/ */
export function useStylesheet(href) {
  useEffect(() => {
    if (document.querySelector(`link[rel="stylesheet"][href="${href}"]`)) return;
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    document.head.append(link);
  }, [href]);
}

export const OFFICER_STYLES = '/console/app/pages/officer/officer.css';
