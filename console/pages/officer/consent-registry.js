// @ts-check
/** The consent registry: every consent record the gateway holds, newest first, by subject and state. */
import { useState } from 'preact/hooks';
import { html } from '../../lib/html.js';
import { t } from '../../lib/i18n.js';
import { graphql } from '../../lib/api.js';
import { useAsync } from '../../lib/use-async.js';
import { ErrorLine, Loading } from '../../lib/widgets.js';
import { OFFICER_STYLES, useStylesheet } from './stylesheet.js';
import { dataOrThrow, TextField } from './fields.js';

const QUERY = `query Registry($subject: String, $withdrawn: Boolean) { consentRegistry(subject: $subject, withdrawn: $withdrawn, limit: 200) { id subject recordedBy recorded withdrawnAt state decision } }`;

export function ConsentRegistry() {
  useStylesheet(OFFICER_STYLES);
  const [draft, setDraft] = useState({ subject: '', withdrawn: '' });
  const [filter, setFilter] = useState({ subject: '', withdrawn: '' });
  const list = useAsync(async () => {
    const variables = { ...(filter.subject ? { subject: filter.subject } : {}), ...(filter.withdrawn ? { withdrawn: filter.withdrawn === 'yes' } : {}) };
    return dataOrThrow(await graphql(QUERY, variables)).consentRegistry;
  }, [filter]);
  return html`
    <section>
      <h1>${t('officer.consents.title')}</h1>
      <form class="officer-filters" role="search" aria-label=${t('officer.consents.filters')} onSubmit=${(/** @type {Event} */ e) => (e.preventDefault(), setFilter(draft))}>
        <${TextField} id="registry-subject" label=${t('officer.subject')} value=${draft.subject} autocomplete="off" onInput=${(/** @type {string} */ subject) => setDraft({ ...draft, subject })} />
        <div class="field">
          <label for="registry-withdrawn">${t('officer.consents.state')}</label>
          <select id="registry-withdrawn" value=${draft.withdrawn} onChange=${(/** @type {any} */ e) => setDraft({ ...draft, withdrawn: e.currentTarget.value })}>
            <option value="">${t('list.any')}</option>
            <option value="no">${t('officer.consents.inForce')}</option>
            <option value="yes">${t('officer.consents.withdrawn')}</option>
          </select>
        </div>
        <div class="actions"><button type="submit">${t('officer.apply')}</button></div>
      </form>
      <${ErrorLine} error=${list.error} />
      <${Loading} loading=${list.loading} />
      ${list.value && (list.value.length === 0
        ? html`<p>${t('officer.consents.empty')}</p>`
        : html`
        <table class="records" data-testid="consent-registry">
          <caption class="visually-hidden">${t('officer.consents.title')}</caption>
          <thead><tr><th scope="col">${t('officer.subject')}</th><th scope="col">${t('officer.consents.recordedBy')}</th><th scope="col">${t('officer.consents.recorded')}</th><th scope="col">${t('officer.consents.decision')}</th><th scope="col">${t('officer.consents.state')}</th><th scope="col">${t('officer.consents.id')}</th></tr></thead>
          <tbody>
            ${list.value.map((/** @type {any} */ c) => html`
              <tr>
                <td class="code">${c.subject}</td>
                <td class="code">${c.recordedBy}</td>
                <td>${new Date(c.recorded).toLocaleString()}</td>
                <td>${c.decision ?? ''}</td>
                <td>${c.withdrawnAt ? t('officer.consents.withdrawnAt', { time: new Date(c.withdrawnAt).toLocaleString() }) : (c.state ?? '')}</td>
                <td class="code">${c.id}</td>
              </tr>`)}
          </tbody>
        </table>`)}
    </section>`;
}
