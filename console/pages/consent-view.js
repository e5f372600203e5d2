// @ts-check
/**
 * One consent record as a worker reviews it: in force or not, who gave it (for a child, the
 * guardian's decision and the child's own view shown apart), a provisional consent's review date,
 * and its provisions with their nested exceptions.
 */
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';

/** @param {{ period?: { start?: string, end?: string } }} props */
const Period = ({ period }) => (period ? html`<span>${t('consent.period', { start: period.start ?? '…', end: period.end ?? t('consent.untilWithdrawn') })}</span>` : null);

/**
 * @param {{ provisions: any[] }} props
 * @returns {any}
 */
function Provisions({ provisions }) {
  return html`
    <ul class="provisions">
      ${provisions.map((p) => html`
        <li>
          <strong class=${p.type === 'deny' ? 'error' : 'ok'}>${t(`consent.provision.${p.type}`)}</strong>
          ${p.actors?.length ? html`<div>${t('consent.recipients')}: ${p.actors.map((/** @type {any} */ a) => a.member ?? [a.agencyType, a.memberClass, a.country].filter(Boolean).join(' ')).join(', ')}</div>` : null}
          ${p.purposes?.length ? html`<div>${t('consent.purposes')}: ${p.purposes.join(', ')}</div>` : null}
          ${p.fieldGroups?.length ? html`<div>${t('consent.fieldGroups')}: ${p.fieldGroups.join(', ')}</div>` : null}
          ${p.paths?.length ? html`<div>${t('consent.paths')}: <span class="code">${p.paths.join(' ')}</span></div>` : null}
          ${p.period ? html`<div><${Period} period=${p.period} /></div>` : null}
          ${p.provisions?.length ? html`<div>${t('consent.exceptions')}<${Provisions} provisions=${p.provisions} /></div>` : null}
        </li>`)}
    </ul>`;
}

/** @param {{ entry: any, onWithdraw?: () => void, busy?: boolean }} props */
export function ConsentView({ entry, onWithdraw, busy }) {
  const c = entry.document ?? {};
  const byGuardian = c.grantor?.type && c.grantor.type !== 'self';
  return html`
    <article class="section" aria-labelledby=${`consent-${entry.id}`} data-testid="consent">
      <h3 id=${`consent-${entry.id}`}>${t('consent.heading', { recorded: new Date(entry.recorded).toLocaleDateString(), member: entry.recordedBy })}</h3>
      <p data-testid="consent-state">${entry.withdrawn ? html`<strong class="error">${t('consent.withdrawnAt', { at: new Date(entry.withdrawnAt).toLocaleString() })}</strong>` : html`<strong>${t('consent.state', { state: c.state ?? '' })}</strong>`}
        ${' '}${t('consent.decision', { decision: c.decision ?? '' })} <span class="code">${entry.id}</span></p>
      ${c.provisional && html`<p class="notice">${t('consent.provisional', { date: c.provisional.confirmBy ?? '', reason: c.provisional.reason ?? '' })}</p>`}
      <div class="grantor">
        <h4>${byGuardian ? t('consent.guardianDecision') : t('consent.herDecision')}</h4>
        <p>${t('consent.grantor', { type: c.grantor?.type ?? '' })}${c.given ? `, ${new Date(c.given).toLocaleString()}` : ''}${c.method ? `, ${c.method}` : ''}</p>
      </div>
      ${c.childView && html`
        <div class="child-view">
          <h4>${t('consent.childView')}</h4>
          <p>${t('consent.childViewIs', { view: c.childView.view ?? '' })}</p>
        </div>`}
      ${c.period && html`<p><${Period} period=${c.period} /></p>`}
      <h4>${t('consent.provisions')}</h4>
      ${c.provisions?.length ? html`<${Provisions} provisions=${c.provisions} />` : html`<p>${t('consent.noProvisions')}</p>`}
      ${onWithdraw && !entry.withdrawn && html`<button type="button" class="danger" disabled=${busy} onClick=${onWithdraw}>${t('consent.withdraw')}</button>`}
    </article>`;
}
