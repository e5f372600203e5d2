/**
 * Service directories to try the directory with: a few services of the demo members, and a
 * generator of realistic directories of any size over Serbia, Austria and Moldova, with every
 * category of the service taxonomy, shelters at secret locations, conditions stated honestly and
 * free places. Deterministic for a given seed, so tests and benchmarks see the same directory.
 */
import type { Service } from '../../schema/generated/nrx.d.ts';

export const DIRECTORY_COUNTRIES = {
  RS: { regions: ['Beograd', 'Vojvodina', 'Šumadija i Zapadna Srbija', 'Južna i Istočna Srbija'], languages: ['sr', 'en', 'ro', 'hu'], timeZone: 'Europe/Belgrade', localities: ['Beograd', 'Novi Sad', 'Niš', 'Kragujevac'] },
  AT: { regions: ['Wien', 'Niederösterreich', 'Oberösterreich', 'Steiermark', 'Tirol', 'Salzburg', 'Kärnten', 'Vorarlberg', 'Burgenland'], languages: ['de', 'en', 'ro', 'bg', 'hu'], timeZone: 'Europe/Vienna', localities: ['Wien', 'Graz', 'Linz', 'Salzburg'] },
  MD: { regions: ['Chișinău', 'Bălți', 'Cahul', 'Găgăuzia', 'Orhei', 'Ungheni'], languages: ['ro', 'ru', 'en', 'uk'], timeZone: 'Europe/Chisinau', localities: ['Chișinău', 'Bălți', 'Cahul', 'Comrat'] },
} as const;
export type DirectoryCountry = keyof typeof DIRECTORY_COUNTRIES;

/** Every code of the service taxonomy (codelists/service-category), so that each kind of service is represented. */
export const SERVICE_CATEGORIES = [
  'medical', 'medical.screening', 'medical.sti-hiv-testing', 'medical.injuries', 'medical.addiction-treatment', 'medical.chronic-care', 'medical.reproductive-health', 'medical.dental-care',
  'psychological', 'psychological.counselling', 'psychological.therapy', 'psychological.psychiatric-care', 'emotional-support',
  'economic', 'economic.emergency-cash', 'economic.rent', 'economic.debt-counselling', 'economic.grants', 'economic.material-aid',
  'education-training', 'education-training.schooling', 'education-training.vocational-training', 'education-training.language-course', 'employment',
  'legal-administrative', 'legal-administrative.criminal-proceedings', 'legal-administrative.civil-matters', 'legal-administrative.identity-documents',
  'legal-administrative.birth-registration', 'legal-administrative.residence-permits', 'legal-administrative.custody',
  'accommodation', 'accommodation.closed', 'accommodation.secured', 'accommodation.secret-location', 'accommodation.open', 'accommodation.semi-independent', 'accommodation.social-housing',
  'safety', 'safety.risk-assessment', 'safety.relocation', 'safety.family-protection', 'family', 'family.mediation', 'family.dependants-needs',
  'interpretation', 'return-reintegration', 'return-reintegration.assisted-return', 'return-reintegration.reintegration-support', 'other',
] as const;

const NAMES: Record<string, string> = {
  medical: 'Health care', psychological: 'Psychological support', 'emotional-support': 'Peer support', economic: 'Economic support', 'education-training': 'Training',
  employment: 'Employment support', 'legal-administrative': 'Legal aid', accommodation: 'Shelter', safety: 'Safety programme', family: 'Family support',
  interpretation: 'Interpretation', 'return-reintegration': 'Return and reintegration', other: 'Outreach',
};

/** A small deterministic generator (mulberry32): the same seed gives the same directory. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    some: <T>(items: readonly T[], max: number): T[] => [...new Set(Array.from({ length: 1 + Math.floor(next() * max) }, () => items[Math.floor(next() * items.length)]!))],
    chance: (p: number) => next() < p,
  };
}

const locationOf = (category: string): Service['locationDisclosure'] =>
  category === 'accommodation.secret-location' || category === 'accommodation.closed' || category === 'accommodation.secured'
    ? 'never'
    : category.startsWith('accommodation') || category.startsWith('safety')
      ? 'on-referral'
      : 'public';

export interface GenerateOptions {
  count: number;
  seed?: number;
  countries?: readonly DirectoryCountry[];
  /** Organisation ids to spread the services over; made up per country when absent. */
  organizations?: readonly string[];
  /** "Now" for capacity figures (ISO 8601). */
  now?: string;
}

