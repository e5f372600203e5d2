// @ts-check
/**
 * The spec's schemas and codelists as the gateway publishes them (/spec/v1/...), fetched once per
 * page load: pickers, labels and the new-referral form are all derived from them.
 */

/** @typedef {{ code: string, label: string, definition: string }} Code */

/** @type {Map<string, Promise<any>>} */
const schemas = new Map();

/**
 * A schema of the spec by its $id (or path under the gateway), fetched once.
 * @param {string} id
 * @returns {Promise<any>}
 */
export function specSchema(id) {
  const path = id.startsWith('http') ? new URL(id).pathname : id;
  let schema = schemas.get(path);
  if (!schema) {
    schema = fetch(path).then((r) => {
      if (!r.ok) throw new Error(`${path}: ${r.status}`);
      return r.json();
    });
    schemas.set(path, schema);
  }
  return schema;
}

/**
 * The codes of a codelist, with their labels and definitions.
 * @param {string} name e.g. 'referral-status'
 * @returns {Promise<Code[]>}
 */
export async function codelist(name) {
  const schema = await specSchema(`/spec/v1/codelists/${name}.schema.json`);
  return codesOf(schema);
}

/**
 * @param {any} schema a codelist schema (oneOf of consts)
 * @returns {Code[]}
 */
export function codesOf(schema) {
  return (schema.oneOf ?? []).filter((/** @type {any} */ c) => !c.deprecated).map((/** @type {any} */ c) => ({ code: c.const, label: c.title ?? c.const, definition: c.description ?? '' }));
}

/** The version of the standard the gateway follows, for the documents the console writes. */
export async function specVersion() {
  const index = await specSchema('/spec/v1/');
  return /** @type {string} */ (index.version);
}
