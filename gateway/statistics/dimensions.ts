/**
 * The published statistics vocabulary: what can be counted (measures) and by what (dimensions).
 * docs/statistics.md lists the same, and a test keeps the two in step. A dimension is either a
 * column of the facts table (migration 009) or a property of the sending member from the trust
 * list, looked up after the database has grouped by sender.
 */

export interface MeasureInfo {
  readonly description: string;
}

export const MEASURES = {
  referrals: { description: 'Referrals, by the status each has now (outcome).' },
  identifications: { description: 'Identifications carried by referrals, by identification status (outcome).' },
  needs: { description: 'Assessed needs, by service category (needCategory) and need status (outcome).' },
  offers: { description: 'Assistance offers, by service category (needCategory), her decision (outcome) and the first reason she gave when declining (declineReason).' },
  declineReasons: { description: 'Reasons given for declining assistance, one count per reason per offer (declineReason), by the offer\'s decision (outcome).' },
  statusUpdates: { description: 'Referral status changes, by the new status (outcome) and the first decline reason (declineReason).' },
  consents: { description: 'Consent records, by decision (outcome: permit, deny, or withdrawn), month recorded and recording member.' },
} as const satisfies Record<string, MeasureInfo>;

export type Measure = keyof typeof MEASURES;

/** Where a dimension's value comes from: a SQL expression over `stat_facts`, or the sending member. */
export type DimensionSource = { readonly sql: string } | { readonly member: 'memberClass' | 'agencyType' | 'country' };

export interface DimensionInfo {
  readonly source: DimensionSource;
  readonly description: string;
}

export const DIMENSIONS = {
  year: { source: { sql: 'substr(month, 1, 4)' }, description: 'The year (of the referral, the status change or the consent record).' },
  month: { source: { sql: 'month' }, description: 'The month, YYYY-MM.' },
  senderClass: { source: { member: 'memberClass' }, description: 'The sending (or recording) member\'s class: GOV, NGO, IO, COM, EDU.' },
  senderAgencyType: { source: { member: 'agencyType' }, description: 'The sending member\'s agency type (codelist agency-type).' },
  country: { source: { member: 'country' }, description: 'The sending member\'s country (ISO 3166-1 alpha-2).' },
  sex: { source: { sql: 'sex' }, description: 'Her sex (codelist sex).' },
  ageBand: { source: { sql: 'age_band' }, description: 'Her age when referred: 0-11, 12-17, 18-24, 25-34, 35-44, 45-59, 60+.' },
  exploitationForm: { source: { sql: 'form' }, description: 'The first form of exploitation of her first recorded episode (codelist exploitation-form).' },
  sector: { source: { sql: 'sector' }, description: 'The first economic sector of her first recorded episode (codelist economic-sector).' },
  needCategory: { source: { sql: 'need_category' }, description: 'The service category of a need or an offer (codelist service-category).' },
  outcome: { source: { sql: 'outcome' }, description: 'The measure\'s outcome: referral status, identification status, need status, offer decision or consent decision.' },
  declineReason: { source: { sql: 'decline_reason' }, description: 'An assistance decline reason (codelist assistance-decline-reason) or a referral decline reason.' },
} as const satisfies Record<string, DimensionInfo>;

export type Dimension = keyof typeof DIMENSIONS;

/** A value a fact does not carry. */
export const UNKNOWN = 'unknown';

export const isMeasure = (name: string): name is Measure => Object.hasOwn(MEASURES, name);
export const isDimension = (name: string): name is Dimension => Object.hasOwn(DIMENSIONS, name);