/** `count` valid service documents; the first ones cover every category in every country. */
export function generateServices(options: GenerateOptions): Service[] {
  const r = random(options.seed ?? 18);
  const countries = options.countries ?? (Object.keys(DIRECTORY_COUNTRIES) as DirectoryCountry[]);
  const now = options.now ?? '2026-12-01T08:00:00Z';
  const services: Service[] = [];
  for (let i = 0; i < options.count; i++) {
    const country = countries[i % countries.length]!;
    const category = SERVICE_CATEGORIES[Math.floor(i / countries.length) % SERVICE_CATEGORIES.length]!;
    const place = DIRECTORY_COUNTRIES[country];
    const top = category.split('.')[0]!;
    const organization = options.organizations ? options.organizations[i % options.organizations.length]! : `${country}/NGO/ORG${String(1 + (i % 97)).padStart(3, '0')}`;
    const location = locationOf(category);
    const shelter = top === 'accommodation';
    const forChildren = r.chance(0.3);
    const sexes = shelter && r.chance(0.6) ? [r.chance(0.8) ? 'female' : 'male'] : undefined;
    const wholeCountry = r.chance(0.3);
    const service: Service = {
      kind: 'service',
      specVersion: '1.0.0',
      id: `${organization}/s${i}`,
      name: `${NAMES[top]} ${place.localities[i % place.localities.length]} ${i}`,
      description: `A fictional ${category} service for people who may have been trafficked.`,
      organization,
      status: r.chance(0.9) ? 'active' : r.pick(['inactive', 'temporarily-closed'] as const),
      categories: [category, ...(r.chance(0.3) ? [r.pick(SERVICE_CATEGORIES)] : [])].filter((c, k, all) => all.indexOf(c) === k && (c !== 'accommodation.secret-location' || location === 'never')) as Service['categories'],
      eligibility: {
        conditionalOnCooperation: r.chance(0.05),
        ...(sexes ? { sexes: sexes as Service['eligibility']['sexes'] } : {}),
        ...(forChildren ? { minorsAccepted: true, minimumAge: r.pick([0, 6, 12]) } : { minimumAge: 18 }),
        dependantsAccepted: shelter ? r.chance(0.5) : r.chance(0.2),
        lgbtiqAffirming: r.chance(0.3),
        disabilityAccessible: r.chance(0.4),
        foreignersAccepted: r.chance(0.8),
        nationalsAccepted: true,
        requiresFormalIdentification: r.chance(0.15),
      },
      languages: r.some(place.languages, 3) as string[],
      interpretation: r.chance(0.5) ? { available: true, ...(r.chance(0.5) ? { languages: r.some(['ro', 'ru', 'uk', 'ar', 'vi', 'zh', 'bg', 'hu'], 3) } : {}) } : { available: false },
      serviceAreas: [wholeCountry ? { country } : { country, regions: r.some(place.regions, 2) as string[] }],
      ...(r.chance(0.4) ? { acceptsReferralsFrom: { ...(r.chance(0.5) ? { memberClasses: ['GOV'] } : {}), ...(r.chance(0.3) ? { countries: [country] } : {}), selfReferral: r.chance(0.5) } as Service['acceptsReferralsFrom'] } : {}),
      howToRefer: { purposes: ['assistance', 'referral'], applicationProcess: 'Send a referral through the exchange; the service answers with a decision.', responseTime: r.pick(['PT4H', 'P1D', 'P3D']) },
      ...(shelter ? { capacity: { placesTotal: 12, placesFree: Math.floor(r.next() * 4), updatedAt: r.chance(0.9) ? now : '2026-10-01T08:00:00Z' } } : {}),
      locationDisclosure: location,
      ...(location === 'public' ? { address: { line: `Street ${i}`, locality: place.localities[i % place.localities.length]!, region: place.regions[i % place.regions.length]!, country } } : {}),
      hours: shelter || r.chance(0.2) ? { alwaysOpen: true, timeZone: place.timeZone } : { timeZone: place.timeZone, openings: [{ days: ['MO', 'TU', 'WE', 'TH', 'FR'], opensAt: '09:00', closesAt: '17:00' }] },
      cost: { free: r.chance(0.85) },
      lastModified: now,
    };
    services.push(service);
  }
  return services;
}

