// @ts-check
/**
 * The recipient: a member of the federation, from the members directory, or a service found in the
 * service directory, which names both the member and the service (`recipientService`) it asks for.
 */
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { graphql } from '../lib/api.js';
import { currentSession } from '../lib/session.js';
import { useAsync } from '../lib/use-async.js';
import { DirectorySearch } from './directory.js';

const MEMBERS = `query Members { members { id name agencyType } }`;

/**
 * @param {{ value: string, onChange: (id: string) => void, onService?: (id: string) => void, problem?: string, required?: boolean }} props
 * `onService`, where the form has a recipient service, receives the service chosen from the directory.
 */
export function RecipientPicker({ value, onChange, onService, problem, required }) {
  const me = currentSession()?.member;
  const members = useAsync(async () => (await graphql(MEMBERS)).data?.members ?? [], []);
  const [chosen, setChosen] = useState(/** @type {{ name: string, id: string } | null} */ (null));
  /** @param {import('./directory.js').Hit} hit */
  function choose(hit) {
    onChange(hit.service.organization);
    onService?.(hit.service.id);
    setChosen({ name: hit.service.name, id: hit.service.id });
  }
  return html`
    <div class="field">
      <label for="recipient">${t('new.recipient')}${required ? ` (${t('form.required')})` : ''}</label>
      <select id="recipient" value=${value} aria-invalid=${problem ? 'true' : undefined} aria-describedby=${problem ? 'recipient-problem' : undefined}
        onChange=${(/** @type {any} */ e) => (onChange(e.currentTarget.value), setChosen(null))}>
        <option value="">${t('form.none')}</option>
        ${(members.value ?? []).filter((/** @type {any} */ m) => m.id !== me).map((/** @type {any} */ m) => html`<option value=${m.id}>${m.name} (${m.id})</option>`)}
      </select>
      ${problem && html`<p id="recipient-problem" class="error">${problem}</p>`}
      ${chosen && html`<p class="ok" role="status" data-testid="chosen-service">${t('new.chosenService', { name: chosen.name, id: chosen.id })}</p>`}
    </div>
    <details class="recipient-search">
      <summary>${t('new.findService')}</summary>
      <${DirectorySearch} idPrefix="pick" onChoose=${choose} />
    </details>`;
}
