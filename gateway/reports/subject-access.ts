/**
 * The subject access report: for one person, in plain language and her language, who received
 * which kinds of information about her, when and why. Printable HTML; built from audit entries
 * only, so it names field groups and members, never a value.
 */
import { basesOfField, type AuditEntry } from '../audit/entry.ts';
import { messagesFor, resolveLanguage } from './messages.ts';

export interface SubjectAccessOptions {
  subject: string;
  /** A language tag there is a message file for (`resolveLanguage`); an alias such as `sr` is accepted. */
  lang: string;
  entries: readonly AuditEntry[];
  /**
   * A member's name from the federation's directory (the trust list). The report names each
   * agency by it, with its member id; one the directory does not list is named as such.
   */
  memberName?: (id: string) => string | undefined;
  now?: Date;
  /** Where the message files are; the console's own folder when absent. */
  messagesDir?: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: unknown): string => String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);

function formatDate(iso: string, locale: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(date) + ' UTC';
}

/**
 * The report's input as it can cross to a worker thread (work-pool.ts): member names as a table,
 * not a function. `names` absent means the report names members by id alone.
 */
export interface SubjectAccessInput extends Omit<SubjectAccessOptions, 'memberName'> {
  names?: Readonly<Record<string, string>>;
}

export function renderSubjectAccessInput({ names, ...options }: SubjectAccessInput): string {
  return renderSubjectAccessReport({ ...options, ...(names ? { memberName: (id: string) => (Object.hasOwn(names, id) ? names[id] : undefined) } : {}) });
}

/** One recipient's disclosure, in her words: the kinds of information, never a value. */
export interface ReportDisclosure {
  heading: string;
  when: string;
  purpose: string;
  why: string;
  shared: { label: string; reduced: boolean }[];
  withheld: string[];
}

/**
 * The report with every word already in her language: what the HTML below and the console's
 * page both show, so that the two never say different things.
 */
export interface SubjectAccessView {
  lang: string;
  dir: 'ltr' | 'rtl';
  title: string;
  intro: string;
  /** Said when nothing was shared. */
  nothing: string;
  disclosures: ReportDisclosure[];
  eventsHeading: string;
  events: { when: string; text: string }[];
  footer: string;
  labels: { when: string; purpose: string; why: string; withheld: string; reduced: string };
}

/** A consent withdrawal that found nothing left to remove from the copy held here: nothing to tell her. */
const nothingRemoved = (entry: AuditEntry) => entry.type === 'referral-narrowed' && entry.details?.removedCount === 0;

