/**
 * The service taxonomy's hierarchy, as its codes spell it (codelists/service-category: a top-level
 * code, then a dot and a specific one): a search for `medical` finds `medical.addiction-treatment`.
 */

/** True when `code` is `asked` or below it in the taxonomy. */
export function isWithin(code: string, asked: string): boolean {
  return code === asked || (code.length > asked.length && code.startsWith(asked) && code[asked.length] === '.');
}

/** How closely a service's categories answer the asked ones: 2 for the very code, 1 for one below it, 0 for none. */
export function categoryFit(serviceCategories: readonly string[], asked: readonly string[]): number {
  let best = 0;
  for (const code of serviceCategories) {
    for (const a of asked) {
      if (code === a) return 2;
      if (isWithin(code, a)) best = 1;
    }
  }
  return best;
}
