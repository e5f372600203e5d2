import { readFileSync } from 'node:fs';
import { CompactSign, type CompactJWSHeaderParameters, compactVerify, decodeProtectedHeader, flattenedVerify, type FlattenedJWS, type JWK, type ProtectedHeaderParameters } from 'jose';
import type { ValidateFunction } from 'ajv';
import { createAjv } from '../../lib/spec/ajv.ts';
import { loadSpec } from '../../lib/spec/load.ts';
import { hasPrivateMaterial, importSigningKey, importVerificationKey, isAllowedAlgorithm, readJwkFile, ALLOWED_ALGORITHMS } from './keys.ts';
import { memberKeyIndex, memberKeyProblems } from './member-keys.ts';
import type { TrustList } from './types.ts';
import type { TrustList as TrustListSpec } from '../../schema/generated/nrx.d.ts';
import { NrxError } from '../../lib/errors.ts';

export const TRUST_LIST_SCHEMA_ID = 'https://nrx.exchange/spec/v1/trust-list.schema.json';
/** The JWS `typ` of a signed trust list, so that no other signed object can pass for one. */
export const TRUST_LIST_JWS_TYPE = 'nrx-trust-list+jws';

/** A trust list that cannot be used; `problems` lists each reason, one line each. */
export type TrustListErrorCode = 'TRUST_LIST_INVALID' | 'TRUST_LIST_UNREADABLE' | 'TRUST_LIST_SIGNATURE_INVALID' | 'TRUST_LIST_STALE' | 'SPEC_INVALID';

export class TrustListError extends NrxError<TrustListErrorCode> {
  readonly problems: string[];
  constructor(code: TrustListErrorCode, message: string, problems: string[] = [], options?: ErrorOptions) {
    super(code, problems.length ? `${message}:\n  ${problems.join('\n  ')}` : message, options);
    this.problems = problems;
  }
}

/** The signed payload: the spec's trust list, as generated from its schema. */
export type TrustListDocument = TrustListSpec;

export interface VerifyTrustListOptions {
  /** Accept a list whose `nextUpdate` has passed (for inspection, never for serving). Default false. */
  allowExpired?: boolean;
  /** The sequence of the list already held: an older list (a replay) is refused. */
  minSequence?: number;
  now?: () => Date;
}

let validator: ValidateFunction | undefined;

function trustListValidator(): ValidateFunction {
  if (!validator) {
    const validate = createAjv(loadSpec()).getSchema(TRUST_LIST_SCHEMA_ID);
    if (!validate) throw new TrustListError('SPEC_INVALID', `the spec has no trust-list schema (${TRUST_LIST_SCHEMA_ID})`);
    validator = validate;
  }
  return validator;
}

/** Everything that makes a trust-list document unacceptable: schema errors, then federation rules. */
export function trustListProblems(document: unknown): string[] {
  // Key problems first and in words: a leaked private key must be named as such, not as a schema detail.
  const members = (document as { members?: unknown })?.members;
  const problems = Array.isArray(members) ? memberKeyProblems(members) : [];
  const validate = trustListValidator();
  if (!validate(document)) {
    const schemaProblems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'is invalid'}${e.keyword === 'additionalProperties' ? ` ('${String(e.params.additionalProperty)}')` : ''}`);
    return [...problems, ...new Set(schemaProblems)];
  }
  const doc = document as TrustListDocument;
  const seen = new Set<string>();
  for (const member of doc.members) {
    if (seen.has(member.id)) problems.push(`member ${member.id} is listed twice`);
    seen.add(member.id);
  }
  if (!seen.has(doc.operator)) problems.push(`the operator ${doc.operator} is not among the members`);
  return problems;
}

/** Signs a trust-list document with the federation operator's key, after checking it. */
export async function signTrustList(document: unknown, operatorPrivateJwk: JWK): Promise<string> {
  const problems = trustListProblems(document);
  if (problems.length) throw new TrustListError('TRUST_LIST_INVALID', 'the trust list is not valid', problems);
  const { alg, key } = await importSigningKey(operatorPrivateJwk);
  const header: CompactJWSHeaderParameters = { alg, typ: TRUST_LIST_JWS_TYPE };
  if (operatorPrivateJwk.kid) header.kid = operatorPrivateJwk.kid;
  return new CompactSign(new TextEncoder().encode(JSON.stringify(document))).setProtectedHeader(header).sign(key);
}

/**
 * Verifies a signed trust list (compact or flattened JSON serialization) against the operator's
 * key or key set, validates its payload and builds the TrustList, with every member key imported.
 */
export async function verifyTrustList(jws: string, operatorKey: JWK | { keys: JWK[] }, options: VerifyTrustListOptions = {}): Promise<TrustList> {
  const payload = await verifySignature(jws.trim(), operatorKey);
  let document: unknown;
  try {
    document = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    throw new TrustListError('TRUST_LIST_UNREADABLE', 'the trust list payload is not JSON');
  }
  const problems = trustListProblems(document);
  if (problems.length) throw new TrustListError('TRUST_LIST_INVALID', 'the trust list is not valid', problems);
  const doc = document as TrustListDocument;

  const now = (options.now ?? (() => new Date()))();
  if (!options.allowExpired && Date.parse(doc.nextUpdate) <= now.getTime()) {
    throw new TrustListError('TRUST_LIST_STALE', `the trust list is out of date: its nextUpdate (${doc.nextUpdate}) has passed; fetch the current list`);
  }

  if (options.minSequence !== undefined && doc.sequence < options.minSequence) {
    throw new TrustListError('TRUST_LIST_STALE', `the trust list is older than the one held (sequence ${doc.sequence} < ${options.minSequence}); refusing a replayed list`);
  }

  const trustList: TrustList = {
    federation: doc.federation,
    issued: doc.issued,
    nextUpdate: doc.nextUpdate,
    sequence: doc.sequence,
    operator: doc.operator,
    // endpoints is optional in the spec; an empty object spares every reader a check.
    members: new Map(doc.members.map((m) => [m.id, { ...m, endpoints: m.endpoints ?? {} }])),
  };
  await memberKeyIndex(trustList);
  return trustList;
}

/** Reads and verifies a trust-list file with the operator key file; errors name the file at fault. */
export async function loadTrustListFile(file: string, operatorKeyFile: string, options: VerifyTrustListOptions = {}): Promise<TrustList> {
  let jws: string;
  try {
    jws = readFileSync(file, 'utf8');
  } catch (error) {
    throw new TrustListError('TRUST_LIST_UNREADABLE', `cannot read trust list ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const operatorKey = readJwkFile(operatorKeyFile);
  try {
    return await verifyTrustList(jws, operatorKey, options);
  } catch (error) {
    if (error instanceof TrustListError) throw new TrustListError(error.code, `${file}: ${error.message}`, [], { cause: error });
    throw error;
  }
}