export function subjectAccessView(options: SubjectAccessOptions): SubjectAccessView {
  const { subject, entries } = options;
  const tag = resolveLanguage(options.lang, options.messagesDir);
  if (!tag) throw new RangeError(`no message file for language '${options.lang}'`);
  const { t, has, meta } = messagesFor(tag, options.messagesDir);
  const when = (iso: string) => formatDate(iso, meta.locale);
  const who = (id: string | undefined) => {
    if (!id) return '?';
    const name = options.memberName?.(id);
    return name ? t('person.report.member', { name, id }) : options.memberName ? t('person.report.unknownMember', { id }) : id;
  };
  const why = (basis: string | undefined): string => {
    if (!basis) return t('person.report.basis.other');
    if (basis.startsWith('consent:')) return t('person.report.basis.consent');
    if (basis.startsWith('legal-basis:')) {
      const code = basis.slice('legal-basis:'.length);
      return t('person.report.basis.legalBasis', { law: has(`person.legalBasis.${code}`) ? t(`person.legalBasis.${code}`) : code });
    }
    if (basis.startsWith('agreement:')) return t('person.report.basis.agreement');
    return t('person.report.basis.other');
  };
  const group = (code: string | undefined) => (has(`person.group.${code ?? 'ungrouped'}`) ? t(`person.group.${code ?? 'ungrouped'}`) : (code ?? t('person.group.ungrouped')));
  const purpose = (code: string | undefined) => (code && has(`person.purpose.${code}`) ? t(`person.purpose.${code}`) : (code ?? ''));

  const disclosures: ReportDisclosure[] = [];
  for (const entry of entries) {
    if (entry.type !== 'disclosure-decision' && entry.type !== 'override') continue;
    const recipient = typeof entry.details?.recipient === 'string' ? entry.details.recipient : entry.requester;
    const shared = new Map<string, { reduced: boolean }>();
    const withheld = new Set<string>();
    const reasons = new Set<string>();
    for (const field of entry.fields ?? []) {
      const label = group(field.group);
      if (field.decision === 'withheld') withheld.add(label);
      else {
        const seen = shared.get(label);
        shared.set(label, { reduced: (seen?.reduced ?? false) || field.decision === 'transformed' });
        const bases = basesOfField(field);
        // The clause is the organisations' arrangement; she is told what let it happen: her consent or the law.
        const shown = bases.length > 1 ? bases.filter((b) => !b.startsWith('agreement:')) : bases;
        for (const b of shown.length ? shown : [undefined]) reasons.add(why(b));
      }
    }
    for (const label of shared.keys()) withheld.delete(label);
    if (!shared.size) continue;
    disclosures.push({
      heading: t('person.report.shared', { who: who(recipient) }),
      when: when(entry.at),
      purpose: purpose(entry.purpose),
      why: [...reasons].join('; '),
      shared: [...shared].map(([label, { reduced }]) => ({ label, reduced })),
      withheld: [...withheld],
    });
  }
  return {
    lang: tag,
    dir: meta.dir === 'rtl' ? 'rtl' : 'ltr',
    title: t('person.report.title'),
    intro: t('person.report.intro', { subject, date: when((options.now ?? new Date()).toISOString()) }),
    nothing: t('person.report.nothing'),
    disclosures,
    eventsHeading: t('person.report.events'),
    events: entries.filter((e) => has(`person.event.${e.type}`) && !nothingRemoved(e)).map((e) => ({ when: when(e.at), text: t(`person.event.${e.type}`, { who: who(e.requester) }) })),
    footer: t('person.report.footer'),
    labels: { when: t('person.report.when'), purpose: t('person.report.purpose'), why: t('person.report.why'), withheld: t('person.report.withheld'), reduced: t('person.report.partly') },
  };
}

/** The report as a printable HTML page of its own (the CLI's and the GraphQL API's form). */
export function renderSubjectAccessReport(options: SubjectAccessOptions): string {
  const view = subjectAccessView(options);
  const { labels } = view;
  const sections = view.disclosures.map((d) => {
    const items = d.shared.map(({ label, reduced }) => `<li>${escapeHtml(label)}${reduced ? ` – <em>${escapeHtml(labels.reduced)}</em>` : ''}</li>`).join('');
    return `<section class="disclosure">
<h2>${escapeHtml(d.heading)}</h2>
<p><strong>${escapeHtml(labels.when)}:</strong> ${escapeHtml(d.when)}<br>
<strong>${escapeHtml(labels.purpose)}:</strong> ${escapeHtml(d.purpose)}<br>
<strong>${escapeHtml(labels.why)}:</strong> ${escapeHtml(d.why)}</p>
<ul>${items}</ul>
${d.withheld.length ? `<p class="withheld"><strong>${escapeHtml(labels.withheld)}:</strong> ${escapeHtml(d.withheld.join(', '))}</p>` : ''}
</section>`;
  });
  const events = view.events.map((e) => `<li>${escapeHtml(e.when)}: ${escapeHtml(e.text)}</li>`);
  return `<!DOCTYPE html>
<html lang="${escapeHtml(view.lang)}" dir="${view.dir}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(view.title)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; line-height: 1.5; color: #111; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.15rem; margin-top: 1.5rem; }
section { border-top: 1px solid #999; page-break-inside: avoid; }
.withheld { color: #444; } footer { margin-top: 2rem; font-size: 0.9rem; }
@media print { body { margin: 0; } }
</style>
</head>
<body>
<h1>${escapeHtml(view.title)}</h1>
<p>${escapeHtml(view.intro)}</p>
${sections.length ? sections.join('\n') : `<p>${escapeHtml(view.nothing)}</p>`}
${events.length ? `<h2>${escapeHtml(view.eventsHeading)}</h2>\n<ul>${events.join('')}</ul>` : ''}
<footer>${escapeHtml(view.footer)}</footer>
</body>
</html>
`;
}
