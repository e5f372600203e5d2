import { createHmac } from 'node:crypto';
import { NrxError } from '../../lib/errors.ts';

const SUBJECT_REF = /^[A-Za-z0-9][A-Za-z0-9._:-]{5,127}$/;
/** What every pseudonym looks like: 'p' and the 43 characters of a base64url SHA-256 MAC. */
const PSEUDONYM_SHAPE = /^p[A-Za-z0-9.-]{43}$/;

/** Whether `shown` could be a pseudonym at all; a reference of another shape is never one. */
export function mayBePseudonym(shown: string): boolean {
  return PSEUDONYM_SHAPE.test(shown);
}

/**
 * The pseudonym one recipient sees for her: HMAC-SHA256 of her reference and the recipient's
 * member id under the controller's key, so recipients cannot link their records. base64url,
 * with '_' written as '.' because a subject reference does not allow '_', behind a 'p' so that
 * it always starts with a letter.
 */
export function pseudonymFor(subject: string, recipientMemberId: string, key: string | Uint8Array): string {
  if (!subject || !recipientMemberId) throw new TypeError('pseudonymFor needs a subject and a recipient member id');
  if ((typeof key === 'string' ? Buffer.byteLength(key) : key.byteLength) < 16) throw new TypeError('pseudonym key must be at least 16 bytes');
  const mac = createHmac('sha256', key).update(subject).update('\u0000').update(recipientMemberId).digest('base64url');
  const pseudonym = `p${mac.replace(/_/g, '.')}`;
  if (!SUBJECT_REF.test(pseudonym)) throw new NrxError('INTERNAL', 'pseudonym does not fit the subject reference pattern');
  return pseudonym;
}
