/**
 * Generated case data for the statistics tests and benchmark: referrals with her sex, date of
 * birth, episodes, identifications, needs and offers (with declines and reasons), drawn from a
 * seeded generator so that every run sees the same data. Skewed on purpose: a few categories are
 * common and many are rare, as in real referral data, so that tables have small cells to suppress.
 */
import type { Queryable } from '../../../gateway/store/db.ts';

/** A small seeded generator (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks from `values` with a skew: the first ones often, the last ones rarely. */
const skewed = <T,>(random: () => number, values: readonly T[]) => values[Math.floor(random() ** 3 * values.length)]!;

const SEX = ['female', 'male', 'unknown', 'other'];
const FORMS = ['sexual-exploitation', 'forced-labour', 'domestic-servitude', 'forced-begging', 'forced-criminality', 'forced-marriage', 'illegal-adoption', 'organ-removal'];
const SECTORS = ['agriculture', 'construction', 'hospitality', 'domestic-work', 'manufacturing'];
const NEEDS = ['accommodation.shelter', 'medical.general', 'legal.counselling', 'psychosocial.counselling', 'financial.cash'];
const DECISIONS = ['accepted', 'declined', 'offered', 'postponed'];
const DECLINE_REASONS = ['wants-to-go-home', 'distrust', 'family-obligations', 'conditions-too-strict'];
const STATUSES = ['sent', 'accepted', 'completed', 'declined-by-person', 'in-progress'];
const IDENTIFICATION = ['identified', 'presumed', 'potential'];
const NEED_STATUS = ['open', 'met', 'partly-met', 'unmet', 'no-longer-relevant'];

export interface CaseOptions {
  seed: number;
  subjects: number;
  /** The members that send referrals (from the trust list). */
  senders: readonly string[];
  recipient: string;
}

export function caseDocuments(options: CaseOptions): Record<string, unknown>[] {
  const random = seeded(options.seed);
  const docs: Record<string, unknown>[] = [];
  for (let i = 0; i < options.subjects; i++) {
    const subject = `gen-${options.seed}-${i}`;
    const year = 2022 + Math.floor(random() * 3);
    const month = 1 + Math.floor(random() * 12);
    const age = Math.floor(random() ** 1.5 * 60) + 8;
    const sender = skewed(random, options.senders);
    const declined = random() < 0.3;
    docs.push({
      kind: 'referral',
      specVersion: '1.0.0',
      id: crypto.randomUUID(),
      sender,
      recipient: options.recipient,
      purpose: 'assistance',
      created: `${year}-${String(month).padStart(2, '0')}-15T10:00:00Z`,
      subject,
      sections: {
        person: { subject, sex: skewed(random, SEX), dateOfBirth: `${year - age}-01-01` },
        traffickingEpisodes: [{ id: crypto.randomUUID(), forms: [skewed(random, FORMS)], sectors: [skewed(random, SECTORS)] }],
        identifications: [{ id: crypto.randomUUID(), status: skewed(random, IDENTIFICATION), stage: 'formal', issuer: sender, issuerType: 'police' }],
        needs: [{ id: crypto.randomUUID(), category: skewed(random, NEEDS), beneficiary: 'self', status: skewed(random, NEED_STATUS) }],
        assistanceOffers: [{
          id: crypto.randomUUID(), serviceCategory: skewed(random, NEEDS), stage: 'offered',
          decision: declined ? 'declined' : skewed(random, DECISIONS),
          ...(declined ? { declineReasons: [skewed(random, DECLINE_REASONS)] } : {}),
        }],
      },
      status: skewed(random, STATUSES),
    });
  }
  return docs;
}

/**
 * Stores generated referrals in one statement per thousand; their facts come from the store's own
 * trigger, or, with `bulk`, from the function the trigger calls, run once over all of them (the
 * trigger paused meanwhile: only for a store nothing else writes to).
 */
export async function storeCases(db: Queryable, docs: readonly Record<string, unknown>[], options: { bulk?: boolean } = {}): Promise<void> {
  if (options.bulk) await db.query('ALTER TABLE referrals DISABLE TRIGGER referrals_stat_facts');
  for (let at = 0; at < docs.length; at += 1000) {
    await db.query(
      `INSERT INTO referrals (id, sender, recipient, purpose, subject, status, created, updated, document)
       SELECT (d->>'id')::uuid, d->>'sender', d->>'recipient', d->>'purpose', d->>'subject', d->>'status', (d->>'created')::timestamptz, (d->>'created')::timestamptz, d - 'status'
       FROM jsonb_array_elements($1::jsonb) AS d`,
      [JSON.stringify(docs.slice(at, at + 1000))],
    );
  }
  if (!options.bulk) return;
  await db.query('INSERT INTO stat_facts SELECT f.* FROM referrals r, LATERAL stat_referral_facts_of(r.id, r.sender, r.status, r.created, r.document) AS f');
  await db.query('ALTER TABLE referrals ENABLE TRIGGER referrals_stat_facts');
}
