/** Deterministic GraphQL names for spec things: the same spec always yields the same schema. */

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** `referral-status-update` -> `ReferralStatusUpdate`, `ownWords` -> `OwnWords`. */
export function typeName(...parts: string[]): string {
  const name = parts
    .flatMap((part) => part.split(/[^A-Za-z0-9]+/))
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
  return GRAPHQL_NAME.test(name) ? name : `_${name}`;
}

/** A property name as a GraphQL field name; spec names are camelCase so this is nearly always the identity. */
export function fieldName(property: string): string {
  if (GRAPHQL_NAME.test(property)) return property;
  const camel = property.replace(/[^A-Za-z0-9]+([A-Za-z0-9])/g, (_m, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
  return GRAPHQL_NAME.test(camel) ? camel : `_${camel}`;
}
