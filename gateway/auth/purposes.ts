import { loadSpec } from '../../lib/spec/load.ts';
import { NrxError } from '../../lib/errors.ts';

let codes: ReadonlySet<string> | undefined;

/** The purpose-of-use codes a token's `purpose` claim may carry: the spec's purpose codelist. */
export function purposeCodes(): ReadonlySet<string> {
  if (!codes) {
    const list = loadSpec().codelists.get('purpose');
    if (!list) throw new NrxError('SPEC_INVALID', 'the spec has no purpose codelist (spec/v1/codelists/purpose.schema.json)');
    codes = new Set(list.codes.filter((c) => !c.deprecated).map((c) => c.code));
  }
  return codes;
}

export function isPurpose(value: unknown): value is string {
  return typeof value === 'string' && purposeCodes().has(value);
}
