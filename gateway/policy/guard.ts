/**
 * Field-level enforcement for the GraphQL API: every spec-data field passes one guard (made once
 * per GraphQL field through the spec-data plugin). A record's root field (a referral's document,
 * its subject) builds the caller's view of the record through the engine; every field below it
 * serves only from such a view, so nested objects, lists, fragments, aliases and connections all
 * read the same filtered tree. A value that did not come from a view is never served.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { Principal, TrustedMember } from '../auth/types.ts';
import type { DisclosureRecord } from '../server/request-context.ts';
import type { StoredConsent, StoredReferral } from '../store/types.ts';
import type { SpecFieldGuard } from '../../schema/graphql/plugins/spec-data.ts';
import type { SpecFieldInfo } from '../../schema/graphql/plugins/spec-data.ts';
import { applyDecisions, type Withheld } from './apply.ts';
import type { Decisions, Policy } from './engine.ts';
import { pseudonymFor } from './pseudonym.ts';
import { REASON_TEXT } from './preview.ts';
import type { Basis, ConsentRecord, FieldDecision, PolicyActor, ReasonCode, ReleaseCondition } from './types.ts';

/** A reason the guard itself gives, beside the engine's: a value reached a field outside any view. */
export type GuardReason = ReasonCode | 'NOT_GUARDED';

export interface WithheldPath {
  path: (string | number)[];
  reason: GuardReason;
  /** What would release it (the field group, clause or consent provision needed). */
  release?: ReleaseCondition;
}

/** A transformed value whose form does not fit the field's GraphQL type: served here, the field is null. */
export interface TransformedPath {
  path: (string | number)[];
  transform: string;
  value: unknown;
}

export interface GuardOptions {
  policy: Policy;
  members: ReadonlyMap<string, TrustedMember>;
  /** This gateway's country: the controller's when a record names no known sender. */
  country: string;
  pseudonymKey: string | Uint8Array;
  /** Her consent records as the store holds them now (withdrawals included). */
  consentsFor(subject: string): Promise<readonly StoredConsent[]>;
  now?: () => Date;
}

/** What one caller may read of one referral. */
export interface ReferralView {
  document: Record<string, unknown>;
  /** Her reference as this caller sees it: the stored one for the sender, else a pseudonym unless linking is allowed. */
  subject: string;
  own: boolean;
  decisions?: Decisions;
  withheld: readonly Withheld[];
  /** Transformed values placed outside the document because their form does not fit the field (pointer -> value). */
  unfit: ReadonlyMap<string, { transform: string; value: unknown }>;
  /** One record per field decision, for the audit trail. */
  disclosures: readonly DisclosureRecord[];
}

/** A case reached through a connector: referral-shaped sections, held by `member`'s system. */
export interface ConnectorRecord {
  connector: string;
  member: string;
  subject: string;
  localCaseNumber?: string;
  sections: Record<string, unknown>;
}

/** What one caller may read of one connector record. */
export interface AgencyView {
  sections: Record<string, unknown> | undefined;
  /** False when every field was withheld: the record is not shown at all. */
  released: boolean;
  unfit: ReadonlyMap<string, { transform: string; value: unknown }>;
  disclosures: readonly DisclosureRecord[];
}

/** Per-request memo: her consents and the caller's views, and what the response reports. */
interface Scratch {
  consents: Map<string, Promise<readonly ConsentRecord[]>>;
  withheld: WithheldPath[];
  transformed: TransformedPath[];
}

/** Where an object of a served tree stands: its catalogue pattern and the decisions it was filtered by. */
interface Place {
  pattern: string;
  table?: ReadonlyMap<string, FieldDecision>;
  unfit?: ReadonlyMap<string, { transform: string; value: unknown }>;
  concrete?: string;
  /** Set inside a recipient's view of a referral: what the audit record of a field served from it names. */
  audit?: ViewAudit;
  /**
   * The records of the fields served from this object, by property (withheld ones by action and
   * property): the object belongs to one view (one record, one decision set), so each field's
   * record is the same every time it is served, and is shared (records are never changed).
   * NOT_RECORDED marks a property that has none of its own (an object, or inside a transformed one).
   */
  records?: Map<string, DisclosureRecord | typeof NOT_RECORDED>;
}

