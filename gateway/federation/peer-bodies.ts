/**
 * The bodies of the calls between gateways beside the signed messages (her case view, audit
 * checkpoints, the directory search), checked against their schemas in spec/v1: the spec is the one
 * definition of what a peer may send, so a route reads a body only after it passed.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createAjv, type Ajv } from '../../lib/spec/ajv.ts';
import { loadSpec } from '../../lib/spec/load.ts';
import { NrxError } from '../../lib/errors.ts';

/** The schema files (spec/v1/<name>.schema.json) of the bodies exchanged on these routes. */
export type PeerBody =
  | 'peer-case-query' | 'peer-case-answer'
  | 'peer-checkpoint-offer' | 'peer-checkpoint-answer' | 'peer-checkpoint'
  | 'peer-directory-search' | 'peer-directory-answer';

/** Problems named in one refusal, at most: enough to fix the body, short enough for a peer-error message. */
const MAX_PROBLEMS = 3;

let ajv: Ajv | undefined;
let baseUri = '';
const compiled = new Map<PeerBody, ValidateFunction>();

function validatorOf(body: PeerBody): ValidateFunction {
  let validate = compiled.get(body);
  if (!validate) {
    if (!ajv) {
      const spec = loadSpec();
      ajv = createAjv(spec);
      baseUri = spec.baseUri;
    }
    validate = ajv.getSchema(`${baseUri}${body}.schema.json`);
    if (!validate) throw new NrxError('SPEC_INVALID', `the spec has no schema ${body}.schema.json`);
    compiled.set(body, validate);
  }
  return validate;
}

const phrase = (e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.keyword === 'additionalProperties' ? ` ('${String(e.params.additionalProperty).slice(0, 40)}')` : ''}`;

/** What is wrong with `value` as a `body`, one phrase each; empty when it follows its schema. */
export function peerBodyProblems(body: PeerBody, value: unknown): string[] {
  const validate = validatorOf(body);
  if (validate(value)) return [];
  return [...new Set((validate.errors ?? []).map(phrase))].slice(0, MAX_PROBLEMS);
}

/** The refusal message for a body that does not follow its schema: the schema and the first problems. */
export function peerBodyRefusal(body: PeerBody, problems: string[]): string {
  return `the body does not follow ${body}.schema.json: ${problems.join('; ')}`;
}
