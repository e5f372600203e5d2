// @ts-check
/** Boots the console: the user's language (from the browser), then the shell. */
import { render } from 'preact';
import { html } from './lib/html.js';
import { loadLanguage } from './lib/i18n.js';
import { App } from './app.js';

await loadLanguage(navigator.language.split('-')[0] ?? 'en');
const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(html`<${App} />`, root);
}
