import type { ValidateFunction } from 'ajv';
import { createAjv } from '../lib/spec/ajv.ts';
import { loadSpec } from '../lib/spec/load.ts';
import type { Spec } from '../lib/spec/types.ts';
import { NrxError } from '../lib/errors.ts';

/** The shapes a connector serves or accepts, each checked against the spec before it crosses. */
export type Checked = 'sections' | 'service' | 'referral' | 'status';

/** Each shape's schema in this spec (a country profile's own where it has one). */
function schemaRef(spec: Spec, kind: Checked): string | undefined {
  const of = (document: string) => spec.documentKinds.get(document);
  switch (kind) {
    case 'sections': {
      const referral = of('referral');
      return referral && `${referral}#/properties/sections`;
    }
    case 'service':
      return of('service');
    case 'referral':
      return of('referral');
    case 'status':
      return of('referral-status-update');
  }
}

export interface SpecCheck {
  spec: Spec;
  /** Null when valid; otherwise the spec's complaints, as paths and rules (never the values). */
  check(kind: Checked, value: unknown): string[] | null;
}

const shared = new Map<Spec, SpecCheck>();

/** One compiled validator set per loaded spec, shared by every connector. */
export function specCheck(spec: Spec = loadSpec()): SpecCheck {
  const existing = shared.get(spec);
  if (existing) return existing;
  const ajv = createAjv(spec);
  const compiled = new Map<Checked, ValidateFunction>();
  const made: SpecCheck = {
    spec,
    check(kind, value) {
      let validate = compiled.get(kind);
      if (!validate) {
        const ref = schemaRef(spec, kind);
        validate = ref ? ajv.getSchema(ref) : undefined;
        if (!validate) throw new NrxError('SPEC_INVALID', `the spec has no schema for ${kind}${ref ? ` (${ref})` : ''}`);
        compiled.set(kind, validate);
      }
      if (validate(value)) return null;
      return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
    },
  };
  shared.set(spec, made);
  return made;
}
