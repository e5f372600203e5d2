import type { FieldModel } from './field-groups.ts';
import { anyActorMatches, dayAfter, periodBoundaries, periodCovers } from './match.ts';
import { grants, scopeOf, touches, type FieldView, type Scope } from './scope.ts';
import type { GrantedPermit } from './minors.ts';
import type { ConsentProvision, ConsentRecord, PolicyActor } from './types.ts';

/** Why a record does not count at a given instant. */
export type Inactive = 'withdrawn' | 'expired' | 'superseded' | 'not-yet' | 'error';

/** A provision that applies to this recipient, purpose and instant, with its exceptions. */
interface LiveProvision {
  type: 'permit' | 'deny';
  path: string;
  scope: Scope;
  /** True when an actor entry names this recipient member itself. */
  namesRecipient: boolean;
  exceptions: LiveProvision[];
}

interface LiveRecord {
  record: ConsentRecord;
  inactive?: Inactive;
  /** A provisional record covers only what its provisions say: its base decision counts for nothing. */
  basePermit: boolean;
  provisions: LiveProvision[];
}

export interface ConsentOutcome {
  permit?: { id: string; provision: string; namesRecipient: boolean };
  /** Every record in force that permits the field, with its grantor and the child's view: gathered only when asked (a minor's requirements). */
  permits?: GrantedPermit[];
  deny?: { id: string; provision: string };
  /** When nothing in force permits: why records that would have permitted no longer count. */
  lapsed?: Inactive;
}

/** Decides whether a record counts at `at`, following withdrawal, supersession, period and provisional rules. */
export function inactiveReason(record: ConsentRecord, all: readonly ConsentRecord[], at: number): Inactive | undefined {
  if (record.state === 'entered-in-error') return 'error';
  if (Date.parse(record.given) > at) return 'not-yet';
  if (record.withdrawal && Date.parse(record.withdrawal.at) <= at) return 'withdrawn';
  if (record.state === 'withdrawn' && !record.withdrawal) return 'withdrawn';
  const successor = all.find((r) => r.supersedes === record.id && r.state !== 'entered-in-error');
  if (successor ? Date.parse(successor.given) <= at : record.state === 'superseded') return 'superseded';
  if (record.state === 'expired') return 'expired';
  if (record.period && !periodCovers(record.period, at)) return Date.parse(record.period.start) > at ? 'not-yet' : 'expired';
  if (record.provisional && at >= dayAfter(record.provisional.confirmBy)) return 'expired';
  return undefined;
}

/** Instants at which any record starts or stops counting, for bounding a cached decision. */
export function consentBoundaries(records: readonly ConsentRecord[], out: number[]): void {
  const visit = (p: ConsentProvision) => {
    periodBoundaries(p.period, out);
    p.provisions?.forEach(visit);
  };
  for (const r of records) {
    out.push(Date.parse(r.given));
    if (r.withdrawal) out.push(Date.parse(r.withdrawal.at));
    periodBoundaries(r.period, out);
    if (r.provisional) out.push(dayAfter(r.provisional.confirmBy));
    r.provisions?.forEach(visit);
  }
}

function live(p: ConsentProvision, path: string, recipient: PolicyActor, purpose: string, at: number): LiveProvision | undefined {
  if (!anyActorMatches(p.actors, recipient)) return undefined;
  if (p.purposes && !p.purposes.some((code) => code === purpose)) return undefined;
  if (!periodCovers(p.period, at)) return undefined;
  const exceptions: LiveProvision[] = [];
  p.provisions?.forEach((child, i) => {
    const l = live(child, `${path}/provisions/${i}`, recipient, purpose, at);
    if (l) exceptions.push(l);
  });
  return { type: p.type, path, scope: scopeOf(p), namesRecipient: p.actors?.some((a) => a.member === recipient.id) ?? false, exceptions };
}

/**
 * The subject's consent records narrowed once to what concerns this recipient, purpose and
 * instant; `evaluate` then answers per field.
 */
export class ConsentSet {
  private readonly records: LiveRecord[];
  private readonly model: FieldModel;

  constructor(records: readonly ConsentRecord[], recipient: PolicyActor, purpose: string, at: number, model: FieldModel) {
    this.model = model;
    this.records = records.map((record) => {
      const provisions: LiveProvision[] = [];
      record.provisions?.forEach((p, i) => {
        const l = live(p, `/provisions/${i}`, recipient, purpose, at);
        if (l) provisions.push(l);
      });
      const inactive = inactiveReason(record, records, at);
      return { record, basePermit: record.decision === 'permit' && !record.provisional, provisions, ...(inactive ? { inactive } : {}) };
    });
  }

  /** The deepest applying provision, FHIR style: exceptions override their parent; among siblings a deny wins. */
  private resolve(list: readonly LiveProvision[], field: FieldView): LiveProvision | undefined {
    let permit: LiveProvision | undefined;
    for (const p of list) {
      const applies = p.type === 'deny' ? touches(p.scope, field) : grants(p.scope, field, this.model);
      // An exception narrows its parent, so it is looked for only inside a parent that names the field.
      if (!applies && !touches(p.scope, field)) continue;
      const inner = this.resolve(p.exceptions, field);
      const outcome = inner ?? (applies ? p : undefined);
      if (outcome?.type === 'deny') return outcome;
      if (outcome && !permit) permit = outcome;
    }
    return permit;
  }

  private recordOutcome(r: LiveRecord, field: FieldView): { type: 'permit' | 'deny'; path: string; namesRecipient: boolean } | undefined {
    const p = this.resolve(r.provisions, field);
    if (p) return { type: p.type, path: p.path, namesRecipient: p.namesRecipient };
    return r.basePermit ? { type: 'permit', path: '/decision', namesRecipient: false } : undefined;
  }

  evaluate(field: FieldView, withPermits = false): ConsentOutcome {
    const outcome: ConsentOutcome = withPermits ? { permits: [] } : {};
    for (const r of this.records) {
      const o = this.recordOutcome(r, field);
      if (!o) continue;
      if (r.inactive) {
        if (o.type === 'permit' && (r.inactive === 'withdrawn' || r.inactive === 'expired' || r.inactive === 'superseded')) outcome.lapsed ??= r.inactive;
        continue;
      }
      if (o.type === 'deny') {
        outcome.deny ??= { id: r.record.id, provision: o.path };
      } else {
        const { record } = r;
        outcome.permits?.push({ id: record.id, provision: o.path, namesRecipient: o.namesRecipient, grantor: record.grantor?.type, childView: record.childView?.view });
        if (!outcome.permit || (o.namesRecipient && !outcome.permit.namesRecipient)) outcome.permit = { id: record.id, provision: o.path, namesRecipient: o.namesRecipient };
      }
    }
    return outcome;
  }
}
