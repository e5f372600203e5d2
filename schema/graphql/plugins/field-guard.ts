/**
 * Field-level enforcement for the GraphQL API: every spec-data field passes one guard, made once per
 * GraphQL field through the spec-data plugin. A record's root field (a referral's document, its
 * subject, a connector case's sections) serves the caller's view of the record (gateway/policy/
 * views.ts); every field below it serves only from such a view, so nested objects, lists,
 * fragments, aliases and connections all read the same filtered tree. A value that did not come
 * from a view is never served. As fields resolve, their decisions go to the request's disclosure
 * records (gateway/audit/disclosure-records.ts) and withheld paths to its response report.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { DisclosureRecord, DisclosureRecorder, Recipient } from '../../../gateway/audit/disclosure-records.ts';
import type { Principal } from '../../../gateway/auth/types.ts';
import type { FieldDecision } from '../../../gateway/policy/types.ts';
import type { ConnectorRecord, RecordView, ViewBuilder } from '../../../gateway/policy/views.ts';
import { consentMemo, noteTransformed, noteWithheld, type RequestContext, type WithheldReason } from '../../../gateway/request/context.ts';
import type { StoredConsent, StoredReferral, StoredStatusUpdate } from '../../../gateway/store/types.ts';
import { documentDisclosures } from '../../../gateway/audit/document-disclosures.ts';
import { CONSENT_PRIVATE_POINTERS } from '../../../gateway/policy/consent-view.ts';
import { createDocumentViews, type DocumentViews } from '../../../gateway/policy/document-views.ts';
import type { SpecFieldGuard, SpecFieldInfo } from './spec-data.ts';
import { pointerToken } from '../../../lib/json-pointer.ts';

/** Coordinates that are not part of any record's document, each with why it may be served as it is. */
export const ROOT_RULES: Readonly<Record<string, string>> = {
  'ReferralRecord.document': "Filtered through the engine for the caller (the sender reads its original).",
  'ReferralRecord.subject': "Her reference: the stored one for the sender, a per-recipient pseudonym for others unless her consent allows linking.",
  'ReferralRecord.sender': 'Routing envelope, served only to the two parties of the referral (who know both ends).',
  'ReferralRecord.recipient': 'Routing envelope, served only to the two parties of the referral (who know both ends).',
  'ReferralRecord.purpose': 'Routing envelope, served only to the two parties of the referral.',
  'StatusUpdateRecord.document': "Workflow messages between the two parties of a referral: the author reads its own; the other party reads what gateway/policy/document-views.ts decided (the parts that are her assistance data cross the assistance–police firewall only as the referral's assistance decisions do).",
  'ConsentEntry.document': "Served whole to the member that recorded it; a recipient whose referral cites it gets the projection of gateway/policy/consent-view.ts (a permission for itself, its period, whether provisional), her reference pseudonymised.",
  'ConsentEntry.subject': 'Her reference: the stored one for the recorder, a per-recipient pseudonym for others.',
  'AgencyRecord.sections': "A case from an agency's own system (a connector): filtered through the engine for the caller with the agency as controller (the agency reads its own).",
  'Query.members': 'The federation directory from the signed trust list: organisations, not persons.',
  'Query.member': 'The federation directory from the signed trust list: organisations, not persons.',
  'ServiceResult.service': 'The service directory: public-tier entries about organisations\' services, never about persons.',
  'Query.service': 'The service directory: public-tier entries about organisations\' services, never about persons.',
};

/** Where an object of a served tree stands: its catalogue pattern and, inside a recipient's view, that view. */
interface Place {
  pattern: string;
  /** The recipient's view the object belongs to (absent for what is served as it is stored). */
  view?: RecordView;
  /** True when each field served from the view is recorded as it resolves (a referral); a connector case is recorded whole. */
  perField?: boolean;
  concrete?: string;
  /**
   * The records of the fields served from this object, by property (withheld ones by action and
   * property): the object belongs to one view (one record, one decision set), so each field's
   * record is the same every time it is served, and is shared (records are never changed).
   * NOT_RECORDED marks a property that has none of its own (an object, or inside a transformed one).
   */
  records?: Map<string, DisclosureRecord | typeof NOT_RECORDED>;
}

const NOT_RECORDED = Symbol('not recorded');


export function responsePath(info: GraphQLResolveInfo): (string | number)[] {
  const out: (string | number)[] = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev) out.push(p.key);
  return out.reverse();
}

const segmentsOf = (pointer: string, skip: number) => pointer.split('/').slice(skip).map((s) => (/^\d+$/.test(s) ? Number(s) : s));

export interface FieldGuardOptions {
  views: ViewBuilder;
  recorder: DisclosureRecorder;
  /** Consent records and status updates as a recipient sees them; made from `views` when absent (then no status update of another party is served). */
  documents?: DocumentViews;
}

