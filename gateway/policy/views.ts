/**
 * The view builder: what one caller may read of one record, from the policy engine's decisions.
 * Policy in, filtered view out; it knows nothing of GraphQL, the server, the audit trail or the
 * store (her consent records come through `consentsFor`). Views are remembered per record and
 * decision set, so a record read again by callers with the same decisions is filtered once.
 */
import type { Principal, TrustedMember } from '../auth/types.ts';
import { applyDecisions, type Transformed, type Withheld } from './apply.ts';
import type { Decisions, Policy } from './engine.ts';
import { subjectIsMinor } from './minors.ts';
import { pseudonymFor } from './pseudonym.ts';
import type { ConsentRecord, PolicyActor } from './types.ts';
import { pointerNames } from '../../lib/json-pointer.ts';

/** A consent record as a store holds it: the document, and when it was withdrawn (if it was). */
export interface HeldConsent {
  document: Record<string, unknown>;
  withdrawnAt: string | null;
}

/** A record the view builder filters: referral-shaped, held by the member `controller`. */
export interface HeldRecord {
  /** The object the record was read from (a stored row, a connector's answer): views are remembered per origin. */
  origin: object;
  /** The audit trail's name for the record: its kind and id. */
  source: { kind: string; id: string };
  controller: string;
  /** Her reference as stored. */
  subject: string;
  document: Record<string, unknown>;
}

/** A referral as the view builder reads it (a stored referral fits). */
export interface ReferralLike {
  id: string;
  sender: string;
  /** Its controller when not the sender (a referral received from a peer is held by its recipient). */
  holder?: string;
  subject: string;
  document: Record<string, unknown>;
}

/** A case reached through a connector: referral-shaped sections, held by `member`'s system. */
export interface ConnectorRecord {
  connector: string;
  member: string;
  subject: string;
  localCaseNumber?: string;
  sections: Record<string, unknown>;
}

/** Her consent records as loaded for one request, by subject: every decision of the request reads the same ones. */
export type ConsentMemo = Map<string, Promise<readonly ConsentRecord[]>>;

export interface ViewOptions {
  policy: Policy;
  members: ReadonlyMap<string, TrustedMember>;
  /** This gateway's country: the controller's when a record names no known sender. */
  country: string;
  pseudonymKey: string | Uint8Array;
  /** Her consent records as the store holds them now (withdrawals included). */
  consentsFor(subject: string): Promise<readonly HeldConsent[]>;
  now?: () => Date;
}

/**
 * A transformed value whose form does not fit its field and that the spec gives no field of its
 * own, placed outside the document: by its pointer in the original document, with its pointer in
 * the filtered one (`served`).
 */
export type Unfit = ReadonlyMap<string, { transform: string; value: unknown; served: string }>;

/** What one caller may read of one record. */
export interface RecordView {
  record: HeldRecord;
  /** The filtered document; the original for its controller. */
  document: Record<string, unknown>;
  /** Her reference as this caller sees it: the stored one for the controller, else a pseudonym unless linking is allowed. */
  subject: string;
  own: boolean;
  decisions?: Decisions;
  withheld: readonly Withheld[];
  transformed: readonly Transformed[];
  /** The transform each transformed value got, by concrete pointer. */
  transforms: ReadonlyMap<string, string>;
  unfit: Unfit;
  /** Where a value's codes added tiers, by pointer into the original document (see Filtered). */
  valueTiers: ReadonlyMap<string, string>;
  /** For each served list that lost items, the original index of each item it kept. */
  positions: WeakMap<readonly unknown[], readonly number[]>;
}

