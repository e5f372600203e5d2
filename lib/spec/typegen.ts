import { compile } from 'json-schema-to-typescript';
import { asEnum } from './ajv.ts';
import { mapRefs } from './profile.ts';
import type { JsonSchemaObject, Spec, SpecSchema } from './types.ts';
import { NrxError } from '../errors.ts';

const BANNER = `/**
 * TypeScript types for the NRX standard, generated from the JSON Schemas in spec/v1.
 * Do not edit by hand: change the schemas and run \`npm run generate\`.
 */`;

/** Names a declaration must not shadow: `Date` for a date string would hide the global `Date` class. */
const GLOBAL_TYPES = new Set(['Array', 'Boolean', 'Date', 'Error', 'Function', 'Map', 'Number', 'Object', 'Record', 'Set', 'String', 'Symbol']);

/** `referral-status-update` -> `ReferralStatusUpdate`, `memberId` -> `MemberId`. */
export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** A schema that stands for a value on its own (an object or a codelist), rather than only holding `$defs`. */
function isValueSchema(json: JsonSchemaObject): boolean {
  return ['type', 'properties', 'oneOf', 'anyOf', 'allOf', 'enum', 'const', '$ref'].some((k) => k in json);
}

/**
 * The TypeScript name of every schema and of every `$defs` entry, keyed by absolute URI
 * (`<$id>` for a whole schema, `<$id>#/$defs/<name>` for a definition). Definitions of
 * `common.schema.json` are shared building blocks and keep their own name (`Address`);
 * those of any other schema are prefixed with it (`PersonDocument`).
 */
export function typeNames(spec: Spec): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Map<string, string>();
  const claim = (uri: string, wanted: string, fallback: string) => {
    const name = used.has(wanted) ? fallback : GLOBAL_TYPES.has(wanted) ? `Nrx${wanted}` : wanted;
    if (used.has(name)) throw new NrxError('SPEC_INVALID', `type name ${name} is claimed by both ${used.get(name)} and ${uri}`);
    used.set(name, uri);
    names.set(uri, name);
  };
  const ordered = [...spec.schemas].sort((a, b) => Number(Boolean(a.codelist)) - Number(Boolean(b.codelist)) || a.file.localeCompare(b.file));
  for (const schema of ordered) {
    if (isValueSchema(schema.json)) claim(schema.id, pascalCase(schema.name), `${pascalCase(schema.name)}Code`);
  }
  for (const schema of ordered) {
    const defs = (schema.json.$defs ?? {}) as Record<string, unknown>;
    const shared = schema.name === 'common';
    for (const def of Object.keys(defs).sort()) {
      const own = shared ? pascalCase(def) : pascalCase(schema.name) + pascalCase(def);
      claim(`${schema.id}#/$defs/${def}`, own, `${pascalCase(schema.name)}${pascalCase(def)}`);
    }
  }
  return names;
}

/** The sensitivity and transforms of a property, appended to its doc comment. */
function annotate(node: JsonSchemaObject): JsonSchemaObject {
  const tier = node['x-nrx-sensitivity'];
  if (typeof tier !== 'string') return node;
  const transforms = node['x-nrx-transforms'] as string[] | undefined;
  const notes = [`Sensitivity: ${tier}.`];
  if (transforms?.length) notes.push(`May be released as: ${transforms.join(', ')}.`);
  const description = typeof node.description === 'string' ? `${node.description}\n\n` : '';
  return { ...node, description: description + notes.join(' ') };
}

const LONG_CODELIST = 60;

/** A codelist as an `enum`, with each code's label and definition in the doc comment. */
function codelistForTypes(schema: SpecSchema): JsonSchemaObject {
  const list = schema.codelist!;
  // A long list (countries) would bury the declarations; its page in spec/docs has every code.
  const codes = list.codes.length > LONG_CODELIST
    ? `${list.codes.length} codes: see spec/docs/codelists.md#${list.name}.`
    : list.codes.map((c) => `- \`${c.code}\`: ${c.label}. ${c.definition}`).join('\n');
  return { ...asEnum(schema.json), description: `${schema.json.description}\n\n${codes}` };
}

