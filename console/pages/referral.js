// @ts-check
/**
 * One referral as this worker may see it: the envelope, each section (withheld parts marked with the
 * reason), the timeline of statuses, its delivery to the other gateway when the other party is
 * hosted elsewhere (referral-deliveries.js), and the recipient's actions (accept, decline with
 * coded reasons, post a status update).
 */
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { graphql } from '../lib/api.js';
import { codelist } from '../lib/spec.js';
import { fieldsOf, fieldType, selectionOf } from '../lib/selection.js';
import { useAsync } from '../lib/use-async.js';
import { currentSession } from '../lib/session.js';
import { withheldUnder, withheldWithin, WithheldMark } from '../lib/withheld.js';
import { RecordView, fieldLabel } from '../lib/record-view.js';
import { CodeLabel, ErrorLine, Loading } from '../lib/widgets.js';
import { Respond, StatusUpdateForm } from './referral-actions.js';
import { Timeline } from './referral-timeline.js';
import { Deliveries } from './referral-deliveries.js';

const ENVELOPE = `query Referral($id: ID!) {
  referral(id: $id) {
    id sender recipient subject purpose status created updated
    document { urgency requestedServices respondBy note legalBasis consentRefs }
    statusHistory { id status author at document { reasons reasonText outcomeSummary nextStep { text } } }
  }
}`;

/** Queries stay well under the gateway's token limit (limits.maxTokens): sections are asked for in groups. */
const TOKENS_PER_QUERY = 1200;
/** Section objects are shown this many levels deep. */
const SECTION_DEPTH = 3;

/** @param {string} selection */
const tokenCount = (selection) => selection.split(/[\s{}]+/).filter(Boolean).length + (selection.match(/[{}]/g)?.length ?? 0);

/**
 * Every section of the referral, asked for in as few queries as the token limit allows.
 * @param {string} id
 * @returns {Promise<{ sections: Record<string, unknown>, withheld: import('../lib/api.js').Withheld[], errors: string[] }>}
 */
async function loadSections(id) {
  const names = await fieldsOf('ReferralSections');
  /** @type {string[][]} */
  const groups = [[]];
  let size = 0;
  for (const name of names) {
    const type = await fieldType('ReferralSections', name);
    const selection = `${name} ${type ? await selectionOf(type, SECTION_DEPTH) : ''}`;
    const tokens = tokenCount(selection);
    if (size + tokens > TOKENS_PER_QUERY && groups[groups.length - 1]?.length) groups.push([]), (size = 0);
    groups[groups.length - 1]?.push(selection);
    size += tokens;
  }
  const results = await Promise.all(groups.map((group) => graphql(`query ReferralSections($id: ID!) { referral(id: $id) { document { sections { ${group.join(' ')} } } } }`, { id })));
  /** @type {Record<string, unknown>} */
  const sections = {};
  for (const result of results) Object.assign(sections, result.data?.referral?.document?.sections ?? {});
  return { sections, withheld: results.flatMap((r) => r.withheld), errors: results.flatMap((r) => r.errors.map((e) => e.message)) };
}

/** @param {{ state: { id?: string } }} props */
export function ReferralPage({ state }) {
  const id = state.id;
  const envelope = useAsync(async () => {
    if (!id) throw new Error(t('referral.none'));
    const result = await graphql(ENVELOPE, { id });
    if (!result.data?.referral) throw new Error(result.errors[0]?.message ?? t('referral.notFound'));
    return result.data.referral;
  }, [id]);
  const sections = useAsync(() => (id ? loadSections(id) : Promise.resolve(null)), [id]);
  const codes = useAsync(() => Promise.all([codelist('referral-status'), codelist('purpose'), codelist('referral-decline-reason')]), []);
  const [statuses, purposes, declineReasons] = codes.value ?? [[], [], []];
  const referral = envelope.value;
  const me = currentSession()?.member;
  const sectionWithheld = sections.value ? withheldUnder(sections.value.withheld, ['referral', 'document', 'sections']) : new Map();
  return html`
    <section>
      <h1>${t('referral.title')}</h1>
      <${ErrorLine} error=${envelope.error} />
      <${Loading} loading=${envelope.loading} />
      ${referral && html`
        <dl class="kv envelope">
          <dt>${t('list.sender')}</dt><dd>${referral.sender}</dd>
          <dt>${t('list.recipient')}</dt><dd>${referral.recipient}</dd>
          <dt>${t('list.subject')}</dt><dd class="code">${referral.subject}</dd>
          <dt>${t('list.purpose')}</dt><dd><${CodeLabel} code=${referral.purpose} codes=${purposes} /></dd>
          <dt>${t('list.status')}</dt><dd data-testid="referral-status"><${CodeLabel} code=${referral.status} codes=${statuses} /></dd>
          ${referral.document?.urgency && html`<dt>${fieldLabel('urgency')}</dt><dd>${referral.document.urgency}</dd>`}
          ${referral.document?.requestedServices && html`<dt>${fieldLabel('requestedServices')}</dt><dd>${referral.document.requestedServices.join(', ')}</dd>`}
          ${referral.document?.note && html`<dt>${fieldLabel('note')}</dt><dd>${referral.document.note}</dd>`}
        </dl>
        ${referral.recipient === me && html`<${Respond} referral=${referral} declineReasons=${declineReasons} onDone=${envelope.reload} />`}
        <h2>${t('referral.sections')}</h2>
        <${ErrorLine} error=${sections.error} />
        <${Loading} loading=${sections.loading} />
        ${sections.value && Object.keys(sections.value.sections).map((name) => {
          const value = /** @type {Record<string, unknown>} */ (sections.value?.sections)[name];
          const whole = sectionWithheld.get(name);
          const inner = withheldWithin(sectionWithheld, name);
          if (value === null && !whole) return null;
          return html`
            <section class="section" aria-labelledby=${`section-${name}`}>
              <h3 id=${`section-${name}`}>${fieldLabel(name)}</h3>
              ${whole ? html`<${WithheldMark} entry=${whole} />` : html`<${RecordView} value=${value} withheld=${inner} />`}
            </section>`;
        })}
        <h2>${t('referral.timeline')}</h2>
        <${Timeline} history=${referral.statusHistory} statuses=${statuses} declineReasons=${declineReasons} />
        <${Deliveries} referralId=${referral.id} />
        ${(referral.recipient === me || referral.sender === me) && html`<${StatusUpdateForm} referral=${referral} statuses=${statuses} onDone=${envelope.reload} />`}
      `}
    </section>`;
}