export interface ViewBuilder {
  /** The caller's view of a record; `memo` holds her consents for the rest of the request. */
  view(principal: Principal, record: HeldRecord, memo?: ConsentMemo): Promise<RecordView>;
  /** The controller's own view: all of it. */
  ownView(record: HeldRecord): RecordView;
  /** A referral as a held record (made once per referral object). */
  referral(referral: ReferralLike): HeldRecord;
  /** A connector's case as a held record: referral-shaped, the connector's member as controller. */
  connectorRecord(record: ConnectorRecord): HeldRecord;
  /** The decisions for a recipient, purpose and role about her, with this controller. */
  decide(input: { recipient: PolicyActor; controller: PolicyActor; purpose: string; role: string; subject: string; memo?: ConsentMemo; minor?: boolean }): Promise<Decisions>;
  /** The pseudonym-to-subject mapping this gateway handed out to `member`, when known. */
  subjectFor(member: string, shown: string): string | undefined;
  pseudonym(subject: string, member: string): string;
  actor(id: string): PolicyActor;
  /** Every field of the referral catalogue as a pointer without array items (`/sections/needs/category`). */
  readonly plainPointers: readonly string[];
  readonly policy: Policy;
}

const SUBJECT_LINK_POINTER = '/sections/person/givenName';
/** Connector records remembered by content, the least recently read dropped first. */
const MAX_SHARED_CONNECTOR_RECORDS = 1000;
const EMPTY_UNFIT: Unfit = new Map();
const NO_TRANSFORMS: ReadonlyMap<string, string> = new Map();
const NO_TIERS: ReadonlyMap<string, string> = new Map();
const NO_POSITIONS = new WeakMap<readonly unknown[], readonly number[]>();

/** Her consent record as the engine reads it, with the store's withdrawal applied. */
export function consentOf(stored: HeldConsent): ConsentRecord {
  const doc = stored.document as ConsentRecord;
  if (!stored.withdrawnAt || doc.withdrawal) return doc;
  return { ...doc, state: 'withdrawn', withdrawal: { at: stored.withdrawnAt, by: 'unknown' } };
}

