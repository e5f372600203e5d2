// @ts-check
/**
 * The referral's statuses, oldest first. Its messages to another gateway and their signed receipts
 * are shown beside it, by referral-deliveries.js; the person's feedback is not part of the API yet.
 */
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { CodeLabel } from '../lib/widgets.js';

/** @param {{ history: any[], statuses: import('../lib/spec.js').Code[], declineReasons: import('../lib/spec.js').Code[] }} props */
export function Timeline({ history, statuses, declineReasons }) {
  if (!history.length) return html`<p>${t('referral.noUpdates')}</p>`;
  return html`
    <ol class="timeline" data-testid="timeline">
      ${history.map((update) => html`
        <li>
          <strong><${CodeLabel} code=${update.status} codes=${statuses} /></strong>
          ${' '}<span>${t('referral.by', { member: update.author, time: new Date(update.at).toLocaleString() })}</span>
          ${update.document?.reasons?.length ? html`<div>${t('referral.reasons')}: ${update.document.reasons.map((/** @type {string} */ r, /** @type {number} */ i) => html`${i ? ', ' : ''}<${CodeLabel} code=${r} codes=${declineReasons} />`)}</div>` : null}
          ${update.document?.reasonText && html`<div>${update.document.reasonText}</div>`}
          ${update.document?.nextStep?.text && html`<div>${t('referral.nextStep')}: ${update.document.nextStep.text}</div>`}
          ${update.document?.outcomeSummary && html`<div>${update.document.outcomeSummary}</div>`}
        </li>`)}
    </ol>`;
}
