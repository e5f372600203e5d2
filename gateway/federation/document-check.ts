/**
 * Checks what a peer sends against the standard: the protocol's own messages, and the referral an
 * envelope carries, with the country profile the envelope names. A released referral lacks what its
 * sender's policy withheld, so a missing required property is excused exactly where the envelope
 * declares a withheld field. A referral of a later 1.x minor may carry properties this gateway does
 * not know: their sensitivity is unknown here, so they are dropped (default deny), not refused.
 */
import type { ValidationIssue, Validator } from '../../lib/validator/index.ts';
import { createValidator } from '../../lib/validator/index.ts';
import { loadProfile } from '../../lib/spec/profile.ts';
import type { Spec } from '../../lib/spec/types.ts';
import { PeerMessageError, type ReferralEnvelope } from './messages.ts';
import { isNrxError } from '../../lib/errors.ts';
import { pointerNames, pointerToken } from '../../lib/json-pointer.ts';

export interface DocumentChecker {
  /** Throws PEER_MESSAGE_INVALID, naming the first issues, when `value` is not a valid `kind`. */
  check(kind: string, value: unknown, at: string): void;
  /** The envelope's referral, checked; unknown properties of a later minor removed. */
  referral(envelope: ReferralEnvelope): Record<string, unknown>;
}

const missingPointer = (issue: ValidationIssue) => {
  const name = /^property '(.*)'$/.exec(issue.expected ?? '')?.[1];
  return name === undefined ? undefined : `${issue.pointer}/${pointerToken(name)}`;
};

function invalid(what: string, at: string, issues: readonly ValidationIssue[]): PeerMessageError {
  const listed = issues.slice(0, 5).map((i) => `${at}${i.pointer || ''}: ${i.message}`).join('; ');
  return new PeerMessageError('PEER_MESSAGE_INVALID', `the ${what} does not follow the standard: ${listed}${issues.length > 5 ? `; and ${issues.length - 5} more` : ''}`);
}

/** The minor version of a 1.x version string, or NaN. */
const minorOf = (version: unknown) => (typeof version === 'string' ? Number(/^1\.([0-9]+)\./.exec(version)?.[1]) : NaN);

function removeAt(document: Record<string, unknown>, pointer: string): void {
  const segments = pointerNames(pointer);
  const name = segments.pop();
  let node: any = document;
  for (const segment of segments) node = node?.[segment];
  if (node && typeof node === 'object' && name !== undefined) delete node[name];
}

export function createDocumentChecker(spec: Spec, validator: Validator): DocumentChecker {
  const ownMinor = minorOf(spec.version);
  const profiles = new Map<string, Validator>();

  function validatorFor(profile: string | undefined): Validator {
    if (!profile) return validator;
    let found = profiles.get(profile);
    if (!found) {
      try {
        found = createValidator({ spec: loadProfile(profile) });
      } catch (error) {
        if (isNrxError(error)) throw new PeerMessageError('PEER_MESSAGE_INVALID', `the envelope names profile '${profile.slice(0, 32)}', which this gateway does not have: ${error.message}`);
        throw error;
      }
      profiles.set(profile, found);
    }
    return found;
  }

  return {
    check(kind, value, at) {
      const result = validator.validateValue(value, { kind });
      if (!result.valid) throw invalid(kind, at, result.issues);
    },
    referral(envelope) {
      const document = structuredClone(envelope.document);
      if (document.id !== envelope.referralId || document.sender !== envelope.from || document.recipient !== envelope.to) {
        throw new PeerMessageError('PEER_MESSAGE_INVALID', 'the referral does not match its envelope (id, sender, recipient)');
      }
      const profile = typeof envelope.profile === 'string' ? envelope.profile : typeof document.profile === 'string' ? document.profile : undefined;
      const result = validatorFor(profile).validateValue(document, { kind: 'referral' });
      if (result.valid) return document;
      const withheld = new Set(envelope.withheld.map((w) => w.pointer));
      const newer = minorOf(document.specVersion) > ownMinor;
      const unknown: string[] = [];
      const remaining = result.issues.filter((issue) => {
        if (issue.keyword === 'required') {
          const missing = missingPointer(issue);
          return !(missing && withheld.has(missing));
        }
        if (newer && issue.keyword === 'additionalProperties') {
          unknown.push(issue.pointer);
          return false;
        }
        return true;
      });
      if (remaining.length || result.omittedIssues) throw invalid('referral', '/document', remaining.length ? remaining : result.issues);
      for (const pointer of unknown) removeAt(document, pointer);
      return document;
    },
  };
}