const NOT_RECORDED = Symbol('not recorded');

/** The record a served field's disclosure decision belongs to, and the transforms its view applied (pointer -> transform). */
interface ViewAudit {
  document: { kind: string; id: string };
  subject: string;
  transforms: ReadonlyMap<string, string>;
}

/** Coordinates that are not part of any record's document, each with why it may be served as it is. */
export const ROOT_RULES: Readonly<Record<string, string>> = {
  'ReferralRecord.document': "Filtered through the engine for the caller (the sender reads its original).",
  'ReferralRecord.subject': "Her reference: the stored one for the sender, a per-recipient pseudonym for others unless her consent allows linking.",
  'ReferralRecord.sender': 'Routing envelope, served only to the two parties of the referral (who know both ends).',
  'ReferralRecord.recipient': 'Routing envelope, served only to the two parties of the referral (who know both ends).',
  'ReferralRecord.purpose': 'Routing envelope, served only to the two parties of the referral.',
  'StatusUpdateRecord.document': "Workflow messages between the two parties of a referral; they carry no field of her case file.",
  'ConsentEntry.document': "Served to the member that recorded it, and to a recipient whose referral cites it, with her reference pseudonymised.",
  'ConsentEntry.subject': 'Her reference: the stored one for the recorder, a per-recipient pseudonym for others.',
  'AgencyRecord.sections': "A case from an agency's own system (a connector): filtered through the engine for the caller with the agency as controller (the agency reads its own).",
  'Query.members': 'The federation directory from the signed trust list: organisations, not persons.',
  'Query.member': 'The federation directory from the signed trust list: organisations, not persons.',
};

const SUBJECT_LINK_POINTER = '/sections/person/givenName';
const EMPTY_UNFIT: ReadonlyMap<string, { transform: string; value: unknown }> = new Map();

function escape(name: string): string {
  return name.indexOf('~') < 0 && name.indexOf('/') < 0 ? name : name.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The one basis an audit record names: her consent, else the legal basis that stood without it, else the agreement. */
export function basisText(basis: Basis | undefined): string | undefined {
  if (!basis) return undefined;
  if (basis.consent) return `consent:${basis.consent.id}#${basis.consent.provision}`;
  if (basis.legalBasis && basis.legalBasis !== 'consent') return `legal-basis:${basis.legalBasis}`;
  if (basis.agreement) return `agreement:${basis.agreement.id}@${basis.agreement.version}#${basis.agreement.clause}`;
  return undefined;
}

export function responsePath(info: GraphQLResolveInfo): (string | number)[] {
  const out: (string | number)[] = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev) out.push(p.key);
  return out.reverse();
}

/** Her consent record as the engine reads it, with the store's withdrawal applied. */
export function consentOf(stored: StoredConsent): ConsentRecord {
  const doc = stored.document as unknown as ConsentRecord;
  if (!stored.withdrawnAt || doc.withdrawal) return doc;
  return { ...doc, state: 'withdrawn', withdrawal: { at: stored.withdrawnAt, by: 'unknown' } };
}

export interface DisclosureGuard {
  guardField(field: SpecFieldInfo): SpecFieldGuard;
  /** The caller's view of a referral (memoised per record and decision set). */
  referralView(principal: Principal, referral: StoredReferral, scratchKey?: object): Promise<ReferralView>;
  /** The caller's view of a case from an agency's own system, with the connector's member as controller (memoised like referralView). */
  agencyView(principal: Principal, record: ConnectorRecord, scratchKey?: object): Promise<AgencyView>;
  /** The decisions for a recipient, purpose and role about her, with this controller. */
  decide(input: { recipient: PolicyActor; controller: PolicyActor; purpose: string; role: string; subject: string; scratchKey?: object }): Promise<Decisions>;
  /** The pseudonym-to-subject mapping this gateway handed out to `member`, when known. */
  subjectFor(member: string, shown: string): string | undefined;
  pseudonym(subject: string, member: string): string;
  /** `extensions.nrx` of a response: withheld paths with reasons, misfit transforms. */
  responseExtensions(scratchKey: object): { withheld?: WithheldPath[]; transformed?: TransformedPath[] } | undefined;
  actor(id: string): PolicyActor;
  /** Every field of the referral catalogue as a pointer without array items (`/sections/needs/category`). */
  readonly plainPointers: readonly string[];
}

