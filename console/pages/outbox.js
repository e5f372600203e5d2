// @ts-check
/**
 * The member's messages to other gateways, newest first, filtered by how their delivery stands;
 * the gateway's data-protection officer sees every member's (the API decides whose). Each row
 * opens its referral, and a dead-lettered or stopped one can be tried again from here.
 */
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { mutate } from '../lib/api.js';
import { navigate } from '../lib/router.js';
import { currentSession } from '../lib/session.js';
import { useAsync } from '../lib/use-async.js';
import { CodePicker, ErrorLine, Loading } from '../lib/widgets.js';
import { DeliveryKind, DeliveryState, RetryButton, retryable } from './referral-deliveries.js';

const OUTBOX = `query Outbox($state: String) {
  outbox(state: $state, first: 100) {
    messageId kind referralId sender recipient state attempts nextAttemptAt lastErrorCode lastError deliveredAt created
  }
}`;

const STATES = ['pending', 'delivered', 'dead', 'stopped'];
/** The roles that may open a referral page (routes.js). */
const OPENS_REFERRALS = ['case-worker', 'supervisor'];

export function OutboxPage() {
  const [state, setState] = useState('');
  const list = useAsync(async () => {
    const data = await mutate(OUTBOX, state ? { state } : {});
    return /** @type {any[]} */ (data.outbox);
  }, [state]);
  const states = STATES.map((code) => ({ code, label: t(`outbox.state.${code}`), definition: '' }));
  const opens = OPENS_REFERRALS.includes(currentSession()?.role ?? '');
  return html`
    <section>
      <h1>${t('outbox.title')}</h1>
      <p class="help">${t('outbox.intro')}</p>
      <form class="filters" role="search" aria-label=${t('outbox.filters')} onSubmit=${(/** @type {Event} */ e) => e.preventDefault()}>
        <${CodePicker} id="outbox-state" label=${t('outbox.stateFilter')} codes=${states} value=${state} onChange=${setState} emptyLabel=${t('list.any')} />
      </form>
      <button type="button" class="secondary" onClick=${list.reload}>${t('outbox.refresh')}</button>
      <${ErrorLine} error=${list.error} />
      <${Loading} loading=${list.loading} />
      ${list.value && (list.value.length === 0
        ? html`<p role="status">${t('outbox.empty')}</p>`
        : html`
        <table class="records outbox" data-testid="outbox">
          <caption class="visually-hidden">${t('outbox.title')}</caption>
          <thead><tr>
            <th scope="col">${t('outbox.message')}</th><th scope="col">${t('list.sender')}</th><th scope="col">${t('list.recipient')}</th>
            <th scope="col">${t('delivery.stateLabel')}</th><th scope="col">${t('delivery.attempts')}</th><th scope="col">${t('outbox.queued')}</th>
            <th scope="col"><span class="visually-hidden">${t('outbox.actions')}</span></th>
          </tr></thead>
          <tbody>
            ${list.value.map((d) => html`
              <tr data-testid="outbox-row" data-referral=${d.referralId} data-state=${d.state}>
                <td><${DeliveryKind} kind=${d.kind} /> <span class="code">${d.referralId}</span></td>
                <td>${d.sender}</td>
                <td>${d.recipient}</td>
                <td><${DeliveryState} delivery=${d} /></td>
                <td>${d.attempts}</td>
                <td>${new Date(d.created).toLocaleString()}</td>
                <td>
                  ${opens && html`<button type="button" class="link" onClick=${() => navigate('/referral', { id: d.referralId })} aria-label=${t('outbox.openReferral', { referral: d.referralId })}>${t('list.open')}</button>`}
                  ${retryable(d) && html`<${RetryButton} referralId=${d.referralId} onDone=${list.reload} label=${t('outbox.retryOne', { referral: d.referralId })} />`}
                </td>
              </tr>`)}
          </tbody>
        </table>`)}
    </section>`;
}
