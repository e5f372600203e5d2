import { fieldModel } from '../policy/field-groups.ts';
import type { Spec } from '../../lib/spec/types.ts';

/**
 * The field group an audited field belongs to, for the officer's disclosure matrix: the first group
 * the catalogue gives it, 'envelope' for the message's own fields. Only referral fields are grouped.
 */
export function fieldGroupResolver(spec: Spec): (kind: string, pointer: string) => string | undefined {
  const model = fieldModel(spec);
  const cache = new Map<string, string | undefined>();
  return (kind, pointer) => {
    if (kind !== model.file.document) return undefined;
    const generic = pointer.replace(/\/[0-9]+(?=\/|$)/g, '/*');
    if (cache.has(generic)) return cache.get(generic);
    let field = model.byPointer.get(generic);
    // A value inside a field the catalogue lists (an object released whole): the nearest listed ancestor.
    for (let p = generic; !field && p.includes('/'); ) {
      p = p.slice(0, p.lastIndexOf('/'));
      field = model.byPointer.get(p);
    }
    const group = field ? (field.envelope ? 'envelope' : [...field.groups][0]) : undefined;
    cache.set(generic, group);
    return group;
  };
}