export function createDisclosureGuard(options: GuardOptions): DisclosureGuard {
  const { policy, members, country, pseudonymKey } = options;
  const now = options.now ?? (() => new Date());
  const model = policy.model;
  const places = new WeakMap<object, Place>();
  const scratches = new WeakMap<object, Scratch>();
  const views = new WeakMap<StoredReferral, Map<string, ReferralView>>();
  const ownViews = new WeakMap<StoredReferral, ReferralView>();
  const versions = new WeakMap<readonly ConsentRecord[], string>();
  const pseudonyms = new Map<string, string>();
  const shownSubjects = new Map<string, string>();

  const scratchOf = (key: object | undefined): Scratch | undefined => {
    if (!key) return undefined;
    let s = scratches.get(key);
    if (!s) scratches.set(key, (s = { consents: new Map(), withheld: [], transformed: [] }));
    return s;
  };

  const actor = (id: string): PolicyActor => {
    const m = members.get(id);
    if (m) return m;
    const [c = country, memberClass = ''] = id.split('/');
    return { id, country: c, memberClass, agencyType: '' };
  };

  const pseudonym = (subject: string, member: string): string => {
    const key = `${member}\u0000${subject}`;
    let p = pseudonyms.get(key);
    if (!p) {
      p = pseudonymFor(subject, member, pseudonymKey);
      pseudonyms.set(key, p);
      shownSubjects.set(`${member}\u0000${p}`, subject);
    }
    return p;
  };

  const consents = (subject: string, scratch: Scratch | undefined): Promise<readonly ConsentRecord[]> => {
    const hit = scratch?.consents.get(subject);
    if (hit) return hit;
    const loaded = options.consentsFor(subject).then(consentRecordsOf);
    scratch?.consents.set(subject, loaded);
    return loaded;
  };

  // The same stored rows (a cached answer) give the same records, so their version and the
  // decisions cached under it are found again instead of rebuilt for every request.
  const recordsOfRows = new WeakMap<readonly StoredConsent[], readonly ConsentRecord[]>();
  const consentRecordsOf = (rows: readonly StoredConsent[]): readonly ConsentRecord[] => {
    let records = recordsOfRows.get(rows);
    if (!records) recordsOfRows.set(rows, (records = rows.map(consentOf)));
    return records;
  };

  const versionOf = (records: readonly ConsentRecord[]): string => {
    let v = versions.get(records);
    if (v === undefined) {
      v = '';
      for (const c of records) v += `${c.id}:${c.state}:${c.given}:${c.withdrawal?.at ?? ''}:${c.supersedes ?? ''};`;
      versions.set(records, v);
    }
    return v;
  };

  const decide: DisclosureGuard['decide'] = async ({ recipient, controller, purpose, role, subject, scratchKey }) => {
    const records = await consents(subject, scratchOf(scratchKey));
    return policy.decide({
      recipient, controller, purpose, role, consents: records, consentSetVersion: versionOf(records), now: now(),
      crossBorder: recipient.country !== (controller.country || country),
    });
  };

  /** Registers every object of a served tree with its place, so that fields below it may serve. */
  const register = (value: unknown, place: Place) => {
    if (value === null || typeof value !== 'object' || places.has(value)) return;
    places.set(value, place);
    if (Array.isArray(value)) {
      const item: Place = { ...place, pattern: `${place.pattern}/*` };
      for (let i = 0; i < value.length; i++) register(value[i], place.concrete === undefined ? item : { ...item, concrete: `${place.concrete}/${i}` });
      return;
    }
    for (const [name, child] of Object.entries(value)) {
      if (child !== null && typeof child === 'object') {
        const key = escape(name);
        register(child, { ...place, pattern: `${place.pattern}/${key}`, ...(place.concrete !== undefined ? { concrete: `${place.concrete}/${key}` } : {}) });
      }
    }
  };

  /** Transformed values whose form no longer fits the field: moved to the spec's generalised field, or reported beside the data. */
  const fitTransforms = (document: Record<string, unknown>, transformed: readonly { pointer: string; transform: string }[]) => {
    const unfit = new Map<string, { transform: string; value: unknown }>();
    for (const t of transformed) {
      const segments = t.pointer.split('/').slice(1);
      const name = segments.pop()!;
      let parent: any = document;
      for (const s of segments) parent = parent?.[s.replace(/~1/g, '/').replace(/~0/g, '~')];
      if (!parent || typeof parent !== 'object') continue;
      const value = parent[name];
      const pattern = t.pointer.replace(/\/\d+(?=\/|$)/g, '/*');
      const info = model.byPointer.get(pattern)?.info;
      if (!info) continue;
      const fits = (info.type === 'object' && value !== null && typeof value === 'object' && !Array.isArray(value))
        || (info.type === 'string' && typeof value === 'string' && !info.codelist)
        || (info.type === 'boolean' && typeof value === 'boolean');
      if (fits) continue;
      delete parent[name];
      // Date of birth generalised is what the spec's own age band and minor flag hold.
      if (pattern === '/sections/person/dateOfBirth' && (t.transform === 'age-band' || t.transform === 'minor-flag')) {
        const target = t.transform === 'age-band' ? 'ageBand' : 'minor';
        if (parent[target] === undefined) parent[target] = value;
        continue;
      }
      unfit.set(t.pointer, { transform: t.transform, value });
    }
    return unfit;
  };

  const disclosuresOf = (referral: { id: string; subject: string }, recipient: string, purpose: string, decisions: Decisions, document: unknown, withheld: readonly Withheld[], transformed: readonly { pointer: string; transform: string }[]): DisclosureRecord[] => {
    const out: DisclosureRecord[] = [];
    const base = { document: { kind: 'referral', id: referral.id }, subject: referral.subject, recipient, purpose };
    const transforms = new Map(transformed.map((t) => [t.pointer, t.transform]));
    const overrideOf = (basis: Basis | undefined) => basis?.legalBasis !== undefined && basis.legalBasis !== 'consent';
    const leaf = (pointer: string, pattern: string) => {
      const d = decisions.byPointer.get(pattern);
      const transform = transforms.get(pointer);
      const basis = basisText(d?.basis);
      out.push({ ...base, path: pointer, action: transform ? 'transform' : 'release', ...(transform ? { transform } : {}), ...(basis ? { basis } : {}), ...(overrideOf(d?.basis) ? { override: true } : {}) });
    };
    const walk = (value: unknown, pointer: string, pattern: string) => {
      if (transforms.has(pointer) || value === null || typeof value !== 'object') return leaf(pointer, pattern);
      if (Array.isArray(value)) {
        if (value.every((v) => v === null || typeof v !== 'object')) return leaf(pointer, pattern);
        value.forEach((v, i) => walk(v, `${pointer}/${i}`, `${pattern}/*`));
        return;
      }
      for (const [k, v] of Object.entries(value)) walk(v, `${pointer}/${escape(k)}`, `${pattern}/${escape(k)}`);
    };
    walk(document, '', '');
    for (const t of transformed) if (!transforms.has(t.pointer)) leaf(t.pointer, t.pointer.replace(/\/\d+(?=\/|$)/g, '/*'));
    for (const w of withheld) out.push({ ...base, path: w.pointer, action: 'withhold', reason: w.reason });
    return out;
  };

  /** The sender's view of her own referral: all of it, nothing to record. */
  const ownView = (referral: StoredReferral): ReferralView => {
    let own = ownViews.get(referral);
    if (!own) {
      register(referral.document, { pattern: '' });
      own = { document: referral.document, subject: referral.subject, own: true, withheld: [], unfit: EMPTY_UNFIT, disclosures: [] };
      ownViews.set(referral, own);
    }
    return own;
  };

  const referralView: DisclosureGuard['referralView'] = async (principal, referral, scratchKey) => {
    const me = principal.member.id;
    if (referral.sender === me) return ownView(referral);
    const decisions = await decide({
      recipient: principal.member, controller: actor(referral.sender), purpose: principal.purpose, role: principal.role, subject: referral.subject, ...(scratchKey ? { scratchKey } : {}),
    });
    let perRecord = views.get(referral);
    if (!perRecord) views.set(referral, (perRecord = new Map()));
    let view = perRecord.get(decisions.key);
    if (view) return view;
    const link = decisions.byPointer.get(SUBJECT_LINK_POINTER);
    const linked = link?.action === 'release' && link.basis?.consent !== undefined;
    const subject = linked ? referral.subject : pseudonym(referral.subject, me);
    const filtered = applyDecisions(referral.document, decisions, linked ? {} : { subjectPseudonym: subject });
    const document = filtered.document as Record<string, unknown>;
    const unfit = filtered.transformed.length ? fitTransforms(document, filtered.transformed) : EMPTY_UNFIT;
    const audit: ViewAudit = { document: { kind: 'referral', id: referral.id }, subject: referral.subject, transforms: new Map(filtered.transformed.map((t) => [t.pointer, t.transform])) };
    register(document, { pattern: '', table: decisions.byPointer, unfit, concrete: '', audit });
    // The fields a response serves from the view are recorded as they resolve (guardField); only
    // the transformed values served beside the document are recorded with the view itself.
    view = {
      document, subject, own: false, decisions, withheld: filtered.withheld, unfit,
      disclosures: unfit.size ? disclosuresOf(referral, me, principal.purpose, decisions, {}, [], filtered.transformed.filter((t) => unfit.has(t.pointer))) : [],
    };
    perRecord.set(decisions.key, view);
    return view;
  };

  const agencyViews = new WeakMap<ConnectorRecord, Map<string, AgencyView>>();
  const agencyView: DisclosureGuard['agencyView'] = async (principal, record, scratchKey) => {
    const me = principal.member.id;
    if (record.member === me) {
      const own = { sections: record.sections, released: true, unfit: EMPTY_UNFIT, disclosures: [] };
      register({ sections: record.sections }, { pattern: '' });
      return own;
    }
    const decisions = await decide({
      recipient: principal.member, controller: actor(record.member), purpose: principal.purpose, role: principal.role, subject: record.subject, ...(scratchKey ? { scratchKey } : {}),
    });
    let perRecord = agencyViews.get(record);
    if (!perRecord) agencyViews.set(record, (perRecord = new Map()));
    let view = perRecord.get(decisions.key);
    if (view) return view;
    const link = decisions.byPointer.get(SUBJECT_LINK_POINTER);
    const linked = link?.action === 'release' && link.basis?.consent !== undefined;
    // Referral-shaped, so the referral catalogue's decisions, transforms and field groups apply as they are.
    const filtered = applyDecisions({ sections: record.sections }, decisions, linked ? {} : { subjectPseudonym: pseudonym(record.subject, me) });
    const document = filtered.document as Record<string, unknown>;
    const unfit = filtered.transformed.length ? fitTransforms(document, filtered.transformed) : EMPTY_UNFIT;
    register(document, { pattern: '', table: decisions.byPointer, unfit, concrete: '' });
    const id = `connector:${record.connector}/${record.localCaseNumber ?? record.subject}`;
    const disclosures = disclosuresOf({ id, subject: record.subject }, me, principal.purpose, decisions, document, filtered.withheld, filtered.transformed);
    const sections = document.sections as Record<string, unknown> | undefined;
    // Her reference alone (always served, pseudonymised) is not something of the case to show.
    view = { sections, released: disclosures.some((d) => d.action !== 'withhold' && d.path !== '/sections/person/subject'), unfit, disclosures };
    perRecord.set(decisions.key, view);
    return view;
  };

  const contextKey = (context: unknown): object | undefined => {
    const c = context as { state?: object } | null;
    return c && typeof c === 'object' ? (c.state ?? c) : undefined;
  };
  const principalOf = (context: unknown): Principal | undefined => (context as { principal?: Principal } | null)?.principal;
  const disclosuresOfContext = (context: unknown): DisclosureRecord[] | undefined => (context as { state?: { disclosures?: DisclosureRecord[] } } | null)?.state?.disclosures;

  /** A value the response serves whole: a scalar, a list of scalars, or a transformed value. Objects are recorded field by field below them. */
  const isLeaf = (value: unknown, place: Place, property: string): boolean => {
    if (value === null || typeof value !== 'object') return true;
    if (Array.isArray(value)) return value.every((v) => v === null || typeof v !== 'object');
    return place.audit!.transforms.has(`${place.concrete}/${property}`);
  };

  const bases = new WeakMap<FieldDecision, { basis?: string; override?: true }>();
  /** Records into `out`, for the audit trail, the decision behind one field the response resolved from a recipient's view of a referral. */
  const recordServed = (out: DisclosureRecord[], context: unknown, place: Place, property: string, decision: FieldDecision | undefined, action: DisclosureRecord['action']) => {
    const principal = principalOf(context);
    if (!principal) return;
    const key = action === 'withhold' ? `${action}\u0000${property}` : property;
    const known = place.records?.get(key);
    if (known === NOT_RECORDED) return;
    if (known && known.recipient === principal.member.id && known.purpose === principal.purpose) return void out.push(known);
    const record = fieldRecord(principal, place, property, decision, action);
    (place.records ??= new Map()).set(key, record ?? NOT_RECORDED);
    if (record) out.push(record);
  };
  /** A record taken from the place's cache: the same principal's (always so for a cached view), else made afresh. */
  const recordKnown = (out: DisclosureRecord[], context: unknown, place: Place, property: string, known: DisclosureRecord) => {
    const principal = principalOf(context);
    if (!principal) return;
    if (known.recipient === principal.member.id && known.purpose === principal.purpose) out.push(known);
    else recordServed(out, context, place, property, place.table?.get(`${place.pattern}/${property}`), known.action);
  };
  /** The record of one field served from a recipient's view, or undefined when the field has none of its own. */
  const fieldRecord = (principal: Principal, place: Place, property: string, decision: FieldDecision | undefined, action: DisclosureRecord['action']): DisclosureRecord | undefined => {
    const audit = place.audit!;
    const path = `${place.concrete}/${property}`;
    // Inside a transformed object: the transformed object's record covers it.
    if (audit.transforms.size) for (const t of audit.transforms.keys()) if (path.startsWith(`${t}/`)) return undefined;
    const base = { document: audit.document, subject: audit.subject, recipient: principal.member.id, purpose: principal.purpose, path, action };
    if (action === 'withhold') return { ...base, ...(decision?.reason ? { reason: decision.reason } : {}) };
    let b = decision ? bases.get(decision) : undefined;
    if (!b) {
      const basis = basisText(decision?.basis);
      b = { ...(basis ? { basis } : {}), ...(decision?.basis?.legalBasis !== undefined && decision.basis.legalBasis !== 'consent' ? { override: true as const } : {}) };
      if (decision) bases.set(decision, b);
    }
    const transform = action === 'transform' ? audit.transforms.get(path) : undefined;
    return { ...base, ...(transform ? { transform } : {}), ...b };
  };

  const refuse = (context: unknown, info: GraphQLResolveInfo, reason: GuardReason) => {
    scratchOf(contextKey(context))?.withheld.push({ path: responsePath(info), reason });
    return null;
  };

  const directory: SpecFieldGuard = (value) => {
    if (Array.isArray(value)) for (const m of value) register(m, { pattern: '' });
    else register(value, { pattern: '' });
    return value;
  };

  const guards: Record<string, SpecFieldGuard> = {
    'ReferralRecord.document': (_value, parent, context, info) => {
      const principal = principalOf(context);
      if (!principal) return refuse(context, info, 'NOT_GUARDED');
      // The sender's own referral is answered at once: no decision to wait for, none to record.
      if ((parent as StoredReferral).sender === principal.member.id) return ownView(parent as StoredReferral).document;
      const key = contextKey(context);
      return referralView(principal, parent as StoredReferral, key).then((view) => {
        if (view.disclosures.length) {
          const out = disclosuresOfContext(context);
          if (out) for (const d of view.disclosures) out.push({ ...d, recipient: principal.member.id, purpose: principal.purpose });
        }
        if (view.unfit.size) {
          const at = responsePath(info);
          for (const [pointer, t] of view.unfit) scratchOf(key)?.transformed.push({ path: [...at, ...pointer.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s))], ...t });
        }
        return view.document;
      });
    },
    'ReferralRecord.subject': (_value, parent, context, info) => {
      const principal = principalOf(context);
      if (!principal) return refuse(context, info, 'NOT_GUARDED');
      if ((parent as StoredReferral).sender === principal.member.id) return ownView(parent as StoredReferral).subject;
      return referralView(principal, parent as StoredReferral, contextKey(context)).then((view) => view.subject);
    },
    'AgencyRecord.sections': (_value, parent, context, info) => {
      const principal = principalOf(context);
      if (!principal) return refuse(context, info, 'NOT_GUARDED');
      const key = contextKey(context);
      return agencyView(principal, parent as ConnectorRecord, key).then((view) => {
        if (view.disclosures.length) disclosuresOfContext(context)?.push(...view.disclosures);
        if (view.unfit.size) {
          const at = responsePath(info);
          // Pointers are into the referral-shaped wrapper; the field itself is its /sections.
          for (const [pointer, t] of view.unfit) scratchOf(key)?.transformed.push({ path: [...at, ...pointer.split('/').slice(2).map((s) => (/^\d+$/.test(s) ? Number(s) : s))], ...t });
        }
        return view.sections ?? null;
      });
    },
    'ReferralRecord.sender': (value) => value,
    'ReferralRecord.recipient': (value) => value,
    'ReferralRecord.purpose': (value) => value,
    'StatusUpdateRecord.document': (value) => (register(value, { pattern: '' }), value),
    'ConsentEntry.subject': (value, parent, context) => {
      const principal = principalOf(context);
      const c = parent as StoredConsent;
      return principal && c.recordedBy === principal.member.id ? value : principal ? pseudonym(String(value), principal.member.id) : null;
    },
    'ConsentEntry.document': (value, parent, context) => {
      const principal = principalOf(context);
      const c = parent as StoredConsent;
      if (!principal) return null;
      if (c.recordedBy === principal.member.id) return (register(value, { pattern: '' }), value);
      const shown = { ...(value as Record<string, unknown>), subject: pseudonym(c.subject, principal.member.id) };
      register(shown, { pattern: '' });
      return shown;
    },
    'Query.members': directory,
    'Query.member': directory,
  };

  return {
    guardField(field) {
      const root = guards[field.coordinate];
      if (root) return root;
      // The spec's property name, not the GraphQL name, keys the catalogue; escaped once, here.
      const property = escape(field.property);
      return (value, parent, context, info) => {
        const place = parent !== null && typeof parent === 'object' ? places.get(parent) : undefined;
        if (place === undefined) return value === undefined || value === null ? value : refuse(context, info, 'NOT_GUARDED');
        // Where this request's decisions are recorded: only when something records them (the audit trail).
        const out = place.audit ? disclosuresOfContext(context) : undefined;
        if (value === undefined && place.table) {
          const decision = place.table.get(`${place.pattern}/${property}`);
          if (decision?.action === 'withhold') {
            scratchOf(contextKey(context))?.withheld.push({ path: responsePath(info), reason: decision.reason!, ...(decision.release ? { release: decision.release } : {}) });
            if (out) recordServed(out, context, place, property, decision, 'withhold');
          }
        } else if (out && value !== undefined) {
          // The object is part of one cached view: what serving this property records never changes.
          const known = place.records?.get(property);
          if (known === undefined) {
            if (isLeaf(value, place, property)) recordServed(out, context, place, property, place.table?.get(`${place.pattern}/${property}`), place.audit!.transforms.has(`${place.concrete}/${property}`) ? 'transform' : 'release');
            else (place.records ??= new Map()).set(property, NOT_RECORDED);
          } else if (known !== NOT_RECORDED) recordKnown(out, context, place, property, known);
        }
        return value;
      };
    },
    referralView,
    agencyView,
    decide,
    subjectFor: (member, shown) => shownSubjects.get(`${member}\u0000${shown}`),
    pseudonym,
    responseExtensions(key) {
      const s = scratches.get(key);
      if (!s || (s.withheld.length === 0 && s.transformed.length === 0)) return undefined;
      return { ...(s.withheld.length ? { withheld: s.withheld } : {}), ...(s.transformed.length ? { transformed: s.transformed } : {}) };
    },
    actor,
    plainPointers: model.fields.map((f) => f.plain),
  };
}

export { REASON_TEXT };
