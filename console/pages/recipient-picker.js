// @ts-check
/**
 * The recipient: a member of the federation, from the members directory. (The service directory's
 * search joins this picker once the gateway serves the directory.)
 */
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { graphql } from '../lib/api.js';
import { currentSession } from '../lib/session.js';
import { useAsync } from '../lib/use-async.js';

const MEMBERS = `query Members { members { id name agencyType } }`;

/** @param {{ value: string, onChange: (id: string) => void, problem?: string, required?: boolean }} props */
export function RecipientPicker({ value, onChange, problem, required }) {
  const me = currentSession()?.member;
  const members = useAsync(async () => (await graphql(MEMBERS)).data?.members ?? [], []);
  return html`
    <div class="field">
      <label for="recipient">${t('new.recipient')}${required ? ` (${t('form.required')})` : ''}</label>
      <select id="recipient" value=${value} aria-invalid=${problem ? 'true' : undefined} aria-describedby=${problem ? 'recipient-problem' : undefined} onChange=${(/** @type {any} */ e) => onChange(e.currentTarget.value)}>
        <option value="">${t('form.none')}</option>
        ${(members.value ?? []).filter((/** @type {any} */ m) => m.id !== me).map((/** @type {any} */ m) => html`<option value=${m.id}>${m.name} (${m.id})</option>`)}
      </select>
      ${problem && html`<p id="recipient-problem" class="error">${problem}</p>`}
    </div>`;
}