/** The guard of each spec-data field (give `guardField` to the builder as `specData.guardSpecField`). */
export function createFieldGuard(options: FieldGuardOptions): { guardField(field: SpecFieldInfo): SpecFieldGuard } {
  const { views, recorder } = options;
  const documents = options.documents ?? createDocumentViews(views);
  const documentRecords = documentDisclosures();
  /** Every object of a served tree, with its place: the registry of what may be served. Keyed by served objects, never by request. */
  const places = new WeakMap<object, Place>();

  const register = (value: unknown, place: Place) => {
    if (value === null || typeof value !== 'object' || places.has(value)) return;
    places.set(value, place);
    if (Array.isArray(value)) {
      const item: Place = { ...place, pattern: `${place.pattern}/*` };
      // A served list may have lost items: each kept item is recorded at its place in the stored record.
      const origin = place.view?.positions.get(value);
      for (let i = 0; i < value.length; i++) register(value[i], place.concrete === undefined ? item : { ...item, concrete: `${place.concrete}/${origin?.[i] ?? i}` });
      return;
    }
    for (const [name, child] of Object.entries(value)) {
      if (child !== null && typeof child === 'object') {
        const key = pointerToken(name);
        register(child, { ...place, pattern: `${place.pattern}/${key}`, ...(place.concrete !== undefined ? { concrete: `${place.concrete}/${key}` } : {}) });
      }
    }
  };
  /** A view's tree, registered once (its objects are remembered with it). */
  const served = (view: RecordView, perField: boolean): RecordView => {
    if (!places.has(view.document)) register(view.document, view.own ? { pattern: '' } : { pattern: '', view, concrete: '', perField });
    return view;
  };
  const recipientOf = (principal: Principal): Recipient => ({ member: principal.member.id, purpose: principal.purpose });

  /** A value the response serves whole: a scalar, a list of scalars, or a transformed value. Objects are recorded field by field below them. */
  const isLeaf = (value: unknown, place: Place, property: string): boolean => {
    if (value === null || typeof value !== 'object') return true;
    if (Array.isArray(value)) return value.every((v) => v === null || typeof v !== 'object');
    return place.view!.transforms.has(`${place.concrete}/${property}`);
  };

  /** Records into `out` the decision behind one field the response resolved from a recipient's view. */
  const recordServed = (out: DisclosureRecord[], principal: Principal, place: Place, property: string, decision: FieldDecision | undefined, action: DisclosureRecord['action']) => {
    const key = action === 'withhold' ? `${action}\u0000${property}` : property;
    const known = place.records?.get(key);
    if (known === NOT_RECORDED) return;
    if (known && known.recipient === principal.member.id && known.purpose === principal.purpose) return void out.push(known);
    const record = recorder.fieldRecord(place.view!, recipientOf(principal), `${place.concrete}/${property}`, `${place.pattern}/${property}`, action, decision);
    (place.records ??= new Map()).set(key, record ?? NOT_RECORDED);
    if (record) out.push(record);
  };

  const refuse = (request: RequestContext, info: GraphQLResolveInfo, reason: WithheldReason) => {
    noteWithheld(request, responsePath(info), reason);
    return null;
  };
  const registered: SpecFieldGuard<RequestContext> = (value) => (register(value, { pattern: '' }), value);
  const directory: SpecFieldGuard<RequestContext> = (value) => {
    if (Array.isArray(value)) for (const m of value) register(m, { pattern: '' });
    else register(value, { pattern: '' });
    return value;
  };
  /** Transformed values served beside the data, at their place in the response. */
  const besides = (request: RequestContext, view: RecordView, info: GraphQLResolveInfo, skip: number) => {
    const at = responsePath(info);
    for (const t of view.unfit.values()) noteTransformed(request, { path: [...at, ...segmentsOf(t.served, skip)], transform: t.transform, value: t.value });
  };

  const guards: Record<string, SpecFieldGuard<RequestContext>> = {
    'ReferralRecord.document': (_value, parent, request, info) => {
      const principal = request.principal;
      if (!principal) return refuse(request, info, 'NOT_GUARDED');
      const record = views.referral(parent as StoredReferral);
      // The sender's own referral is answered at once: no decision to wait for, none to record.
      if (record.controller === principal.member.id) return served(views.ownView(record), true).document;
      return views.view(principal, record, consentMemo(request)).then((view) => {
        served(view, true);
        // What was kept back from the record is recorded whether or not the query asked for it.
        if (request.disclosures) for (const d of recorder.withheldRecords(view, recipientOf(principal))) request.disclosures.push(d);
        if (view.unfit.size) {
          if (request.disclosures) for (const d of recorder.unfitRecords(view, recipientOf(principal))) request.disclosures.push(d);
          besides(request, view, info, 1);
        }
        return view.document;
      });
    },
    'ReferralRecord.subject': (_value, parent, request, info) => {
      const principal = request.principal;
      if (!principal) return refuse(request, info, 'NOT_GUARDED');
      const record = views.referral(parent as StoredReferral);
      if (record.controller === principal.member.id) return record.subject;
      return views.view(principal, record, consentMemo(request)).then((view) => served(view, true).subject);
    },
    'AgencyRecord.sections': (_value, parent, request, info) => {
      const principal = request.principal;
      if (!principal) return refuse(request, info, 'NOT_GUARDED');
      return views.view(principal, views.connectorRecord(parent as ConnectorRecord), consentMemo(request)).then((view) => {
        served(view, false);
        if (!view.own) {
          const { records } = recorder.wholeRecords(view, recipientOf(principal));
          if (records.length) request.disclosures?.push(...records);
          // Pointers are into the referral-shaped wrapper; the field itself is its /sections.
          if (view.unfit.size) besides(request, view, info, 2);
        }
        return (view.document.sections as Record<string, unknown> | undefined) ?? null;
      });
    },
    'ReferralRecord.sender': (value) => value,
    'ReferralRecord.recipient': (value) => value,
    'ReferralRecord.purpose': (value) => value,
    'StatusUpdateRecord.document': (value, parent, request, info) => {
      const principal = request.principal;
      const update = parent as StoredStatusUpdate;
      if (!principal) return refuse(request, info, 'NOT_GUARDED');
      if (update.author === principal.member.id) return registered(value, parent, request, info);
      const view = documents.statusUpdate(principal, update);
      if (!view) return refuse(request, info, 'NOT_GUARDED');
      if (view.crossing && view.decision?.action !== 'release') {
        // Her assistance members are named, present or not, so that what is noted tells nothing of what she decided.
        for (const name of documents.statusMembers) noteWithheld(request, [...responsePath(info), name], view.decision?.reason ?? 'FIREWALL', view.decision?.release);
      }
      if (request.disclosures) request.disclosures.push(...documentRecords.status(view, recipientOf(principal)));
      return registered(view.document, parent, request, info);
    },
    'ConsentEntry.subject': (value, parent, request) => {
      const principal = request.principal;
      const c = parent as StoredConsent;
      return principal && c.recordedBy === principal.member.id ? value : principal ? views.pseudonym(String(value), principal.member.id) : null;
    },
    'ConsentEntry.document': (value, parent, request, info) => {
      const principal = request.principal;
      const c = parent as StoredConsent;
      if (!principal) return null;
      if (c.recordedBy === principal.member.id) return (register(value, { pattern: '' }), value);
      const view = documents.consent(principal, c);
      // The parts kept back are named by a fixed list, present or not: their presence is hers too.
      for (const pointer of CONSENT_PRIVATE_POINTERS) noteWithheld(request, [...responsePath(info), pointer.slice(1)], 'CONSENT_RECORD_PRIVATE', { never: true });
      if (request.disclosures) request.disclosures.push(...documentRecords.consent(view, recipientOf(principal)));
      register(view.document, { pattern: '' });
      return view.document;
    },
    'Query.members': directory,
    'Query.member': directory,
    'ServiceResult.service': directory,
    'Query.service': directory,
  };

  return {
    guardField(field) {
      const root = guards[field.coordinate];
      if (root) return root as SpecFieldGuard;
      // The spec's property name, not the GraphQL name, keys the catalogue; escaped once, here.
      const property = pointerToken(field.property);
      const guard: SpecFieldGuard<RequestContext> = (value, parent, request, info) => {
        const place = parent !== null && typeof parent === 'object' ? places.get(parent) : undefined;
        if (place === undefined) return value === undefined || value === null ? value : refuse(request, info, 'NOT_GUARDED');
        const view = place.view;
        if (!view) return value;
        // Where this request's decisions are recorded: only when something records them (the audit trail).
        const out = place.perField ? request.disclosures : undefined;
        const principal = request.principal;
        if (value === undefined) {
          const decision = view.decisions?.byPointer.get(`${place.pattern}/${property}`);
          if (decision?.action === 'withhold') {
            noteWithheld(request, responsePath(info), decision.reason!, decision.release);
            if (out && principal) recordServed(out, principal, place, property, decision, 'withhold');
          }
        } else if (out && principal) {
          // The object is part of one cached view: what serving this property records never changes.
          const known = place.records?.get(property);
          if (known === undefined) {
            if (isLeaf(value, place, property)) {
              const action = view.transforms.has(`${place.concrete}/${property}`) ? 'transform' : 'release';
              recordServed(out, principal, place, property, view.decisions?.byPointer.get(`${place.pattern}/${property}`), action);
            } else (place.records ??= new Map()).set(property, NOT_RECORDED);
          } else if (known !== NOT_RECORDED) {
            if (known.recipient === principal.member.id && known.purpose === principal.purpose) out.push(known);
            else recordServed(out, principal, place, property, view.decisions?.byPointer.get(`${place.pattern}/${property}`), known.action);
          }
          // A code of a served list that carries its own tier is recorded apart, under that tier's group.
          if (view.valueTiers.size && Array.isArray(value)) out.push(...recorder.tieredItemRecords(view, recipientOf(principal), `${place.concrete}/${property}`, `${place.pattern}/${property}`));
        }
        return value;
      };
      return guard as SpecFieldGuard;
    },
  };
}
