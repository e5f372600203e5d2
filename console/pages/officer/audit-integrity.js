// @ts-check
/**
 * Whether the audit trail can be trusted: the whole chain recomputed on request, this gateway's
 * signed checkpoints, and the checkpoints peers sent as witnesses of their own trails.
 */
import { html } from '../../lib/html.js';
import { t } from '../../lib/i18n.js';
import { graphql } from '../../lib/api.js';
import { useAsync } from '../../lib/use-async.js';
import { ErrorLine, Loading } from '../../lib/widgets.js';
import { OFFICER_STYLES, useStylesheet } from './stylesheet.js';
import { dataOrThrow } from './fields.js';

const VERIFY = `{ auditVerification { ok checkedAt entries lastSeq lastHash checkpoints signaturesChecked anchorSeq problem { seq kind message } } }`;
const TRAIL = `{ auditCheckpoints(limit: 20) { seq gateway at lastHash signatureValid } auditWitnesses(limit: 50) { gateway seq received at lastHash } }`;

/** A hash shortened for reading, whole in its title. @param {{ hash: string | null }} props */
const Hash = ({ hash }) => (hash ? html`<span class="code" title=${hash}>${hash.slice(0, 16)}…</span>` : html`<span>—</span>`);

export function AuditIntegrity() {
  useStylesheet(OFFICER_STYLES);
  const verification = useAsync(async () => dataOrThrow(await graphql(VERIFY)).auditVerification, []);
  const trail = useAsync(async () => dataOrThrow(await graphql(TRAIL)), []);
  const v = verification.value;
  return html`
    <section>
      <h1>${t('officer.integrity.title')}</h1>
      <h2>${t('officer.integrity.verification')}</h2>
      <${ErrorLine} error=${verification.error} />
      <${Loading} loading=${verification.loading} />
      ${v && html`
        <div role="status" data-testid="verification">
          <p class=${v.ok ? 'status-ok' : 'status-broken'}>${v.ok ? t('officer.integrity.intact', { entries: v.entries }) : t('officer.integrity.broken', { seq: v.problem?.seq ?? '?' })}</p>
          <dl class="kv">
            <dt>${t('officer.integrity.checkedAt')}</dt><dd>${new Date(v.checkedAt).toLocaleString()}</dd>
            <dt>${t('officer.integrity.lastEntry')}</dt><dd>${v.lastSeq} <${Hash} hash=${v.lastHash} /></dd>
            <dt>${t('officer.integrity.checkpoints')}</dt><dd>${v.checkpoints} (${v.signaturesChecked ? t('officer.integrity.signaturesChecked') : t('officer.integrity.signaturesNotChecked')})</dd>
            <dt>${t('officer.integrity.anchor')}</dt><dd>${v.anchorSeq}</dd>
            ${v.problem && html`<dt>${t('officer.integrity.problem')}</dt><dd>${v.problem.kind}: ${v.problem.message}</dd>`}
          </dl>
        </div>`}
      <p><button type="button" class="secondary" onClick=${verification.reload}>${t('officer.integrity.again')}</button></p>

      <h2>${t('officer.integrity.checkpointsTitle')}</h2>
      <${ErrorLine} error=${trail.error} />
      <${Loading} loading=${trail.loading} />
      ${trail.value && (trail.value.auditCheckpoints.length === 0
        ? html`<p>${t('officer.integrity.noCheckpoints')}</p>`
        : html`
        <table class="records" data-testid="checkpoints">
          <caption class="visually-hidden">${t('officer.integrity.checkpointsTitle')}</caption>
          <thead><tr><th scope="col">${t('officer.entry')}</th><th scope="col">${t('officer.when')}</th><th scope="col">${t('officer.integrity.hash')}</th><th scope="col">${t('officer.integrity.signature')}</th></tr></thead>
          <tbody>${trail.value.auditCheckpoints.map((/** @type {any} */ c) => html`
            <tr><td>${c.seq}</td><td>${new Date(c.at).toLocaleString()}</td><td><${Hash} hash=${c.lastHash} /></td>
              <td class=${c.signatureValid ? 'status-ok' : 'status-broken'}>${c.signatureValid ? t('officer.integrity.valid') : t('officer.integrity.invalid')}</td></tr>`)}
          </tbody>
        </table>`)}

      <h2>${t('officer.integrity.witnessesTitle')}</h2>
      <p class="help">${t('officer.integrity.witnessesHelp')}</p>
      ${trail.value && (trail.value.auditWitnesses.length === 0
        ? html`<p>${t('officer.integrity.noWitnesses')}</p>`
        : html`
        <table class="records" data-testid="witnesses">
          <caption class="visually-hidden">${t('officer.integrity.witnessesTitle')}</caption>
          <thead><tr><th scope="col">${t('officer.integrity.peer')}</th><th scope="col">${t('officer.entry')}</th><th scope="col">${t('officer.integrity.signedAt')}</th><th scope="col">${t('officer.integrity.received')}</th><th scope="col">${t('officer.integrity.hash')}</th></tr></thead>
          <tbody>${trail.value.auditWitnesses.map((/** @type {any} */ w) => html`
            <tr><td class="code">${w.gateway}</td><td>${w.seq}</td><td>${w.at ? new Date(w.at).toLocaleString() : '—'}</td><td>${new Date(w.received).toLocaleString()}</td><td><${Hash} hash=${w.lastHash} /></td></tr>`)}
          </tbody>
        </table>`)}
    </section>`;
}
