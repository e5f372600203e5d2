import { readFileSync } from 'node:fs';
import { createAjv, compileKind } from '../../lib/spec/ajv.ts';
import { loadSpec } from '../../lib/spec/load.ts';
import type { Spec } from '../../lib/spec/types.ts';
import type { DataSharingAgreement } from './types.ts';
import { NrxError } from '../../lib/errors.ts';

/** Agreements, or the policy set-up around them, that cannot be used. */
export class AgreementError extends NrxError<'AGREEMENT_INVALID' | 'POLICY_SETUP_INVALID'> {}

/** Reads and schema-checks agreement files; throws AgreementError naming the file and the problem. */
export function readAgreements(files: readonly string[], spec: Spec = loadSpec()): DataSharingAgreement[] {
  const validate = compileKind(createAjv(spec), spec, 'data-sharing-agreement');
  return files.map((file) => {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new AgreementError('AGREEMENT_INVALID', `${file}: cannot read (${(error as Error).message})`);
    }
    if (!validate(json)) {
      const first = validate.errors?.[0];
      throw new AgreementError('AGREEMENT_INVALID', `${file}: not a valid data-sharing agreement: ${first?.instancePath || '/'} ${first?.message ?? ''}`.trim());
    }
    return json as DataSharingAgreement;
  });
}