/** Deep copy without the keywords json-schema-to-typescript would misread as type names or ids. */
function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (!node || typeof node !== 'object') return node;
  const out: JsonSchemaObject = {};
  for (const [key, value] of Object.entries(annotate(node as JsonSchemaObject))) {
    if (['$id', '$schema', 'title', '$comment', 'x-nrx-codelist', 'x-nrx-sensitivity', 'x-nrx-transforms'].includes(key)) continue;
    // Conditional rules have no TypeScript form; left in, they would turn an interface into an open index signature.
    if (['if', 'then', 'else', 'not', 'dependentSchemas'].includes(key)) continue;
    // `properties`, `$defs` and `patternProperties` hold names, not keywords: keep every entry.
    if (key === 'properties' || key === '$defs' || key === 'patternProperties' || key === 'dependentSchemas') {
      out[key] = Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, strip(v)]));
    } else out[key] = strip(value);
  }
  if (Array.isArray(out.allOf)) {
    const kept = (out.allOf as JsonSchemaObject[]).filter((entry) => Object.keys(entry).some((k) => k !== 'description'));
    if (kept.length) out.allOf = kept;
    else delete out.allOf;
  }
  // A $ref with sibling keywords is merged into a fresh copy by the ref parser, which would
  // declare the referenced type again; wrapping the $ref keeps one shared declaration.
  if (typeof out.$ref === 'string' && Object.keys(out).length > 1) {
    const { $ref, ...siblings } = out;
    return { ...siblings, allOf: [{ $ref }] };
  }
  return out;
}

/**
 * One synthetic root schema whose `$defs` hold every object, codelist and shared definition
 * of the spec, with every `$ref` rewritten to point inside it. Each shared type is then
 * declared once, however many objects use it.
 */
export function bundleForTypes(spec: Spec): JsonSchemaObject {
  const names = typeNames(spec);
  const defs: Record<string, unknown> = {};
  const toLocal = (uri: string): string => {
    const [doc, fragment = ''] = uri.split('#');
    const defMatch = /^\/\$defs\/([^/]+)(.*)$/.exec(fragment);
    if (defMatch && names.has(`${doc}#/$defs/${defMatch[1]}`)) return `#/$defs/${names.get(`${doc}#/$defs/${defMatch[1]}`)}${defMatch[2]}`;
    const name = names.get(doc!);
    if (!name) throw new NrxError('SPEC_INVALID', `$ref ${uri} points outside the spec`);
    return `#/$defs/${name}${fragment}`;
  };
  for (const schema of spec.schemas) {
    const source = schema.codelist ? codelistForTypes(schema) : schema.json;
    const rewritten = mapRefs(source, (ref) => toLocal(new URL(ref, schema.id).href)) as JsonSchemaObject;
    const { $defs, ...body } = rewritten;
    if (names.has(schema.id)) defs[names.get(schema.id)!] = strip(body);
    for (const [def, value] of Object.entries(($defs ?? {}) as Record<string, unknown>)) {
      defs[names.get(`${schema.id}#/$defs/${def}`)!] = strip(value);
    }
  }
  const documents = [...spec.documentKinds.values()].sort().map((id) => ({ $ref: `#/$defs/${names.get(id)}` }));
  defs.NrxDocument = { description: 'Any document exchanged on its own, told apart by its `kind`.', anyOf: documents };
  const sorted = Object.keys(defs).sort();
  // json-schema-to-typescript declares only what the root reaches, so the root lists every type by name.
  return {
    title: 'NrxTypes',
    description: 'Every type of the standard by name, for look-ups such as `NrxTypes["Referral"]`. Not a document.',
    type: 'object',
    properties: Object.fromEntries(sorted.map((name) => [name, { $ref: `#/$defs/${name}` }])),
    required: sorted,
    additionalProperties: false,
    $defs: Object.fromEntries(sorted.map((name) => [name, defs[name]])),
  };
}

/** The TypeScript declarations of the whole spec, as one module. */
export async function generateTypes(spec: Spec): Promise<string> {
  const root = bundleForTypes(spec);
  const source = await compile(root as any, 'NrxTypes', {
    bannerComment: BANNER,
    declareExternallyReferenced: true,
    additionalProperties: false,
    strictIndexSignatures: true,
    unknownAny: true,
    format: true,
    style: { singleQuote: true, printWidth: 120 },
    // Every $ref already points inside the bundle; nothing may be fetched.
    $refOptions: { resolve: { external: false } as any },
    // Keep bounded arrays as arrays rather than unions of tuples.
    maxItems: -1,
  });
  return asTypeAliases(source);
}

/**
 * Object types as type aliases rather than interfaces: an alias of an object type is also a plain
 * JSON object (`Record<string, unknown>`) to the code that walks documents generically (the policy
 * filter, the guard), while an interface would need a cast through unknown there.
 */
function asTypeAliases(source: string): string {
  let open = false;
  return source
    .split('\n')
    .map((line) => {
      const start = /^export interface (\w+) \{$/.exec(line);
      if (start) {
        open = true;
        return `export type ${start[1]} = {`;
      }
      if (open && line === '}') {
        open = false;
        return '};';
      }
      return line;
    })
    .join('\n');
}
