/**
 * JSON Pointer tokens (RFC 6901): the one place a property name becomes a token ('~' as '~0',
 * '/' as '~1') and back. Names without either character, nearly all of them, are returned as
 * they are, because policy and disclosure walks call these once per field served.
 */

/** A property name as a pointer token. */
export function pointerToken(name: string): string {
  return name.indexOf('~') < 0 && name.indexOf('/') < 0 ? name : name.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A pointer token as the property name it stands for. */
export function nameOfToken(token: string): string {
  return token.indexOf('~') < 0 ? token : token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The property names a pointer walks through, in order ('' is the whole document). */
export function pointerNames(pointer: string): string[] {
  return pointer.split('/').slice(1).map(nameOfToken);
}