export function createViewBuilder(options: ViewOptions): ViewBuilder {
  const { policy, members, country, pseudonymKey } = options;
  const now = options.now ?? (() => new Date());
  const model = policy.model;
  // Long-lived memos keyed by what they describe (records, consent sets), never by a request.
  const views = new WeakMap<object, Map<string, RecordView>>();
  const ownViews = new WeakMap<object, RecordView>();
  const versions = new WeakMap<readonly ConsentRecord[], string>();
  const pseudonyms = new Map<string, string>();
  const shownSubjects = new Map<string, string>();

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

  // The same stored rows (a cached answer) give the same records, so their version and the
  // decisions cached under it are found again instead of rebuilt for every request.
  const recordsOfRows = new WeakMap<readonly HeldConsent[], readonly ConsentRecord[]>();
  const consentRecordsOf = (rows: readonly HeldConsent[]): readonly ConsentRecord[] => {
    let records = recordsOfRows.get(rows);
    if (!records) recordsOfRows.set(rows, (records = rows.map(consentOf)));
    return records;
  };

  const consents = (subject: string, memo: ConsentMemo | undefined): Promise<readonly ConsentRecord[]> => {
    const hit = memo?.get(subject);
    if (hit) return hit;
    const loaded = options.consentsFor(subject).then(consentRecordsOf);
    memo?.set(subject, loaded);
    return loaded;
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

  const decide: ViewBuilder['decide'] = async ({ recipient, controller, purpose, role, subject, memo, minor }) => {
    const records = await consents(subject, memo);
    return policy.decide({
      recipient, controller, purpose, role, consents: records, consentSetVersion: versionOf(records), now: now(), ...(minor ? { minor } : {}),
      crossBorder: recipient.country !== (controller.country || country),
    });
  };

  /** Transformed values whose form does not fit their field: reported beside the data. */
  const fitTransforms = (document: Record<string, unknown>, transformed: readonly Transformed[]): Unfit => {
    const unfit = new Map<string, { transform: string; value: unknown; served: string }>();
    for (const t of transformed) {
      const segments = pointerNames(t.served);
      const name = segments.pop()!;
      let parent: any = document;
      for (const s of segments) parent = parent?.[s];
      if (!parent || typeof parent !== 'object') continue;
      const value = parent[name];
      const info = model.byPointer.get(t.pointer.replace(/\/\d+(?=\/|$)/g, '/*'))?.info;
      if (!info) continue;
      const fits = (info.type === 'object' && value !== null && typeof value === 'object' && !Array.isArray(value))
        || (info.type === 'string' && typeof value === 'string' && !info.codelist)
        || (info.type === 'boolean' && typeof value === 'boolean');
      if (fits) continue;
      delete parent[name];
      unfit.set(t.pointer, { transform: t.transform, value, served: t.served });
    }
    return unfit;
  };

  const ownView = (record: HeldRecord): RecordView => {
    let own = ownViews.get(record.origin);
    if (!own) {
      own = { record, document: record.document, subject: record.subject, own: true, withheld: [], transformed: [], transforms: NO_TRANSFORMS, unfit: EMPTY_UNFIT, valueTiers: NO_TIERS, positions: NO_POSITIONS };
      ownViews.set(record.origin, own);
    }
    return own;
  };

  const view: ViewBuilder['view'] = async (principal, record, memo) => {
    const me = principal.member.id;
    if (record.controller === me) return ownView(record);
    const decisions = await decide({ recipient: principal.member, controller: actor(record.controller), purpose: principal.purpose, role: principal.role, subject: record.subject, minor: subjectIsMinor(record.document, now()), ...(memo ? { memo } : {}) });
    let perRecord = views.get(record.origin);
    if (!perRecord) views.set(record.origin, (perRecord = new Map()));
    let made = perRecord.get(decisions.key);
    if (made) return made;
    const link = decisions.byPointer.get(SUBJECT_LINK_POINTER);
    const linked = link?.action === 'release' && link.basis?.consent !== undefined;
    const subject = linked ? record.subject : pseudonym(record.subject, me);
    const filtered = applyDecisions(record.document, decisions, linked ? {} : { subjectPseudonym: subject });
    const document = filtered.document as Record<string, unknown>;
    made = {
      record, document, subject, own: false, decisions, withheld: filtered.withheld, transformed: filtered.transformed,
      transforms: filtered.transformed.length ? new Map(filtered.transformed.map((t) => [t.pointer, t.transform])) : NO_TRANSFORMS,
      unfit: filtered.transformed.length ? fitTransforms(document, filtered.transformed) : EMPTY_UNFIT,
      valueTiers: filtered.valueTiers, positions: filtered.positions,
    };
    perRecord.set(decisions.key, made);
    return made;
  };

  const heldReferrals = new WeakMap<ReferralLike, HeldRecord>();
  const referral = (r: ReferralLike): HeldRecord => {
    let held = heldReferrals.get(r);
    if (!held) heldReferrals.set(r, (held = { origin: r, source: { kind: 'referral', id: r.id }, controller: r.holder ?? r.sender, subject: r.subject, document: r.document }));
    return held;
  };
  const heldConnectorRecords = new WeakMap<ConnectorRecord, HeldRecord>();
  // A connector (or a peer gateway) answers with new objects on every request: records with the
  // same content share one held record, so that their views, and the disclosure records made from
  // those, are made once per decision set instead of once per request.
  const sameContent = new Map<string, HeldRecord>();
  const connectorRecord = (r: ConnectorRecord): HeldRecord => {
    let held = heldConnectorRecords.get(r);
    if (held) return held;
    const content = JSON.stringify([r.connector, r.member, r.subject, r.localCaseNumber ?? null, r.sections]);
    held = sameContent.get(content);
    if (held) sameContent.delete(content);
    else held = { origin: r, source: { kind: 'referral', id: `connector:${r.connector}/${r.localCaseNumber ?? r.subject}` }, controller: r.member, subject: r.subject, document: { sections: r.sections } };
    sameContent.set(content, held);
    if (sameContent.size > MAX_SHARED_CONNECTOR_RECORDS) sameContent.delete(sameContent.keys().next().value as string);
    heldConnectorRecords.set(r, held);
    return held;
  };

  return {
    view,
    ownView,
    referral,
    connectorRecord,
    decide,
    subjectFor: (member, shown) => shownSubjects.get(`${member}\u0000${shown}`),
    pseudonym,
    actor,
    plainPointers: model.fields.map((f) => f.plain),
    policy,
  };
}
