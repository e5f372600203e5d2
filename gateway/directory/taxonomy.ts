/**
 * The service taxonomy's hierarchy, as its codes spell it (codelists/service-category: a top-level
 * code, then a dot and a specific one): a search for `medical` finds `medical.addiction-treatment`.
 */

/** True when `code` is `asked` or below it in the taxonomy. */
export function isWithin(code: string, asked: string): boolean {
  return code === asked || (code.length > asked.length && code.startsWith(asked) && code[asked.length] === '.');
}
