// @ts-check
/**
 * GraphQL selection sets derived from the served schema (by introspection, once per page load), so
 * that a page can ask for every field of a spec section without a hand-written query that would
 * fall behind the spec.
 */
import { graphql } from './api.js';

/** @typedef {{ kind: string, name: string | null, ofType?: TypeRef | null }} TypeRef */
/** @typedef {{ name: string, kind: string, fields: Array<{ name: string, type: TypeRef }> | null }} IntrospectedType */

const TYPES_QUERY = `query ConsoleTypes {
  __schema { types { name kind fields { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}`;

/** @type {Promise<Map<string, IntrospectedType>> | undefined} */
let types;

function schemaTypes() {
  types ??= graphql(TYPES_QUERY).then((result) => {
    if (result.errors.length) throw new Error(result.errors[0]?.message);
    return new Map(/** @type {IntrospectedType[]} */ (result.data.__schema.types).map((type) => [type.name, type]));
  });
  return types;
}

/** @param {TypeRef} type */
function named(type) {
  /** @type {TypeRef | null | undefined} */
  let current = type;
  while (current && !current.name) current = current.ofType;
  return current ?? type;
}

/**
 * Every field of a type, objects expanded to `depth` levels (deeper objects are left out).
 * @param {string} typeName
 * @param {number} depth
 * @returns {Promise<string>} e.g. `{ givenName sex languages currentAddress { region country } }`
 */
export async function selectionOf(typeName, depth) {
  const all = await schemaTypes();
  /** @param {string} name @param {number} left @returns {string} */
  const build = (name, left) => {
    const type = all.get(name);
    const parts = (type?.fields ?? []).flatMap((field) => {
      const inner = named(field.type);
      if (inner.kind === 'SCALAR' || inner.kind === 'ENUM') return [field.name];
      if (inner.kind !== 'OBJECT' || left <= 1 || !inner.name) return [];
      const nested = build(inner.name, left - 1);
      return nested ? [`${field.name} ${nested}`] : [];
    });
    return parts.length ? `{ ${parts.join(' ')} }` : '';
  };
  return build(typeName, depth);
}

/**
 * The GraphQL type of a field of a type (e.g. ReferralSections.person → Person).
 * @param {string} typeName
 * @param {string} fieldName
 */
export async function fieldType(typeName, fieldName) {
  const all = await schemaTypes();
  const field = all.get(typeName)?.fields?.find((f) => f.name === fieldName);
  return field ? named(field.type).name : null;
}

/** The fields of a type, in the schema's order. */
export async function fieldsOf(/** @type {string} */ typeName) {
  return ((await schemaTypes()).get(typeName)?.fields ?? []).map((f) => f.name);
}
