/** Issues new trust lists for a test federation made by ensureDemoFiles: the operator re-signs an edited copy. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { generateSigningKey } from '../../gateway/auth/keys.ts';
import { signTrustList, type TrustListDocument } from '../../gateway/auth/trust-list.ts';
import type { DemoFiles } from '../../gateway/demo/files.ts';

export function operatorKeyOf(files: DemoFiles): JWK {
  return JSON.parse(readFileSync(join(files.dir, 'keys', 'RS_GOV_NRX-OPERATOR.private.jwk.json'), 'utf8')) as JWK;
}

/** The document of the list now in the file (the payload of its compact JWS). */
export function listedDocument(files: DemoFiles): TrustListDocument {
  const jws = readFileSync(files.trustListFile, 'utf8').trim();
  return JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8')) as TrustListDocument;
}

/** Signs `edit(document)` as the next issue (sequence + `step`), with the operator key or `signer`. */
export async function issueList(files: DemoFiles, edit: (doc: TrustListDocument) => void, options: { step?: number; signer?: JWK } = {}): Promise<string> {
  const document = structuredClone(listedDocument(files));
  document.sequence += options.step ?? 1;
  document.id = crypto.randomUUID();
  edit(document);
  return signTrustList(document, options.signer ?? operatorKeyOf(files));
}

export async function publishList(files: DemoFiles, edit: (doc: TrustListDocument) => void, options: { step?: number; signer?: JWK } = {}): Promise<void> {
  writeFileSync(files.trustListFile, `${await issueList(files, edit, options)}\n`);
}

export const otherSigner = async (): Promise<JWK> => (await generateSigningKey({ kid: 'demo-operator' })).privateJwk;

export function dropMember(doc: TrustListDocument, id: string): void {
  doc.members = doc.members.filter((m) => m.id !== id) as TrustListDocument['members'];
}
