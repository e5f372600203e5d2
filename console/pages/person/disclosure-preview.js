// @ts-check
/**
 * The disclosure preview as a page she can be shown before a referral is sent: which kinds of
 * information about her would go to the chosen organisation, which only in a reduced form, which
 * not and why, in her language and printable. The case worker chooses her reference (kept in the
 * page's memory only), the recipient and the purpose; every word shown to her is from the
 * `person.*` messages of her language.
 */
import { useState } from 'preact/hooks';
import { html } from '../../lib/html.js';
import { t } from '../../lib/i18n.js';
import { graphql } from '../../lib/api.js';
import { currentSession } from '../../lib/session.js';
import { codelist } from '../../lib/spec.js';
import { useAsync } from '../../lib/use-async.js';
import { CodePicker, ErrorLine, Loading } from '../../lib/widgets.js';
import { OFFICER_STYLES, useStylesheet } from '../officer/stylesheet.js';
import { dataOrThrow, TextField } from '../officer/fields.js';
import { herLanguages, herWords, LanguagePicker } from './her-words.js';

const MEMBERS = '{ members { id name } }';
const PREVIEW = `query Preview($subject: String!, $recipient: ID!, $purpose: Purpose!) {
  disclosurePreview(subject: $subject, recipient: $recipient, purpose: $purpose) { recipient purpose crossBorder overrides fields { fieldGroup decision reason } }
}`;

/**
 * Per field group, what would happen to it: shared (plainly or only reduced), or withheld with its
 * reasons. A group any of whose fields is shared is not listed as withheld.
 * @param {Array<{ fieldGroup: string | null, decision: string, reason: string | null }>} fields
 */
export function byGroup(fields) {
  /** @type {Map<string, { shared: boolean, plain: boolean }>} */
  const shared = new Map();
  /** @type {Map<string, Set<string>>} */
  const withheld = new Map();
  for (const f of fields) {
    const group = f.fieldGroup ?? 'ungrouped';
    if (f.decision === 'withhold') {
      const reasons = withheld.get(group) ?? new Set();
      if (f.reason) reasons.add(f.reason);
      withheld.set(group, reasons);
    } else {
      const seen = shared.get(group);
      shared.set(group, { shared: true, plain: (seen?.plain ?? false) || f.decision === 'release' });
    }
  }
  for (const group of shared.keys()) withheld.delete(group);
  return {
    released: [...shared].filter(([, s]) => s.plain).map(([g]) => g),
    reduced: [...shared].filter(([, s]) => !s.plain).map(([g]) => g),
    withheld: [...withheld].map(([group, reasons]) => ({ group, reasons: [...reasons] })),
  };
}

/** @param {{ preview: any, words: import('./her-words.js').HerWords, recipientName: string }} props */
function Preview({ preview, words, recipientName }) {
  const w = words;
  const group = (/** @type {string} */ g) => (w.has(`person.group.${g}`) ? w.t(`person.group.${g}`) : g);
  const purpose = w.has(`person.purpose.${preview.purpose}`) ? w.t(`person.purpose.${preview.purpose}`) : preview.purpose;
  const { released, reduced, withheld } = byGroup(preview.fields);
  const list = (/** @type {string[]} */ groups) => (groups.length ? html`<ul>${groups.map((g) => html`<li>${group(g)}</li>`)}</ul>` : html`<p>${w.t('person.preview.none')}</p>`);
  const bases = preview.overrides.map((/** @type {string} */ b) => (w.has(`person.legalBasis.${b}`) ? w.t(`person.legalBasis.${b}`) : b)).join('; ');
  return html`
    <article class="hers" lang=${w.lang} dir=${w.dir} data-testid="her-preview">
      <h1>${w.t('person.preview.title', { recipient: recipientName })}</h1>
      <p>${w.t('person.preview.intro', { recipient: recipientName, purpose })}</p>
      <section><h2>${w.t('person.preview.released')}</h2>${list(released)}</section>
      <section><h2>${w.t('person.preview.transformed')}</h2>${list(reduced)}</section>
      <section>
        <h2>${w.t('person.preview.withheld')}</h2>
        ${withheld.length === 0 ? html`<p>${w.t('person.preview.none')}</p>` : html`
          <ul>${withheld.map(({ group: g, reasons }) => html`
            <li>${group(g)}${reasons.length > 0 && html`<br /><span class="why">${w.t('person.preview.because')}: ${reasons.map((r) => w.t(`person.reason.${r}`)).join(' ')}</span>`}</li>`)}
          </ul>`}
      </section>
      ${preview.crossBorder && html`<p class="notice">${w.t('person.preview.crossBorder', { recipient: recipientName })}</p>`}
      ${preview.overrides.length > 0 && html`<p class="notice">${w.t('person.preview.overrides', { bases })}</p>`}
      <footer><p>${w.t('person.preview.footer')}</p></footer>
    </article>`;
}

