/**
 * The translations a translator edits (console/messages/<tag>.json): every language has every word
 * shown to her (`person.*`) with the same placeholders as the source language, any staff word it
 * translates keeps its placeholders too, each file names itself, and the subject access report
 * comes out whole in each language.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MESSAGES_DIR, languages, messagesFor, placeholdersOf, readCatalogue, resolveLanguage, SOURCE_LANGUAGE } from '../../gateway/reports/messages.ts';
import { escapeHtml, renderSubjectAccessReport, subjectAccessView } from '../../gateway/reports/subject-access.ts';
import type { AuditEntry } from '../../gateway/audit/entry.ts';
import { REASONS } from '../../gateway/policy/types.ts';
import { loadSpec } from '../../lib/spec/load.ts';
import { nrx } from '../cli/run.ts';

const REQUIRED = ['en', 'sr-Latn', 'sr-Cyrl', 'ro', 'uk', 'ru', 'sq', 'bg'];
const catalogue = readCatalogue();
const source = catalogue.get(SOURCE_LANGUAGE)!.texts;
const isHers = (key: string) => key.startsWith('person.');

describe('message files', () => {
  it('exist for every language the person may ask for, the source language first', () => {
    expect(languages()[0]).toBe(SOURCE_LANGUAGE);
    expect(languages()).toEqual(expect.arrayContaining(REQUIRED));
  });

  it.each([...catalogue.keys()])('%s has every word shown to her, no key the source lacks, each with the same placeholders', (tag) => {
    const { meta, texts } = catalogue.get(tag)!;
    expect(Object.keys(texts).filter(isHers).sort()).toEqual(Object.keys(source).filter(isHers).sort());
    expect(Object.keys(texts).filter((key) => !Object.hasOwn(source, key))).toEqual([]);
    for (const [key, text] of Object.entries(texts)) {
      expect({ key, placeholders: placeholdersOf(text) }).toEqual({ key, placeholders: placeholdersOf(source[key]!) });
      expect(text.trim(), key).not.toBe('');
    }
    expect(meta.name).toBeTruthy();
    expect(['ltr', 'rtl']).toContain(meta.dir);
    expect(Intl.DateTimeFormat.supportedLocalesOf([meta.locale])).toEqual([meta.locale]);
    if (tag !== SOURCE_LANGUAGE) {
      // A file copied from English and not yet translated is caught here.
      const same = Object.keys(texts).filter(isHers).filter((key) => texts[key] === source[key] && !/^\{[^}]+\} \(\{[^}]+\}\)$/.test(texts[key]!));
      expect(same).toEqual([]);
    }
  });

  it('name every field group, purpose, legal basis and withholding reason the spec and the policy use', () => {
    const spec = loadSpec();
    const codes = (list: string) => spec.codelists.get(list)!.codes.map((c) => c.code);
    const wanted = [
      ...codes('field-group').map((c) => `person.group.${c}`),
      ...codes('purpose').map((c) => `person.purpose.${c}`),
      ...codes('legal-basis').filter((c) => c !== 'consent').map((c) => `person.legalBasis.${c}`),
      ...REASONS.map((r) => `person.reason.${r}`),
    ];
    expect(wanted.filter((key) => !Object.hasOwn(source, key))).toEqual([]);
  });

  it('keep Serbian in Cyrillic free of Latin letters outside placeholders', () => {
    for (const [key, text] of Object.entries(catalogue.get('sr-Cyrl')!.texts).filter(([key]) => isHers(key))) {
      expect({ key, latin: text.replace(/\{[^}]+\}/g, '').match(/[A-Za-z]/g) ?? [] }).toEqual({ key, latin: [] });
    }
  });

  it('resolve tags exactly, by alias and regardless of case, and nothing else', () => {
    expect(resolveLanguage('sr')).toBe('sr-Latn');
    expect(resolveLanguage('SR-cyrl')).toBe('sr-Cyrl');
    expect(resolveLanguage('uk')).toBe('uk');
    expect(resolveLanguage('xx')).toBeUndefined();
    expect(resolveLanguage(undefined)).toBeUndefined();
    expect(messagesFor('ro').t('person.report.shared', { who: 'ATINA' })).toBe('ATINA a primit informații despre dumneavoastră');
    expect(messagesFor('en').t('person.report.shared')).toBe('{who} received information about you');
  });
});

describe('the subject access report in every language', () => {
  const entries: AuditEntry[] = [
    {
      id: 7, at: '2026-03-01T09:30:00.000Z', type: 'disclosure-decision', requester: 'RS/NGO/ATINA', purpose: 'assistance', subject: 'subj-lang-01',
      details: { recipient: 'RS/NGO/ATINA' },
      fields: [
        { path: 'referral.sections.person.dateOfBirth', decision: 'transformed', basis: 'consent:c-1#/provisions/0', group: 'date-of-birth' },
        { path: 'referral.sections.health.conditions', decision: 'withheld', reason: 'CONSENT_DENIES', group: 'health' },
        { path: 'referral.sections.risk.level', decision: 'released', basis: 'legal-basis:vital-interest', group: 'risk' },
      ],
    } as AuditEntry,
    { id: 8, at: '2026-03-01T09:31:00.000Z', type: 'consent-recorded', requester: 'RS/NGO/ATINA', subject: 'subj-lang-01' } as AuditEntry,
  ];

  it.each(REQUIRED)('%s: every word from its own file, no key left showing', (tag) => {
    const { t } = messagesFor(tag);
    const html = renderSubjectAccessReport({ subject: 'subj-lang-01', lang: tag, entries, memberName: () => 'Atina', now: new Date('2026-03-02T10:00:00Z') });
    expect(html).toContain(`<html lang="${tag}" dir="ltr">`);
    for (const key of ['report.title', 'group.date-of-birth', 'group.risk', 'report.footer', 'report.withheld', 'group.health', 'legalBasis.vital-interest', 'purpose.assistance'].map((k) => `person.${k}`)) {
      expect(html).toContain(escapeHtml(t(key)));
    }
    expect(html).not.toMatch(/\bperson\.[a-zA-Z.-]+\b|\{[a-z]+\}/);
  });

  it('writes a right-to-left language right to left, from its file alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nrx-messages-'));
    try {
      const english = JSON.parse(readFileSync(join(MESSAGES_DIR, 'en.json'), 'utf8'));
      writeFileSync(join(dir, 'en.json'), JSON.stringify(english));
      // A stand-in for a translator's file: only its direction matters here.
      writeFileSync(join(dir, 'he.json'), JSON.stringify({ ...english, $meta: { name: 'עברית', locale: 'he-IL', dir: 'rtl' } }));
      const html = renderSubjectAccessReport({ subject: 'subj-lang-01', lang: 'he', entries, messagesDir: dir });
      expect(html).toContain('<html lang="he" dir="rtl">');
      expect(subjectAccessView({ subject: 'subj-lang-01', lang: 'en', entries, messagesDir: dir }).dir).toBe('ltr');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the console the same words as the printable page', () => {
    const view = subjectAccessView({ subject: 'subj-lang-01', lang: 'sr-Cyrl', entries, memberName: () => 'Атина', now: new Date('2026-03-02T10:00:00Z') });
    expect(view).toMatchObject({ lang: 'sr-Cyrl', dir: 'ltr', title: 'Ко је примио податке о вама' });
    expect(view.disclosures[0]).toMatchObject({ heading: 'Атина (RS/NGO/ATINA) је примио податке о вама', withheld: ['ваше здравље'] });
    expect(view.disclosures[0]!.shared).toEqual([{ label: 'ваш датум рођења', reduced: true }, { label: 'ризици по вашу безбедност', reduced: false }]);
    expect(view.events).toEqual([{ when: expect.stringContaining('2026'), text: 'Атина (RS/NGO/ATINA) је забележио ваш пристанак' }]);
  });
});

describe('nrx audit report --lang', () => {
  it('refuses a language there is no file for, naming those there are, before it opens any database', async () => {
    const result = await nrx(['audit', 'report', '--subject', 'subj-lang-01', '--lang', 'xx', '--data-dir', join(tmpdir(), 'nrx-no-such-dir')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--lang must be one of en, bg, ro, ru, sq, sr-Cyrl, sr-Latn, uk, not 'xx'");
  });
});