/** The demo members' own services, as the demo gateway publishes them. */
export function demoServices(): Service[] {
  const base = { kind: 'service', specVersion: '1.0.0', status: 'active' } as const;
  return [
    {
      ...base,
      id: 'RS/NGO/ATINA/shelter',
      name: 'Safe House shelter (demo)',
      description: 'Accommodation at a secret location for women and girls, with their children, and case management.',
      organization: 'RS/NGO/ATINA',
      categories: ['accommodation.secret-location', 'psychological.counselling'],
      eligibility: { conditionalOnCooperation: false, sexes: ['female'], minorsAccepted: true, dependantsAccepted: true, foreignersAccepted: true, nationalsAccepted: true, requiresFormalIdentification: false, lgbtiqAffirming: true },
      languages: ['sr', 'en'],
      interpretation: { available: true },
      serviceAreas: [{ country: 'RS' }],
      acceptsReferralsFrom: { countries: ['RS', 'AT', 'MD'], selfReferral: false },
      howToRefer: { purposes: ['assistance'], applicationProcess: 'Refer through the exchange; the shelter calls back within four hours and arranges a meeting point.', responseTime: 'PT4H' },
      capacity: { placesTotal: 10, placesFree: 2, updatedAt: '2026-12-01T08:00:00Z' },
      locationDisclosure: 'never',
      hours: { alwaysOpen: true, timeZone: 'Europe/Belgrade' },
      cost: { free: true },
    },
    {
      ...base,
      id: 'RS/NGO/ATINA/reintegration',
      name: 'Reintegration programme (demo)',
      description: 'Long-term support after exploitation: vocational training, employment and economic support.',
      organization: 'RS/NGO/ATINA',
      categories: ['return-reintegration.reintegration-support', 'education-training.vocational-training', 'employment'],
      eligibility: { conditionalOnCooperation: false, minimumAge: 16, foreignersAccepted: true, nationalsAccepted: true, disabilityAccessible: true },
      languages: ['sr'],
      serviceAreas: [{ country: 'RS', regions: ['Beograd', 'Vojvodina'] }],
      locationDisclosure: 'public',
      address: { line: 'Demo street 1', locality: 'Beograd', region: 'Beograd', country: 'RS' },
      hours: { timeZone: 'Europe/Belgrade', openings: [{ days: ['MO', 'TU', 'WE', 'TH', 'FR'], opensAt: '09:00', closesAt: '17:00' }] },
      cost: { free: true },
    },
    {
      ...base,
      id: 'RS/NGO/ASTRA/sos-line',
      name: 'SOS line (demo)',
      description: 'A helpline for anyone who suspects trafficking, in Serbian and English, with referral onwards.',
      organization: 'RS/NGO/ASTRA',
      categories: ['emotional-support', 'safety.risk-assessment'],
      eligibility: { conditionalOnCooperation: false, minorsAccepted: true, foreignersAccepted: true, nationalsAccepted: true },
      languages: ['sr', 'en'],
      serviceAreas: [{ country: 'RS' }],
      acceptsReferralsFrom: { selfReferral: true },
      locationDisclosure: 'on-referral',
      hours: { alwaysOpen: true, timeZone: 'Europe/Belgrade' },
      contact: { phone: '+381 11 000 0000' },
      cost: { free: true },
    },
  ];
}
