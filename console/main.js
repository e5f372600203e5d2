// @ts-check
/** Boots the console: the user's language (the browser's, matched to a message file), then the shell. */
import { render } from 'preact';
import { html } from './lib/html.js';
import { loadLanguage, staffLanguage } from './lib/i18n.js';
import { App } from './app.js';

await loadLanguage(await staffLanguage(navigator.languages?.length ? navigator.languages : [navigator.language]));
const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(html`<${App} />`, root);
}
