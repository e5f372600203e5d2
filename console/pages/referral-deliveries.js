// @ts-check
/**
 * A referral's messages to the other gateway: what each carried (the referral, a status update, the
 * withdrawal of a consent), how its delivery stands in plain words, the fields the consent check at
 * delivery withheld, the recipient's signed receipt, and Try again for a message given up on. The
 * outbox page shows the same states and offers the same retry.
 */
import { useEffect, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { mutate } from '../lib/api.js';
import { pointerLabel } from '../lib/record-view.js';
import { useAsync } from '../lib/use-async.js';
import { ErrorLine, Loading } from '../lib/widgets.js';

const DELIVERIES = `query Deliveries($id: ID!) {
  referral(id: $id) {
    id
    deliveries {
      messageId kind withdrawnConsent state attempts nextAttemptAt lastErrorCode lastError narrowed deliveredAt
      receipt { messageId digest signedBy receivedAt withheldOnReceipt }
    }
  }
}`;

const RETRY = `mutation RetryDelivery($referralId: ID!) { retryDelivery(referralId: $referralId) { messageId state } }`;

/** While a message is pending, the section asks again this often, so a delivery shows up without a reload. */
const PENDING_REFRESH_MS = 2000;
/** Hex digits of the receipt's digest shown; the whole digest is in its title and copied by its button. */
const DIGEST_SHOWN = 12;

/** Dead-lettered and stopped messages are the ones retryDelivery puts back in line. */
export const retryable = (/** @type {{ state: string }} */ delivery) => delivery.state === 'dead' || delivery.state === 'stopped';

const when = (/** @type {string | null | undefined} */ time) => (time ? new Date(time).toLocaleString() : '');

/** @param {{ kind: string }} props */
export const DeliveryKind = ({ kind }) => {
  const words = t(`delivery.kind.${kind}`);
  return html`${words === `delivery.kind.${kind}` ? kind : words}`;
};

/**
 * How a message's delivery stands, in words; the failure's code and message when it was given up on.
 * @param {{ delivery: any }} props
 */
export function DeliveryState({ delivery }) {
  const { state } = delivery;
  const words =
    state === 'pending' ? (delivery.nextAttemptAt ? t('delivery.state.pendingNext', { time: when(delivery.nextAttemptAt) }) : t('delivery.state.pending'))
    : state === 'delivered' ? (delivery.deliveredAt ? t('delivery.state.deliveredAt', { time: when(delivery.deliveredAt) }) : t('delivery.state.delivered'))
    : state === 'dead' ? t('delivery.state.dead', { attempts: delivery.attempts })
    : state === 'stopped' ? t(delivery.kind === 'consent-withdrawal' ? 'delivery.state.stoppedWithdrawal' : 'delivery.state.stopped')
    : state;
  const reason = (state === 'dead' || state === 'stopped' || (state === 'pending' && delivery.lastErrorCode)) && (delivery.lastErrorCode || delivery.lastError);
  return html`
    <span class=${`delivery-state ${state}`} data-state=${state}>${words}</span>
    ${reason && html`<span class="delivery-reason"> ${t(state === 'pending' ? 'delivery.lastFailure' : 'delivery.reason')}: ${delivery.lastErrorCode && html`<span class="code">${delivery.lastErrorCode}</span>`}${delivery.lastError ? ` ${delivery.lastError}` : ''}</span>`}`;
}

/**
 * Fields named by JSON Pointers, in the record's own labels, each pointer kept for those who know it.
 * @param {{ pointers: string[], label: string }} props
 */
function FieldList({ pointers, label }) {
  return html`
    <ul class="withheld-fields" aria-label=${label}>
      ${pointers.map((pointer) => html`<li><span class="withheld"><span class="withheld-mark">${t('withheld.label')}</span> ${pointerLabel(pointer)}</span> <span class="code">${pointer}</span></li>`)}
    </ul>`;
}

/** @param {{ digest: string }} props */
function Digest({ digest }) {
  const [copied, setCopied] = useState('');
  async function copy() {
    try {
      await navigator.clipboard.writeText(digest);
      setCopied(t('delivery.digestCopied'));
    } catch {
      setCopied(t('delivery.digestNotCopied'));
    }
  }
  return html`
    <code class="code digest" title=${digest} data-digest=${digest}>${digest.slice(0, DIGEST_SHOWN)}…</code>
    ${' '}<button type="button" class="link" onClick=${copy}>${t('delivery.copyDigest')}</button>
    <span role="status" class="help">${copied}</span>`;
}

/** @param {{ receipt: any }} props */
function Receipt({ receipt }) {
  return html`
    <div class="receipt" data-testid="receipt">
      <h4>${t('delivery.receipt')}</h4>
      <dl class="kv">
        <dt>${t('delivery.signedBy')}</dt><dd data-testid="receipt-signed-by">${receipt.signedBy}</dd>
        <dt>${t('delivery.receivedAt')}</dt><dd>${when(receipt.receivedAt)}</dd>
        <dt>${t('delivery.digest')}</dt><dd><${Digest} digest=${receipt.digest} /></dd>
        <dt>${t('delivery.withheldOnReceipt')}</dt>
        <dd>${receipt.withheldOnReceipt.length ? html`<${FieldList} pointers=${receipt.withheldOnReceipt} label=${t('delivery.withheldOnReceipt')} />` : t('delivery.nothingWithheld')}</dd>
      </dl>
    </div>`;
}

/**
 * Try again for a referral's dead-lettered or stopped messages; says what happened in a live region.
 * @param {{ referralId: string, onDone: () => void, label?: string }} props
 */
export function RetryButton({ referralId, onDone, label }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  async function retry() {
    setBusy(true);
    setError('');
    setDone('');
    try {
      await mutate(RETRY, { referralId });
      setDone(t('delivery.retried'));
      onDone();
    } catch (e) {
      setError(String(/** @type {Error} */ (e).message));
    } finally {
      setBusy(false);
    }
  }
  return html`
    <button type="button" disabled=${busy} onClick=${retry} aria-label=${label}>${t('delivery.retry')}</button>
    <${ErrorLine} error=${error} />
    <span role="status" class="ok">${done}</span>`;
}

/** @param {{ referralId: string }} props */
export function Deliveries({ referralId }) {
  const deliveries = useAsync(async () => {
    const data = await mutate(DELIVERIES, { id: referralId });
    return /** @type {any[]} */ (data?.referral?.deliveries ?? []);
  }, [referralId]);
  const pending = deliveries.value?.some((d) => d.state === 'pending');
  useEffect(() => {
    if (!pending || deliveries.loading) return;
    const timer = setTimeout(deliveries.reload, PENDING_REFRESH_MS);
    return () => clearTimeout(timer);
  }, [pending, deliveries.loading, deliveries.value]);
  if (deliveries.error) return html`<${ErrorLine} error=${deliveries.error} />`;
  if (!deliveries.value) return html`<${Loading} loading=${deliveries.loading} />`;
  if (!deliveries.value.length) return null;
  const stuck = deliveries.value.some(retryable);
  return html`
    <section class="section deliveries" aria-labelledby="deliveries-title" data-testid="deliveries">
      <h2 id="deliveries-title">${t('delivery.title')}</h2>
      <ol class="delivery-list">
        ${deliveries.value.map((d) => html`
          <li data-testid="delivery" data-kind=${d.kind}>
            <h3><${DeliveryKind} kind=${d.kind} /></h3>
            <dl class="kv">
              <dt>${t('delivery.stateLabel')}</dt><dd data-testid="delivery-state"><${DeliveryState} delivery=${d} /></dd>
              <dt>${t('delivery.attempts')}</dt><dd>${d.attempts}</dd>
              ${d.withdrawnConsent && html`<dt>${t('delivery.withdrawnConsent')}</dt><dd class="code">${d.withdrawnConsent}</dd>`}
              ${d.narrowed.length ? html`<dt>${t('delivery.narrowed')}</dt><dd><p class="help">${t('delivery.narrowedHelp')}</p><${FieldList} pointers=${d.narrowed} label=${t('delivery.narrowed')} /></dd>` : null}
            </dl>
            ${d.receipt && html`<${Receipt} receipt=${d.receipt} />`}
          </li>`)}
      </ol>
      ${stuck && html`<div class="retry"><${RetryButton} referralId=${referralId} onDone=${deliveries.reload} /></div>`}
    </section>`;
}
