// @ts-check
/**
 * The subject access report as a page she can be shown or given: who received which kinds of
 * information about her, when and why, in her language, printable. Her reference is typed by the
 * officer and kept in the page's memory only.
 */
import { useState } from 'preact/hooks';
import { html } from '../../lib/html.js';
import { t } from '../../lib/i18n.js';
import { graphql } from '../../lib/api.js';
import { useAsync } from '../../lib/use-async.js';
import { ErrorLine, Loading } from '../../lib/widgets.js';
import { OFFICER_STYLES, useStylesheet } from '../officer/stylesheet.js';
import { dataOrThrow, TextField } from '../officer/fields.js';
import { herLanguages, LanguagePicker } from './her-words.js';

const QUERY = `query Report($subject: String!, $lang: String) {
  subjectAccessReportView(subject: $subject, lang: $lang) {
    lang dir title intro nothing eventsHeading footer
    disclosures { heading when purpose why shared { label reduced } withheld }
    events { when text }
    labels { when purpose why withheld reduced }
  }
}`;

/** @param {{ report: any }} props */
function Report({ report }) {
  const { labels } = report;
  return html`
    <article class="hers" lang=${report.lang} dir=${report.dir} data-testid="access-report">
      <h1>${report.title}</h1>
      <p>${report.intro}</p>
      ${report.disclosures.length === 0 && html`<p>${report.nothing}</p>`}
      ${report.disclosures.map((/** @type {any} */ d) => html`
        <section>
          <h2>${d.heading}</h2>
          <dl class="kv">
            <dt>${labels.when}</dt><dd>${d.when}</dd>
            <dt>${labels.purpose}</dt><dd>${d.purpose}</dd>
            <dt>${labels.why}</dt><dd>${d.why}</dd>
          </dl>
          <ul>${d.shared.map((/** @type {any} */ s) => html`<li>${s.label}${s.reduced ? html` – <span class="reduced">${labels.reduced}</span>` : ''}</li>`)}</ul>
          ${d.withheld.length > 0 && html`<p class="why"><strong>${labels.withheld}:</strong> ${d.withheld.join(', ')}</p>`}
        </section>`)}
      ${report.events.length > 0 && html`
        <h2>${report.eventsHeading}</h2>
        <ul>${report.events.map((/** @type {any} */ e) => html`<li>${e.when}: ${e.text}</li>`)}</ul>`}
      <footer><p>${report.footer}</p></footer>
    </article>`;
}

export function AccessReport() {
  useStylesheet(OFFICER_STYLES);
  const [subject, setSubject] = useState('');
  const [lang, setLang] = useState('en');
  const [asked, setAsked] = useState(/** @type {string} */ (''));
  const languages = useAsync(herLanguages, []);
  const report = useAsync(async () => (asked ? dataOrThrow(await graphql(QUERY, { subject: asked, lang })).subjectAccessReportView : undefined), [asked, lang]);
  return html`
    <section>
      <div class="no-print">
        <h1>${t('officer.report.title')}</h1>
        <p class="help">${t('officer.report.help')}</p>
        <form class="her-tools" onSubmit=${(/** @type {Event} */ e) => (e.preventDefault(), setAsked(subject.trim()))}>
          <${TextField} id="report-subject" label=${t('officer.subject')} value=${subject} autocomplete="off" required=${true} onInput=${setSubject} />
          <${LanguagePicker} id="report-lang" languages=${languages.value ?? [{ tag: 'en', name: 'English', dir: 'ltr' }]} value=${lang} onChange=${setLang} />
          <div class="field"><button type="submit">${t('officer.report.show')}</button></div>
          ${report.value && html`<div class="field"><button type="button" class="secondary" onClick=${() => window.print()}>${t('person.print')}</button></div>`}
        </form>
        <${ErrorLine} error=${report.error || languages.error} />
        <${Loading} loading=${Boolean(asked) && report.loading} />
      </div>
      ${report.value && html`<${Report} report=${report.value} />`}
    </section>`;
}
