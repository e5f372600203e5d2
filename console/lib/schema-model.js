// @ts-check
/**
 * A form model derived from the spec's JSON Schemas: each property becomes a field of a kind
 * (text, date, code picker, yes/no, number, list of codes, list of texts, group, repeated group),
 * with its label, description, and whether it is required. `$ref`s are followed across the spec's
 * files as the gateway publishes them.
 */
import { codesOf, specSchema } from './spec.js';

/**
 * @typedef {{ kind: 'text', format?: string, maxLength?: number, multiline?: boolean }
 *   | { kind: 'code', codes: import('./spec.js').Code[] }
 *   | { kind: 'codes', codes: import('./spec.js').Code[] }
 *   | { kind: 'bool' }
 *   | { kind: 'number', integer: boolean }
 *   | { kind: 'texts' }
 *   | { kind: 'object', fields: Field[] }
 *   | { kind: 'list', item: Node }} Node
 * @typedef {{ name: string, required: boolean, description: string, node: Node }} Field
 */

/** Nested objects deeper than this are left out of the form (the spec's documents stay shallow in practice). */
const MAX_DEPTH = 4;

/**
 * @param {any} root
 * @param {string} pointer e.g. "/$defs/memberId"
 */
function atPointer(root, pointer) {
  return pointer.split('/').slice(1).reduce((node, part) => node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], root);
}

/**
 * Follows `$ref`s (and a single-branch allOf) to the schema that says what the value is.
 * @param {any} schema
 * @param {string} base the URL the schema was read from
 * @returns {Promise<{ schema: any, base: string }>}
 */
async function resolve(schema, base) {
  let current = schema;
  let where = base;
  for (let hops = 0; current?.$ref && hops < 10; hops++) {
    const target = new URL(current.$ref, where);
    const document = target.pathname === new URL(where).pathname && current.$ref.startsWith('#') ? await specSchema(where) : await specSchema(target.href);
    const description = current.description;
    current = target.hash ? atPointer(document, decodeURIComponent(target.hash.slice(1))) : document;
    if (description && !current?.description) current = { ...current, description };
    where = new URL(target.pathname, where).href;
  }
  return { schema: current ?? {}, base: where };
}

/**
 * @param {any} schema
 * @param {string} base
 * @param {number} depth
 * @returns {Promise<Node | null>}
 */
async function nodeOf(schema, base, depth) {
  const { schema: s, base: at } = await resolve(schema, base);
  if (s['x-nrx-codelist']) return { kind: 'code', codes: codesOf(s) };
  if (s.type === 'boolean') return { kind: 'bool' };
  if (s.type === 'integer' || s.type === 'number') return { kind: 'number', integer: s.type === 'integer' };
  if (s.type === 'string' || s.const !== undefined || (!s.type && s.pattern)) return { kind: 'text', ...(s.format ? { format: s.format } : {}), ...(s.maxLength ? { maxLength: s.maxLength, multiline: s.maxLength > 500 } : {}) };
  if (s.type === 'array') {
    const item = await nodeOf(s.items ?? {}, at, depth);
    if (!item) return null;
    if (item.kind === 'code') return { kind: 'codes', codes: item.codes };
    if (item.kind === 'text') return { kind: 'texts' };
    return depth < MAX_DEPTH ? { kind: 'list', item } : null;
  }
  if (s.type === 'object' || s.properties) {
    if (depth >= MAX_DEPTH) return null;
    const required = new Set(s.required ?? []);
    const fields = [];
    for (const [name, property] of Object.entries(s.properties ?? {})) {
      const node = await nodeOf(property, at, depth + 1);
      if (node) fields.push({ name, required: required.has(name), description: /** @type {any} */ (property).description ?? '', node });
    }
    return { kind: 'object', fields };
  }
  return null;
}

/**
 * The form model of a spec schema, or of one of its properties.
 * @param {string} schemaPath e.g. "/spec/v1/referral.schema.json"
 * @returns {Promise<Node | null>}
 */
export async function formModel(schemaPath) {
  const base = new URL(schemaPath, location.origin).href;
  return nodeOf(await specSchema(schemaPath), base, 0);
}

/**
 * Drops what the form holds empty (blank texts, unset pickers, empty groups and lists).
 * @param {any} value
 * @returns {any}
 */
export function pruned(value) {
  if (Array.isArray(value)) {
    const items = value.map(pruned).filter((v) => v !== undefined);
    return items.length ? items : undefined;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => [k, pruned(v)]).filter(([, v]) => v !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return value === '' || value === null ? undefined : value;
}
