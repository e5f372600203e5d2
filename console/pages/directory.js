// @ts-check
/**
 * The service directory: which services meet this need, where, for whom, in her language, with a
 * free place, and take referrals from the signed-in member (`referrableBy` is always the session's
 * own member). Ranked results with their flags, a service that makes assistance conditional on
 * cooperation with the authorities marked as a warning, paging, and a search across the federation
 * that says which peer gateways did not answer. The same search chooses a referral's recipient
 * (recipient-picker.js): it lives in no form of its own, so it can sit inside the referral's form.
 */
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { graphql } from '../lib/api.js';
import { currentSession } from '../lib/session.js';
import { codelist } from '../lib/spec.js';
import { useAsync } from '../lib/use-async.js';
import { CodeLabel, CodePicker, ErrorLine, Loading } from '../lib/widgets.js';

const PAGE_SIZE = 10;
const PROFILES = ['woman', 'adult-man', 'child', 'family-with-children', 'lgbtiq', 'disability'];
const WARNING_FLAG = 'conditional-on-cooperation';

const HIT = `score flags gateway service { id name description organization categories languages
  interpretation { available languages } serviceAreas { country regions } capacity { placesFree updatedAt }
  howToRefer { purposes responseTime } }`;
const LOCAL = `query Services($filter: ServiceFilter, $first: Int, $after: String) {
  services(filter: $filter, first: $first, after: $after) { totalCount edges { node { ${HIT} } } pageInfo { hasNextPage endCursor } } }`;
const FEDERATED = `query FederatedServices($filter: ServiceFilter, $first: Int, $after: String) {
  federatedServices(filter: $filter, first: $first, after: $after) { totalCount complete peers { url gateway answered error }
    edges { node { ${HIT} } } pageInfo { hasNextPage endCursor } } }`;

/**
 * @typedef {{ id: string, name: string, description?: string, organization: string, categories: string[], languages?: string[],
 *   interpretation?: { available?: boolean, languages?: string[] }, serviceAreas?: Array<{ country: string, regions?: string[] }>,
 *   capacity?: { placesFree?: number, updatedAt?: string }, howToRefer?: { purposes?: string[], responseTime?: string } }} Service
 * @typedef {{ score: number, flags: string[], gateway: string, service: Service }} Hit
 * @typedef {{ url: string, gateway?: string, answered: boolean, error?: string }} Peer
 * @typedef {{ category: string, country: string, region: string, eligibility: string[], language: string, available: boolean, federated: boolean }} Criteria
 */

const NO_CRITERIA = /** @type {Criteria} */ ({ category: '', country: '', region: '', eligibility: [], language: '', available: false, federated: false });

/** The filter of a search: only what was chosen, and always the services this member may refer to. @param {Criteria} c */
function filterOf(c) {
  const member = currentSession()?.member;
  return {
    ...(c.category ? { categories: [c.category] } : {}),
    ...(c.country ? { country: c.country } : {}),
    ...(c.region.trim() ? { region: c.region.trim() } : {}),
    ...(c.eligibility.length ? { eligibility: c.eligibility } : {}),
    ...(c.language.trim() ? { language: c.language.trim() } : {}),
    ...(c.available ? { available: true } : {}),
    referrableBy: member,
  };
}

/** @param {Criteria} criteria @param {string | null} after */
async function search(criteria, after) {
  const result = await graphql(criteria.federated ? FEDERATED : LOCAL, { filter: filterOf(criteria), first: PAGE_SIZE, ...(after ? { after } : {}) });
  const found = result.data?.[criteria.federated ? 'federatedServices' : 'services'];
  if (!found) throw new Error(result.errors.map((e) => e.message).join('; '));
  return /** @type {{ totalCount: number, complete?: boolean, peers?: Peer[], edges: Array<{ node: Hit }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } }} */ (found);
}

/** A category's place in the taxonomy shown by indenting it under its parent. @param {import('../lib/spec.js').Code[]} codes */
const indented = (codes) => codes.map((c) => ({ ...c, label: `${'\u2014 '.repeat(c.code.split('.').length - 1)}${c.label}` }));