export function HerDisclosurePreview() {
  useStylesheet(OFFICER_STYLES);
  const session = currentSession();
  const [form, setForm] = useState({ subject: '', recipient: '', purpose: session?.purpose ?? '' });
  const [asked, setAsked] = useState(/** @type {typeof form | undefined} */ (undefined));
  const [lang, setLang] = useState('en');
  const languages = useAsync(herLanguages, []);
  const choices = useAsync(async () => {
    const [members, purposes] = await Promise.all([graphql(MEMBERS).then(dataOrThrow), codelist('purpose')]);
    return { members: /** @type {Array<{ id: string, name: string }>} */ (members.members.filter(Boolean)), purposes };
  }, []);
  const preview = useAsync(async () => (asked ? dataOrThrow(await graphql(PREVIEW, asked)).disclosurePreview : undefined), [asked]);
  const words = useAsync(() => herWords(lang), [lang]);
  const members = choices.value?.members ?? [];
  const memberCodes = members.map((m) => ({ code: m.id, label: `${m.name} (${m.id})`, definition: '' }));
  const recipientName = members.find((m) => m.id === preview.value?.recipient)?.name ?? preview.value?.recipient ?? '';
  /** @param {keyof typeof form} key */
  const set = (key) => (/** @type {string} */ value) => setForm({ ...form, [key]: value });
  return html`
    <section>
      <div class="no-print">
        <h1>${t('officer.herPreview.title')}</h1>
        <p class="help">${t('officer.herPreview.help')}</p>
        <form class="her-tools" onSubmit=${(/** @type {Event} */ e) => (e.preventDefault(), setAsked({ ...form, subject: form.subject.trim() }))}>
          <${TextField} id="preview-subject" label=${t('officer.subject')} value=${form.subject} autocomplete="off" required=${true} onInput=${set('subject')} />
          <${CodePicker} id="preview-recipient" label=${t('officer.recipient')} codes=${memberCodes} value=${form.recipient} onChange=${set('recipient')} emptyLabel=${t('officer.choose')} required=${true} />
          <${CodePicker} id="preview-purpose" label=${t('list.purpose')} codes=${choices.value?.purposes ?? []} value=${form.purpose} onChange=${set('purpose')} required=${true} />
          <${LanguagePicker} id="preview-lang" languages=${languages.value ?? [{ tag: 'en', name: 'English', dir: 'ltr' }]} value=${lang} onChange=${setLang} />
          <div class="field"><button type="submit">${t('officer.herPreview.show')}</button></div>
          ${preview.value && html`<div class="field"><button type="button" class="secondary" onClick=${() => window.print()}>${t('person.print')}</button></div>`}
        </form>
        <${ErrorLine} error=${preview.error || choices.error || languages.error || words.error} />
        <${Loading} loading=${Boolean(asked) && preview.loading} />
      </div>
      ${preview.value && words.value && html`<${Preview} preview=${preview.value} words=${words.value} recipientName=${recipientName} />`}
    </section>`;
}
