// @ts-check
/** Referrals received or sent by the member, newest first, filtered by status and purpose. */
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { mutate } from '../lib/api.js';
import { codelist } from '../lib/spec.js';
import { navigate } from '../lib/router.js';
import { useAsync } from '../lib/use-async.js';
import { CodeLabel, CodePicker, ErrorLine, Loading } from '../lib/widgets.js';

/** @param {'received' | 'sent'} direction */
const LIST_QUERY = (direction) => `query Referrals($filter: ReferralFilter) {
  list: referrals${direction === 'received' ? 'Received' : 'Sent'}(first: 50, filter: $filter) {
    edges { node { id sender recipient subject purpose status created updated } }
  }
}`;

/** @param {{ direction: 'received' | 'sent' }} props */
export function ReferralList({ direction }) {
  const [status, setStatus] = useState('');
  const [purpose, setPurpose] = useState('');
  const codes = useAsync(() => Promise.all([codelist('referral-status'), codelist('purpose')]), []);
  const list = useAsync(async () => {
    const filter = { ...(status ? { status } : {}), ...(purpose ? { purpose } : {}) };
    const data = await mutate(LIST_QUERY(direction), { filter });
    return /** @type {any[]} */ (data.list.edges.map((/** @type {any} */ e) => e.node).filter(Boolean));
  }, [direction, status, purpose]);
  const [statuses, purposes] = codes.value ?? [[], []];
  const other = direction === 'received' ? 'sender' : 'recipient';
  return html`
    <section>
      <h1>${t(`list.${direction}.title`)}</h1>
      <form class="filters" role="search" aria-label=${t('list.filters')} onSubmit=${(/** @type {Event} */ e) => e.preventDefault()}>
        <${CodePicker} id="filter-status" label=${t('list.status')} codes=${statuses} value=${status} onChange=${setStatus} emptyLabel=${t('list.any')} />
        <${CodePicker} id="filter-purpose" label=${t('list.purpose')} codes=${purposes} value=${purpose} onChange=${setPurpose} emptyLabel=${t('list.any')} />
      </form>
      <${ErrorLine} error=${list.error} />
      <${Loading} loading=${list.loading} />
      ${list.value && (list.value.length === 0
        ? html`<p>${t('list.empty')}</p>`
        : html`
        <table class="records">
          <caption class="visually-hidden">${t(`list.${direction}.title`)}</caption>
          <thead><tr><th scope="col">${t(`list.${other}`)}</th><th scope="col">${t('list.subject')}</th><th scope="col">${t('list.purpose')}</th><th scope="col">${t('list.status')}</th><th scope="col">${t('list.updated')}</th><th scope="col"><span class="visually-hidden">${t('list.open')}</span></th></tr></thead>
          <tbody>
            ${list.value.map((r) => html`
              <tr>
                <td>${r[other]}</td>
                <td class="code">${r.subject}</td>
                <td><${CodeLabel} code=${r.purpose} codes=${purposes} /></td>
                <td><${CodeLabel} code=${r.status} codes=${statuses} /></td>
                <td>${new Date(r.updated).toLocaleString()}</td>
                <td><button type="button" class="link" onClick=${() => navigate('/referral', { id: r.id })} aria-label=${t('list.openOne', { subject: r.subject })}>${t('list.open')}</button></td>
              </tr>`)}
          </tbody>
        </table>`)}
    </section>`;
}
