import { readFileSync } from 'node:fs';
import { NrxError } from '../lib/errors.ts';

/**
 * The member directory a report names agencies from: a trust-list document (JSON), a list of
 * member entries (JSON), or a signed trust list (compact JWS), checked with the operator's key.
 * Returns each member's directory name by id.
 */
export async function readDirectory(file: string, operatorKeyFile?: string): Promise<Map<string, string>> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new NrxError('DIRECTORY_UNREADABLE', `cannot read the directory ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let members: unknown;
  if (/^[\w-]+\.[\w-]+\.[\w-]+$/.test(text)) {
    if (!operatorKeyFile) throw new NrxError('DIRECTORY_KEY_MISSING', `${file} is a signed trust list: give the operator's public key with --directory-key FILE to check it`);
    const [{ readJwkFile }, { verifyTrustList }] = await Promise.all([import('../gateway/auth/keys.ts'), import('../gateway/auth/trust-list.ts')]);
    const list = await verifyTrustList(text, readJwkFile(operatorKeyFile), { allowExpired: true });
    return new Map([...list.members.values()].map((m) => [m.id, m.name]));
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    members = Array.isArray(parsed) ? parsed : (parsed as { members?: unknown }).members;
  } catch (error) {
    throw new NrxError('DIRECTORY_INVALID', `${file} is neither JSON nor a signed trust list: ${(error as Error).message}`);
  }
  if (!Array.isArray(members)) throw new NrxError('DIRECTORY_INVALID', `${file} holds no members: expected a trust-list document ({"members": [...]}) or a list of member entries`);
  const names = new Map<string, string>();
  for (const m of members as { id?: unknown; name?: unknown }[]) {
    if (typeof m?.id === 'string' && typeof m.name === 'string') names.set(m.id, m.name);
  }
  return names;
}
