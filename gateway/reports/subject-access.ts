/**
 * The subject access report: for one person, in plain language and her language, who received
 * which kinds of information about her, when and why. Printable HTML; built from audit entries
 * only, so it names field groups and members, never a value.
 */
import { basesOfField, type AuditEntry } from '../audit/entry.ts';
import { WORDS, type Language } from './i18n.ts';

export interface SubjectAccessOptions {
  subject: string;
  lang: Language;
  entries: readonly AuditEntry[];
  /**
   * A member's name from the federation's directory (the trust list). The report names each
   * agency by it, with its member id; one the directory does not list is named as such.
   */
  memberName?: (id: string) => string | undefined;
  now?: Date;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: unknown): string => String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);

function formatDate(iso: string, lang: Language): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(lang === 'sr' ? 'sr-Latn-RS' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(date) + ' UTC';
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

export function renderSubjectAccessReport(options: SubjectAccessOptions): string {
  const { subject, lang, entries } = options;
  const w = WORDS[lang];
  const who = (id: string | undefined) => {
    if (!id) return '?';
    const name = options.memberName?.(id);
    return name ? w.member(name, id) : options.memberName ? w.unknownMember(id) : id;
  };
  const why = (basis: string | undefined): string => {
    if (!basis) return w.basis.other;
    if (basis.startsWith('consent:')) return w.basis.consent;
    if (basis.startsWith('legal-basis:')) {
      const code = basis.slice('legal-basis:'.length);
      return w.basis.legalBasis(w.legalBases[code] ?? code);
    }
    if (basis.startsWith('agreement:')) return w.basis.agreement;
    return w.basis.other;
  };
  const group = (code: string | undefined) => w.groups[code ?? 'ungrouped'] ?? code ?? w.groups.ungrouped!;

  const sections: string[] = [];
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
    const items = [...shared].map(([label, { reduced }]) => `<li>${escapeHtml(label)}${reduced ? ` <em>(${escapeHtml(w.partly)})</em>` : ''}</li>`).join('');
    sections.push(`<section class="disclosure">
<h2>${escapeHtml(w.shared(who(recipient)))}</h2>
<p><strong>${escapeHtml(w.when)}:</strong> ${escapeHtml(formatDate(entry.at, lang))}<br>
<strong>${escapeHtml(w.purpose)}:</strong> ${escapeHtml(w.purposes[entry.purpose ?? ''] ?? entry.purpose ?? '')}<br>
<strong>${escapeHtml(w.why)}:</strong> ${escapeHtml([...reasons].join('; '))}</p>
<ul>${items}</ul>
${withheld.size ? `<p class="withheld"><strong>${escapeHtml(w.withheld)}:</strong> ${escapeHtml([...withheld].join(', '))}</p>` : ''}
</section>`);
  }
  const events = entries
    .filter((e) => w.event[e.type])
    .map((e) => `<li>${escapeHtml(formatDate(e.at, lang))}: ${escapeHtml(w.event[e.type]!(who(e.requester)))}</li>`);
  const date = formatDate((options.now ?? new Date()).toISOString(), lang);
  return `<!DOCTYPE html>
<html lang="${lang === 'sr' ? 'sr-Latn' : 'en'}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(w.title)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; line-height: 1.5; color: #111; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.15rem; margin-top: 1.5rem; }
section { border-top: 1px solid #999; page-break-inside: avoid; }
.withheld { color: #444; } footer { margin-top: 2rem; font-size: 0.9rem; }
@media print { body { margin: 0; } }
</style>
</head>
<body>
<h1>${escapeHtml(w.title)}</h1>
<p>${escapeHtml(w.intro(subject, date))}</p>
${sections.length ? sections.join('\n') : `<p>${escapeHtml(w.nothing)}</p>`}
${events.length ? `<h2>${escapeHtml(w.events)}</h2>\n<ul>${events.join('')}</ul>` : ''}
<footer>${escapeHtml(w.footer)}</footer>
</body>
</html>
`;
}