/** A flag in words where the messages have it (`status-<status>` flags are shown as they come). @param {string} flag */
function flagText(flag) {
  const key = `directory.flag.${flag}`;
  const text = t(key);
  return text === key ? flag : text;
}

/** @param {{ hit: Hit, categories: import('../lib/spec.js').Code[], onChoose?: (hit: Hit) => void }} props */
function Result({ hit, categories, onChoose }) {
  const s = hit.service;
  const warning = hit.flags.includes(WARNING_FLAG);
  const others = hit.flags.filter((f) => f !== WARNING_FLAG);
  const areas = (s.serviceAreas ?? []).map((a) => (a.regions?.length ? `${a.country}: ${a.regions.join(', ')}` : a.country)).join('; ');
  return html`
    <li class="service" data-testid="service-result">
      <h2>${s.name}</h2>
      <p><span class="code">${s.id}</span> · ${t('directory.by', { member: s.organization, gateway: hit.gateway })}</p>
      ${warning && html`<p class="notice warning" data-testid="cooperation-warning"><strong>${t('directory.warning')}</strong> ${t('directory.flag.conditional-on-cooperation')}</p>`}
      ${s.description && html`<p>${s.description}</p>`}
      <dl class="facts">
        <div><dt>${t('directory.categories')}</dt><dd>${s.categories.map((c, i) => html`${i ? ', ' : ''}<${CodeLabel} code=${c} codes=${categories} />`)}</dd></div>
        <div><dt>${t('directory.languages')}</dt><dd>${(s.languages ?? []).join(', ') || '—'}${s.interpretation?.available ? ` · ${t('directory.interpretation')}` : ''}</dd></div>
        <div><dt>${t('directory.areas')}</dt><dd>${areas || '—'}</dd></div>
        <div><dt>${t('directory.places')}</dt><dd>${s.capacity?.placesFree ?? t('directory.notCounted')}</dd></div>
        ${s.howToRefer?.purposes?.length ? html`<div><dt>${t('directory.purposes')}</dt><dd>${s.howToRefer.purposes.join(', ')}</dd></div>` : null}
      </dl>
      ${others.length > 0 && html`
        <ul class="service-flags" aria-label=${t('directory.flags')}>${others.map((f) => html`<li>${flagText(f)}</li>`)}</ul>`}
      ${onChoose && html`<button type="button" onClick=${() => onChoose(hit)}>${t('directory.choose', { name: s.name })}</button>`}
    </li>`;
}

/** @param {{ peers: Peer[], complete: boolean }} props */
function PeerAnswers({ peers, complete }) {
  if (complete) return html`<p class="help" data-testid="peers">${t('directory.peersAll', { count: peers.length })}</p>`;
  return html`
    <div class="notice" role="status" data-testid="peers">
      <p>${t('directory.peersMissing')}</p>
      <ul>${peers.filter((p) => !p.answered).map((p) => html`<li>${t('directory.peerSilent', { gateway: p.gateway ?? p.url, error: p.error ?? '' })}</li>`)}</ul>
    </div>`;
}

/**
 * The search and its results; `onChoose`, when given, adds a button to each result.
 * @param {{ idPrefix: string, onChoose?: (hit: Hit) => void }} props
 */
