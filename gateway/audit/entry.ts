import Ajv2020Module from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { isSealed } from './canonical.ts';
import { NrxError } from '../../lib/errors.ts';
import type { Action } from '../policy/types.ts';

// ajv is CommonJS with a default export.
const Ajv2020 = (Ajv2020Module as any).default ?? Ajv2020Module;

export const AUDIT_EVENT_TYPES = [
  'disclosure-decision',
  'referral-sent',
  'referral-received',
  'consent-recorded',
  'consent-withdrawn',
  'override',
  'auth-refused',
  'query-refused',
  'status-update',
  'witness-recorded',
  'override-reviewed',
  'log-pruned',
  'trust-list-reloaded',
  'trust-list-rejected',
  // Messages between gateways (gateway/federation): a receipt stored by the sender, one signed by the
  // receiver, a delivery given up (dead-lettered) or stopped by the consent check, a message refused.
  'receipt-recorded',
  'receipt-issued',
  'delivery-failed',
  'delivery-stopped',
  'peer-message-refused',
  // A peer's answer whose receipt does not verify or names something never sent: each time, as
  // evidence of a fault or a forgery at that peer, not only when the message is given up.
  'receipt-refused',
  // A held copy of a referral narrowed: a consent it rested on was withdrawn at its sender.
  'referral-narrowed',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/**
 * A policy action as the trail words it: the past tense, as entries have stored and hashed it since
 * the first one. One concept, the policy's Action; this is only its recorded spelling.
 */
export const RECORDED_ACTION = { release: 'released', transform: 'transformed', withhold: 'withheld' } as const satisfies Record<Action, string>;
export type RecordedAction = (typeof RECORDED_ACTION)[Action];
export const FIELD_DECISIONS: readonly RecordedAction[] = Object.values(RECORDED_ACTION);

/** One field path of a response or request and what the policy did with it, on which basis. */
export interface AuditField {
  path: string;
  decision: RecordedAction;
  /** Entries written before every basis was named: the one basis the decision rested on. */
  basis?: string;
  /** Every basis the release needed (ids, never text): the agreement clause, and her consents or the legal basis. */
  bases?: readonly string[];
  /** The field group the path belongs to (codelists/field-group), for the officer's matrix. */
  group?: string;
  /** Why it was withheld: a policy reason code. */
  reason?: string;
  /** The transform applied to a transformed field. */
  transform?: string;
}

/** A value a details object may carry: codes, ids, hashes, counts, flags; never free text. */
export type AuditDetail = string | number | boolean | null | Array<string | number | boolean>;

/** What a caller records. `id` and `at` are assigned by the log when the entry is appended. */
export interface AuditEntryInput {
  type: AuditEventType;
  /** The member whose request this was (X-Road style member id). */
  requester?: string;
  /** The requester's staff member, as a pseudonym of that member. */
  user?: string;
  purpose?: string;
  /** The person the data is about, as a pseudonym. */
  subject?: string;
  fields?: readonly AuditField[];
  /** SHA-256 (hex) of the GraphQL document and operation name; see `operationHash`. */
  operationHash?: string;
  /** SHA-256 (hex) of the response or request body. */
  payloadHash?: string;
  details?: Record<string, AuditDetail>;
  /** Defaults to the time of appending. */
  at?: string;
}

/**
 * An entry as it is stored and hashed. Its field decisions are stored once per distinct list
 * (field-sets.ts) and named by `fieldSet`; readers give them back as `fields`. Entries written
 * before lists were stored apart carry `fields` inline.
 */
export interface AuditEntry extends AuditEntryInput {
  /** The entry's sequence number: 1, 2, 3, ... without gaps. */
  id: number;
  at: string;
  /** SHA-256 (hex) of the canonical JSON of the entry's field decisions, kept in audit_field_sets. */
  fieldSet?: string;
}

const hash = { type: 'string', pattern: '^[0-9a-f]{64}$' };
// An identifier or code: no spaces, no '@', no letters outside ASCII, so names, e-mail addresses
// and free text do not fit.
const idPattern = '^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$';
/** Whether a value fits the trail as an identifier (a details value, a field path without its leading '/'). */
const identifier = new RegExp(idPattern);
export const isAuditIdentifier = (value: string): boolean => identifier.test(value);
// A basis names a consent provision, an agreement clause or a legal basis:
// consent:<id>#<provision>, agreement:<id>@<version>#<clause>, legal-basis:<code>. '@' only after a
// colon, so an e-mail address still does not fit.
const basis = { type: 'string', allOf: [{ pattern: '^[A-Za-z0-9][A-Za-z0-9._:/#@-]{0,255}$' }, { not: { pattern: '^[^:]*@' } }] };
// Shapes that identifiers admit but personal data also takes: dates (a birth date) and runs of
// digits (phone and document numbers). Counts belong in JSON numbers.
const notPersonalLooking = { not: { anyOf: [{ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}' }, { pattern: '^[0-9 +()-]{6,}$' }] } };
const detailString = { type: 'string', allOf: [{ pattern: idPattern }, notPersonalLooking] };
const detailScalar = { anyOf: [detailString, { type: 'integer' }, { type: 'boolean' }] };

/** One field decision: a path, what happened to it and why; never the value. */
const auditFieldSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['path', 'decision'],
  properties: {
    // A dotted field path with optional list markers: person.dateOfBirth, documents[].number
    path: { type: 'string', maxLength: 256, pattern: '^[A-Za-z_][A-Za-z0-9_]*(\\[[0-9]*\\])?(\\.[A-Za-z_][A-Za-z0-9_]*(\\[[0-9]*\\])?)*$' },
    decision: { enum: FIELD_DECISIONS },
    basis,
    bases: { type: 'array', minItems: 1, maxItems: 8, items: basis },
    group: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,63}$' },
    reason: { type: 'string', pattern: '^[A-Z][A-Z0-9_]{0,63}$' },
    transform: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,63}$' },
  },
} as const;

/** Every basis a field decision names: its list, or the one basis of an entry written before lists. */
export function basesOfField(field: Pick<AuditField, 'basis' | 'bases'>): readonly string[] {
  return field.bases ?? (field.basis ? [field.basis] : []);
}

/** Keys that name personal data: a details object must never carry them, whatever their value. */
export const PERSONAL_DATA_KEYS = [
  'name', 'givenName', 'familyName', 'fullName', 'firstName', 'lastName', 'surname', 'alias', 'aliases',
  'dateOfBirth', 'birthDate', 'dob', 'age', 'placeOfBirth', 'address', 'street', 'postalCode', 'location',
  'whereabouts', 'phone', 'telephone', 'mobile', 'email', 'documentNumber', 'passportNumber', 'idNumber',
  'nationalId', 'nationality', 'citizenship', 'photo', 'photograph', 'ownWords', 'narrative', 'statement',
  'notes', 'note', 'comment', 'comments', 'description', 'health', 'diagnosis', 'value', 'values',
];

/**
 * The shapes an audit entry may take: paths, codes, ids, hashes, counts and flags only. Its job is
 * to refuse personal data before it reaches a log that can never be edited again.
 */
export const auditEntrySchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://nrx.example/schemas/audit-entry.schema.json',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'at', 'type'],
  properties: {
    id: { type: 'integer', minimum: 1 },
    at: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z$' },
    type: { enum: AUDIT_EVENT_TYPES },
    requester: { type: 'string', pattern: '^[A-Z]{2}/(GOV|NGO|IO|COM|EDU)/[A-Za-z0-9][A-Za-z0-9._-]{0,63}(/[A-Za-z0-9][A-Za-z0-9._-]{0,63})?$' },
    user: { type: 'string', allOf: [{ pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$' }, notPersonalLooking] },
    purpose: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,63}$' },
    subject: { type: 'string', allOf: [{ pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{5,127}$' }, notPersonalLooking] },
    fields: {
      type: 'array',
      maxItems: 2000,
      items: auditFieldSchema,
    },
    fieldSet: hash,
    operationHash: hash,
    payloadHash: hash,
    details: {
      type: 'object',
      maxProperties: 64,
      propertyNames: { pattern: '^[a-z][A-Za-z0-9]{0,63}$', not: { enum: PERSONAL_DATA_KEYS } },
      additionalProperties: { anyOf: [detailScalar, { type: 'null' }, { type: 'array', maxItems: 1000, items: detailScalar }] },
    },
  },
} as const;

/** Thrown when an entry does not fit the audit shapes. The message names paths, never values. */
export class AuditGuardError extends NrxError<'AUDIT_GUARD_REFUSED'> {
  readonly problems: string[];
  constructor(problems: string[]) {
    super('AUDIT_GUARD_REFUSED', `audit entry refused: ${problems.join('; ')}`);
    this.problems = problems;
  }
}

const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
// The entry is checked in parts: its own members, its details and each field decision. Details and
// field decisions recur in entry after entry; a sealed one (see sealCanonical) that passed once is
// not checked again.
const { $id: _entryId, ...entryMembers } = auditEntrySchema;
const memberProperties = { ...auditEntrySchema.properties, fields: { type: 'array', maxItems: 2000 }, details: { type: 'object' } };
const validateMembers = ajv.compile({ ...entryMembers, properties: memberProperties });
// An input before it is numbered and timed: the same members, `id` and `at` not yet required, and
// no `fieldSet`, which the log derives from `fields` (and stores the list it names).
const validateInputMembers = ajv.compile({ ...entryMembers, required: ['type'], properties: { ...memberProperties, fieldSet: false } });
const validateDetails = ajv.compile(auditEntrySchema.properties.details);
const validateField = ajv.compile(auditFieldSchema);
const checked = new WeakSet<object>();

function describe(error: ErrorObject, prefix = ''): string {
  const where = prefix + error.instancePath || '(entry)';
  if (error.keyword === 'additionalProperties') return `${where}: '${String(error.params.additionalProperty)}' is not an audit field`;
  if (error.keyword === 'propertyNames') return `${where}: key '${String(error.params.propertyName)}' is not allowed in details`;
  // Only the path and the rule: the value itself may be personal data and must not reach a log.
  return `${where} ${error.message ?? 'is not allowed'}`;
}

/** Runs `validate` on `part`, unless it is sealed and passed before; its problems, prefixed with where it is. */
function checkPart(validate: ValidateFunction, part: unknown, prefix: string, problems: string[]): void {
  const sealed = part !== null && typeof part === 'object' && isSealed(part);
  if (sealed && checked.has(part)) return;
  if (!validate(part)) problems.push(...(validate.errors ?? []).map((e: ErrorObject) => describe(e, prefix)));
  else if (sealed) checked.add(part);
}

function assertShapes(validateOwn: ValidateFunction, entry: unknown): void {
  const problems: string[] = [];
  if (!validateOwn(entry)) problems.push(...(validateOwn.errors ?? []).map((e: ErrorObject) => describe(e)));
  const { fields, details } = (entry ?? {}) as { fields?: unknown; details?: unknown };
  if (details !== undefined && details !== null && typeof details === 'object' && !Array.isArray(details)) checkPart(validateDetails, details, '/details', problems);
  if (Array.isArray(fields) && !checked.has(fields)) {
    const before = problems.length;
    fields.forEach((field, i) => checkPart(validateField, field, `/fields/${i}`, problems));
    // A sealed list whose every field passed (a list of field decisions that recurs) is not checked again.
    if (problems.length === before && isSealed(fields)) checked.add(fields);
  }
  if (problems.length) throw new AuditGuardError([...new Set(problems)]);
}

/** Refuses, with an AuditGuardError, anything that is not an audit entry of the allowed shapes. */
export function assertAuditEntry(entry: unknown): asserts entry is AuditEntry {
  assertShapes(validateMembers, entry);
}

/** The same guard for an entry not yet appended: no `id` yet, and `at` only if the caller set it. */
export function assertAuditInput(input: unknown): asserts input is AuditEntryInput {
  assertShapes(validateInputMembers, input);
}
