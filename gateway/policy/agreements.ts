import { readFileSync } from 'node:fs';
import { createAjv, compileKind } from '../../lib/spec/ajv.ts';
import { loadSpec } from '../../lib/spec/load.ts';
import type { Spec } from '../../lib/spec/types.ts';
import type { DataSharingAgreement } from './types.ts';

export class AgreementError extends Error {}

/** Reads and schema-checks agreement files; throws AgreementError naming the file and the problem. */
export function readAgreements(files: readonly string[], spec: Spec = loadSpec()): DataSharingAgreement[] {
  const validate = compileKind(createAjv(spec), spec, 'data-sharing-agreement');
  return files.map((file) => {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new AgreementError(`${file}: cannot read (${(error as Error).message})`);
    }
    if (!validate(json)) {
      const first = validate.errors?.[0];
      throw new AgreementError(`${file}: not a valid data-sharing agreement: ${first?.instancePath || '/'} ${first?.message ?? ''}`.trim());
    }
    return json as DataSharingAgreement;
  });
}
