/**
 * The generalising transforms of spec/v1/sensitivity.json. Each returns the released form, or
 * undefined when the value cannot be generalised (it is then withheld, never passed through).
 */

function ageOn(date: string, now: Date): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let age = now.getUTCFullYear() - y;
  if (now.getUTCMonth() + 1 < mo || (now.getUTCMonth() + 1 === mo && now.getUTCDate() < d)) age -= 1;
  return age >= 0 ? age : undefined;
}

/** Five-year bands, with 15-19 split at 18 so that the minor flag can be derived from the band. */
export function ageBand(age: number): string {
  if (age >= 65) return '65+';
  if (age >= 15 && age < 20) return age < 18 ? '15-17' : '18-19';
  const low = age - (age % 5);
  return `${low}-${low + 4}`;
}

type Transform = (value: unknown, now: Date) => unknown;

const TRANSFORMS: Record<string, Transform> = {
  'age-band': (v, now) => {
    const age = typeof v === 'string' ? ageOn(v, now) : undefined;
    return age === undefined ? undefined : ageBand(age);
  },
  'minor-flag': (v, now) => {
    const age = typeof v === 'string' ? ageOn(v, now) : undefined;
    return age === undefined ? undefined : age < 18;
  },
  'year-only': (v) => (typeof v === 'string' && /^\d{4}/.test(v) ? v.slice(0, 4) : undefined),
  region: (v) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    const { region, country } = v as { region?: unknown; country?: unknown };
    if (typeof country !== 'string') return undefined;
    return typeof region === 'string' ? { region, country } : { country };
  },
  // An address keeps its form with only its country, so the country is served where the spec has it.
  'country-only': (v) => {
    if (typeof v === 'string' && /^[A-Z]{2}$/.test(v)) return v;
    const country = v !== null && typeof v === 'object' ? (v as { country?: unknown }).country : undefined;
    return typeof country === 'string' ? { country } : undefined;
  },
  'vulnerable-person': (v) => (v === undefined || v === null ? undefined : 'vulnerable-person'),
  'presence-only': (v) => !(v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && Object.keys(v).length === 0)),
};

export function applyTransform(code: string, value: unknown, now: Date): unknown {
  const transform = TRANSFORMS[code];
  return transform ? transform(value, now) : undefined;
}

export const TRANSFORM_CODES = Object.keys(TRANSFORMS);
