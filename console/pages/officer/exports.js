// @ts-check
/**
 * FHIR R4 downloads of the audit trail and the consent records (a Bundle, or NDJSON for bulk
 * loading), through POST /audit/export with the session's token: the filter goes in the body, the
 * file is handed to the browser from memory, and nothing of it reaches a URL or storage.
 */
import { useState } from 'preact/hooks';
import { html } from '../../lib/html.js';
import { t } from '../../lib/i18n.js';
import { currentSession, touch } from '../../lib/session.js';
import { codelist } from '../../lib/spec.js';
import { useAsync } from '../../lib/use-async.js';
import { CodePicker, ErrorLine } from '../../lib/widgets.js';
import { OFFICER_STYLES, useStylesheet } from './stylesheet.js';
import { TextField } from './fields.js';
import { saveAs } from '../../lib/save-file.js';

export function AuditExports() {
  useStylesheet(OFFICER_STYLES);
  const [form, setForm] = useState({ format: 'ndjson', subject: '', from: '', to: '', fieldGroup: '' });
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const groups = useAsync(() => codelist('field-group'), []);
  /** @param {keyof typeof form} key */
  const set = (key) => (/** @type {string} */ value) => setForm({ ...form, [key]: value });
  /** @param {Event} e */
  async function download(e) {
    e.preventDefault();
    const session = currentSession();
    if (!session) return;
    setBusy(true);
    setError('');
    setDone('');
    touch();
    try {
      const body = Object.fromEntries(Object.entries(form).filter(([, v]) => v));
      const response = await fetch('/audit/export', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` }, body: JSON.stringify(body) });
      if (!response.ok) {
        const problem = await response.json().catch(() => ({}));
        throw new Error(problem.errors?.[0]?.message ?? `${response.status}`);
      }
      const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `nrx-audit.${form.format === 'fhir' ? 'json' : 'ndjson'}`;
      const blob = await response.blob();
      saveAs(blob, name);
      setDone(t('officer.export.done', { name, size: blob.size }));
    } catch (err) {
      setError(String(/** @type {Error} */ (err).message));
    } finally {
      setBusy(false);
    }
  }
  return html`
    <section>
      <h1>${t('officer.export.title')}</h1>
      <p class="help">${t('officer.export.help')}</p>
      <form onSubmit=${download}>
        <fieldset>
          <legend>${t('officer.export.format')}</legend>
          <label><input type="radio" name="format" value="ndjson" checked=${form.format === 'ndjson'} onChange=${() => set('format')('ndjson')} /> ${t('officer.export.ndjson')}</label><br />
          <label><input type="radio" name="format" value="fhir" checked=${form.format === 'fhir'} onChange=${() => set('format')('fhir')} /> ${t('officer.export.bundle')}</label>
        </fieldset>
        <div class="officer-filters">
          <${TextField} id="export-subject" label=${t('officer.subject')} value=${form.subject} autocomplete="off" onInput=${set('subject')} />
          <${CodePicker} id="export-group" label=${t('officer.fieldGroup')} codes=${groups.value ?? []} value=${form.fieldGroup} onChange=${set('fieldGroup')} emptyLabel=${t('list.any')} />
          <${TextField} id="export-from" label=${t('officer.from')} type="date" value=${form.from} onInput=${set('from')} />
          <${TextField} id="export-to" label=${t('officer.to')} type="date" value=${form.to} onInput=${set('to')} />
        </div>
        <${ErrorLine} error=${error} />
        ${done && html`<p class="ok" role="status">${done}</p>`}
        <button type="submit" disabled=${busy}>${t('officer.export.download')}</button>
      </form>
    </section>`;
}