async function verifySignature(jws: string, operatorKey: JWK | { keys: JWK[] }): Promise<Uint8Array> {
  const flattened = jws.startsWith('{') ? parseJsonSerialization(jws) : undefined;
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(flattened ?? jws);
  } catch {
    throw new TrustListError('TRUST_LIST_UNREADABLE', 'the trust list is not a JWS');
  }
  if (header.typ !== TRUST_LIST_JWS_TYPE) throw new TrustListError('TRUST_LIST_UNREADABLE', `the JWS is not a trust list (typ must be '${TRUST_LIST_JWS_TYPE}')`);
  if (!isAllowedAlgorithm(header.alg)) throw new TrustListError('TRUST_LIST_SIGNATURE_INVALID', `the trust list is signed with a refused algorithm (allowed: ${ALLOWED_ALGORITHMS.join(', ')})`);

  const jwk = pickOperatorKey(operatorKey, header.kid);
  const { alg, key } = await importVerificationKey(jwk);
  if (alg !== header.alg) throw new TrustListError('TRUST_LIST_SIGNATURE_INVALID', `the trust list is signed with ${header.alg} but the operator key is for ${alg}`);
  try {
    const result = flattened ? await flattenedVerify(flattened, key, { algorithms: [alg] }) : await compactVerify(jws, key, { algorithms: [alg] });
    return result.payload;
  } catch {
    throw new TrustListError('TRUST_LIST_SIGNATURE_INVALID', 'the trust list signature does not verify with the operator key');
  }
}

function pickOperatorKey(operatorKey: JWK | { keys: JWK[] }, kid: string | undefined): JWK {
  const keys = 'keys' in operatorKey && Array.isArray(operatorKey.keys) ? operatorKey.keys : [operatorKey as JWK];
  if (keys.some(hasPrivateMaterial)) throw new TrustListError('TRUST_LIST_SIGNATURE_INVALID', 'the operator key holds private key material; verify with the public key');
  const candidates = kid === undefined ? keys : keys.filter((k) => k.kid === kid);
  if (candidates.length === 1) return candidates[0]!;
  if (kid !== undefined && candidates.length === 0) throw new TrustListError('TRUST_LIST_SIGNATURE_INVALID', `the trust list is signed with operator key '${kid.slice(0, 64)}', which is not among the operator keys given`);
  throw new TrustListError('TRUST_LIST_SIGNATURE_INVALID', 'cannot tell which operator key signed the trust list (the JWS has no kid and several keys were given)');
}

function parseJsonSerialization(text: string): FlattenedJWS {
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    throw new TrustListError('TRUST_LIST_UNREADABLE', 'the trust list is neither a compact JWS nor JSON');
  }
  if (Array.isArray(json?.signatures)) {
    if (json.signatures.length !== 1) throw new TrustListError('TRUST_LIST_UNREADABLE', 'a JSON trust list must carry exactly one signature');
    const [signature] = json.signatures;
    return { payload: json.payload, protected: signature.protected, signature: signature.signature, ...(signature.header ? { header: signature.header } : {}) };
  }
  if (typeof json?.payload !== 'string' || typeof json?.signature !== 'string' || typeof json?.protected !== 'string') {
    throw new TrustListError('TRUST_LIST_UNREADABLE', 'the JSON trust list is not a flattened JWS (payload, protected, signature)');
  }
  return json as FlattenedJWS;
}