export function DirectorySearch({ idPrefix, onChoose }) {
  const [draft, setDraft] = useState(NO_CRITERIA);
  const [asked, setAsked] = useState(/** @type {Criteria | null} */ (null));
  // The cursors of the pages before this one, to page back; null is the first page.
  const [cursors, setCursors] = useState(/** @type {Array<string | null>} */ ([null]));
  const categories = useAsync(() => codelist('service-category'), []);
  const countries = useAsync(() => codelist('country'), []);
  const after = cursors.at(-1) ?? null;
  const results = useAsync(async () => (asked ? search(asked, after) : null), [asked, after]);
  const id = (/** @type {string} */ name) => `${idPrefix}-${name}`;
  /** @template {keyof Criteria} K @param {K} key @param {Criteria[K]} value */
  const set = (key, value) => setDraft({ ...draft, [key]: value });
  const run = () => (setAsked({ ...draft }), setCursors([null]));
  const found = results.value;
  return html`
    <div class="directory-search">
      <div role="search" aria-label=${t('directory.search')} class="filters"
        onKeyDown=${(/** @type {KeyboardEvent} */ e) => e.key === 'Enter' && e.target instanceof HTMLInputElement && e.target.type !== 'checkbox' && (e.preventDefault(), run())}>
        <${CodePicker} id=${id('category')} label=${t('directory.category')} codes=${indented(categories.value ?? [])} value=${draft.category} onChange=${(/** @type {string} */ v) => set('category', v)} emptyLabel=${t('list.any')} />
        <${CodePicker} id=${id('country')} label=${t('directory.country')} codes=${countries.value ?? []} value=${draft.country} onChange=${(/** @type {string} */ v) => set('country', v)} emptyLabel=${t('list.any')} />
        <div class="field">
          <label for=${id('region')}>${t('directory.region')}</label>
          <input id=${id('region')} value=${draft.region} onInput=${(/** @type {any} */ e) => set('region', e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for=${id('language')}>${t('directory.language')}</label>
          <input id=${id('language')} value=${draft.language} aria-describedby=${id('language-help')} onInput=${(/** @type {any} */ e) => set('language', e.currentTarget.value)} />
          <p id=${id('language-help')} class="help">${t('directory.languageHelp')}</p>
        </div>
        <fieldset>
          <legend>${t('directory.eligibility')}</legend>
          <div class="choices">
            ${PROFILES.map((p) => html`<label><input type="checkbox" checked=${draft.eligibility.includes(p)}
              onChange=${(/** @type {any} */ e) => set('eligibility', e.currentTarget.checked ? [...draft.eligibility, p] : draft.eligibility.filter((x) => x !== p))} /> ${t(`directory.profile.${p}`)}</label>`)}
          </div>
        </fieldset>
        <fieldset>
          <legend>${t('directory.more')}</legend>
          <label><input type="checkbox" checked=${draft.available} onChange=${(/** @type {any} */ e) => set('available', e.currentTarget.checked)} /> ${t('directory.available')}</label><br />
          <label><input type="checkbox" checked=${draft.federated} onChange=${(/** @type {any} */ e) => set('federated', e.currentTarget.checked)} /> ${t('directory.federated')}</label>
        </fieldset>
        <p class="help">${t('directory.referrableBy', { member: currentSession()?.member ?? '' })}</p>
        <div class="actions"><button type="button" onClick=${run}>${t('directory.searchButton')}</button></div>
      </div>
      <${ErrorLine} error=${results.error || categories.error} />
      <${Loading} loading=${Boolean(asked) && results.loading} />
      ${found && html`
        <p role="status" data-testid="service-count">${t('directory.found', { count: found.totalCount })}</p>
        ${found.peers && html`<${PeerAnswers} peers=${found.peers} complete=${found.complete ?? true} />`}
        <ol class="services">${found.edges.map((e) => html`<${Result} hit=${e.node} categories=${categories.value ?? []} onChoose=${onChoose} />`)}</ol>
        <div class="pager">
          ${cursors.length > 1 && html`<button type="button" class="secondary" onClick=${() => setCursors(cursors.slice(0, -1))}>${t('directory.previous')}</button>`}
          ${found.pageInfo.hasNextPage && html`<button type="button" class="secondary" onClick=${() => setCursors([...cursors, found.pageInfo.endCursor])}>${t('directory.next')}</button>`}
        </div>`}
    </div>`;
}

export function DirectoryPage() {
  return html`
    <section>
      <h1>${t('directory.title')}</h1>
      <p class="help">${t('directory.help')}</p>
      <${DirectorySearch} idPrefix="directory" />
    </section>`;
}
