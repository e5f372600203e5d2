import type { Codelist, JsonSchemaObject, Spec, SpecSchema } from './types.ts';

/** Generated human documentation of one spec: file name (relative to spec/docs) -> Markdown. */
export type DocPages = Map<string, string>;

const NOTICE = '<!-- Generated from the JSON Schemas by `npm run generate`. Do not edit by hand. -->';

interface Row {
  path: string;
  type: string;
  required: boolean;
  tiers: string[];
  inherited: string[];
  transforms: string[];
  description: string;
}

/** Where a `$ref` leads: the schema and, for a `$defs` entry, its name and node. */
interface Target {
  schema: SpecSchema;
  def?: string;
  node: JsonSchemaObject;
}

const cell = (text: string) => text.replace(/\r?\n+/g, ' ').replace(/\|/g, '\\|').trim();
const code = (text: string) => `\`${text}\``;
const anchor = (name: string) => `<a id="${name.toLowerCase()}"></a>`;
const pageOf = (schema: SpecSchema) => (schema.codelist ? 'codelists.md' : `${schema.name}.md`);

function resolve(spec: Spec, from: SpecSchema, ref: string): Target | undefined {
  const [doc, fragment = ''] = new URL(ref, from.id).href.split('#');
  const schema = spec.byId.get(doc!);
  if (!schema) return undefined;
  const def = /^\/\$defs\/([^/]+)$/.exec(fragment)?.[1];
  if (def) {
    const node = (schema.json.$defs as Record<string, JsonSchemaObject> | undefined)?.[def];
    return node ? { schema, def, node } : undefined;
  }
  return fragment ? undefined : { schema, node: schema.json };
}

/** The `$ref` a node stands for: its own, or the single entry of an `allOf` wrapper. */
function refOf(node: JsonSchemaObject): string | undefined {
  if (typeof node.$ref === 'string') return node.$ref;
  const all = node.allOf as JsonSchemaObject[] | undefined;
  return all?.length === 1 && typeof all[0]!.$ref === 'string' ? (all[0]!.$ref as string) : undefined;
}

function link(target: Target): string {
  if (target.schema.codelist) return `[${target.schema.name}](codelists.md#${target.schema.name})`;
  if (target.def) return `[${target.def}](${pageOf(target.schema)}#${target.def.toLowerCase()})`;
  return `[${target.schema.json.title as string}](${pageOf(target.schema)})`;
}

function bounds(node: JsonSchemaObject, unit: string, min: string, max: string): string {
  const lo = node[min] as number | undefined;
  const hi = node[max] as number | undefined;
  if (lo !== undefined && hi !== undefined) return `${lo}–${hi} ${unit}`;
  if (hi !== undefined) return `≤ ${hi} ${unit}`;
  if (lo !== undefined) return `≥ ${lo} ${unit}`;
  return '';
}

function primitive(node: JsonSchemaObject): string {
  const types = Array.isArray(node.type) ? (node.type as string[]) : node.type ? [node.type as string] : [];
  const notes = [
    typeof node.format === 'string' ? node.format : '',
    bounds(node, 'chars', 'minLength', 'maxLength'),
    bounds(node, '', 'minimum', 'maximum').trim(),
    typeof node.pattern === 'string' ? 'pattern' : '',
  ].filter(Boolean);
  const base = types.join(' or ') || 'any';
  return notes.length ? `${base} (${notes.join(', ')})` : base;
}

function describeType(spec: Spec, from: SpecSchema, node: JsonSchemaObject): string {
  const ref = refOf(node);
  if (ref) {
    const target = resolve(spec, from, ref);
    if (!target) return code(ref);
    const inner = target.node;
    // A shared scalar (memberId, date) shows its base type next to the link.
    if (target.def && !refOf(inner) && inner.type && inner.type !== 'object') return `${primitive(inner)}, ${link(target)}`;
    return link(target);
  }
  if ('const' in node) return `constant ${code(JSON.stringify(node.const))}`;
  if (Array.isArray(node.enum)) return `one of ${(node.enum as unknown[]).map((v) => code(String(v))).join(', ')}`;
  const choices = (node.oneOf ?? node.anyOf) as JsonSchemaObject[] | undefined;
  if (choices) {
    if (choices.every((c) => 'const' in c)) return `one of ${choices.map((c) => code(String(c.const))).join(', ')}`;
    return `one of: ${choices.map((c) => describeType(spec, from, c)).join('; ')}`;
  }
  if (node.type === 'array' && node.items && typeof node.items === 'object') {
    const count = bounds(node, 'items', 'minItems', 'maxItems');
    return `array of ${describeType(spec, from, node.items as JsonSchemaObject)}${count ? ` (${count})` : ''}`;
  }
  return primitive(node);
}

/**
 * The fields of an object node as rows, nested objects flattened into dotted paths (`[]` marks
 * an array's items). A `$ref` to a shared definition is followed `follow` levels deep; a `$ref`
 * to a whole object or a codelist is a link to its own page.
 */
function collectRows(spec: Spec, from: SpecSchema, node: JsonSchemaObject, prefix: string, inherited: string[], follow: number, rows: Row[]): void {
  const properties = (node.properties ?? {}) as Record<string, JsonSchemaObject>;
  const required = new Set((node.required ?? []) as string[]);
  for (const [name, prop] of Object.entries(properties)) {
    const path = prefix ? `${prefix}.${name}` : name;
    const tier = prop['x-nrx-sensitivity'] as string | undefined;
    rows.push({
      path,
      type: describeType(spec, from, prop),
      required: required.has(name),
      tiers: tier ? [tier] : [],
      inherited: inherited.filter((t) => t !== tier),
      transforms: (prop['x-nrx-transforms'] ?? []) as string[],
      description: (prop.description as string | undefined) ?? '',
    });
    const enclosing = [...new Set([...inherited, ...(tier ? [tier] : [])])];
    descend(spec, from, prop, path, enclosing, follow, rows);
  }
}

function descend(spec: Spec, from: SpecSchema, node: JsonSchemaObject, path: string, inherited: string[], follow: number, rows: Row[]): void {
  if (node.properties) return collectRows(spec, from, node, path, inherited, follow, rows);
  if (node.type === 'array' && node.items && typeof node.items === 'object') {
    return descend(spec, from, node.items as JsonSchemaObject, `${path}[]`, inherited, follow, rows);
  }
  const ref = refOf(node);
  if (!ref || follow <= 0) return;
  const target = resolve(spec, from, ref);
  if (target?.def && target.node.properties) collectRows(spec, target.schema, target.node, path, inherited, follow - 1, rows);
}

function fieldTable(rows: Row[]): string {
  const lines = ['| Field | Type | Required | Sensitivity | Transforms | Description |', '| --- | --- | --- | --- | --- | --- |'];
  for (const row of rows) {
    const tiers = row.tiers.map((t) => `[${t}](sensitivity.md#${t})`).join(', ');
    const also = row.inherited.length ? ` (within ${row.inherited.map((t) => `[${t}](sensitivity.md#${t})`).join(', ')})` : '';
    lines.push(
      `| ${code(row.path)} | ${cell(row.type)} | ${row.required ? 'yes' : 'no'} | ${tiers}${also} | ${row.transforms.map(code).join(', ')} | ${cell(row.description)} |`,
    );
  }
  return lines.join('\n');
}

function objectPage(spec: Spec, schema: SpecSchema): string {
  const json = schema.json;
  const kind = [...spec.documentKinds.entries()].find(([, id]) => id === schema.id)?.[0];
  const out = [NOTICE, '', `# ${json.title as string}`, '', json.description as string, '', `- Schema: ${code(schema.id)}`];
  if (kind) out.push(`- Exchanged on its own as a document with ${code(`"kind": "${kind}"`)}.`);
  out.push(`- Index: [all objects](README.md)`, '');
  if (json.properties) {
    const rows: Row[] = [];
    collectRows(spec, schema, json, '', [], 1, rows);
    out.push('## Fields', '', fieldTable(rows), '');
  }
  const rules = conditionalRules(json);
  if (rules.length) out.push('## Rules', '', 'Beyond the fields, a valid document also meets these conditions:', '', ...rules.map((r) => `- ${cell(r)}`), '');
  const defs = (json.$defs ?? {}) as Record<string, JsonSchemaObject>;
  const defNames = Object.keys(defs).sort();
  if (defNames.length) out.push('## Definitions', '');
  for (const name of defNames) {
    const def = defs[name]!;
    out.push(`### ${anchor(name)}${name}`, '');
    if (def.description) out.push(def.description as string, '');
    out.push(`Type: ${describeType(spec, schema, def)}. Referenced as ${code(`${schema.file}#/$defs/${name}`)}.`, '');
    if (def.properties) {
      const rows: Row[] = [];
      collectRows(spec, schema, def, '', [], 1, rows);
      out.push(fieldTable(rows), '');
    }
  }
  return out.join('\n');
}

/** The descriptions of a schema's conditional rules (`allOf` entries and a top-level `if`/`then`). */
function conditionalRules(json: JsonSchemaObject): string[] {
  const rules: string[] = [];
  const describe = (node: JsonSchemaObject) => {
    const then = node.then as JsonSchemaObject | undefined;
    const text = (node.description ?? then?.description) as string | undefined;
    if (text) rules.push(text);
  };
  for (const entry of (json.allOf ?? []) as JsonSchemaObject[]) describe(entry);
  if (json.if && json.then) describe({ description: (json.then as JsonSchemaObject).description, then: json.then });
  return rules;
}

function codelistsPage(spec: Spec): string {
  const lists = [...spec.codelists.values()].sort((a, b) => a.name.localeCompare(b.name));
  const out = [NOTICE, '', '# Codelists', '', 'Every coded value of the standard. A code with its own sensitivity reveals more than the field that holds it; policy then treats the field as carrying both tiers.', ''];
  out.push(...lists.map((l) => `- [${l.title}](#${l.name}) (${code(l.name)}, version ${l.version})`), '');
  for (const list of lists) out.push(codelistSection(spec, list));
  return out.join('\n');
}

function codelistSection(spec: Spec, list: Codelist): string {
  const json = spec.byId.get(list.id)!.json;
  const entries = (json.oneOf ?? []) as JsonSchemaObject[];
  const source = (json['x-nrx-codelist'] as { source?: string }).source;
  const out = [`## ${anchor(list.name)}${list.title}`, '', list.description, '', `- Schema: ${code(list.id)}`, `- Version: ${list.version}`];
  if (source) out.push(`- Source: ${source}`);
  out.push('', '| Code | Label | Definition | Sensitivity |', '| --- | --- | --- | --- |');
  for (const entry of entries) {
    const tier = entry['x-nrx-sensitivity'] as string | undefined;
    const label = `${entry.title as string}${entry.deprecated ? ' (deprecated)' : ''}`;
    out.push(`| ${code(String(entry.const))} | ${cell(label)} | ${cell(entry.description as string)} | ${tier ? `[${tier}](sensitivity.md#${tier})` : ''} |`);
  }
  out.push('');
  return out.join('\n');
}

function sensitivityPage(spec: Spec): string {
  const out = [
    NOTICE,
    '',
    '# Sensitivity tiers and transforms',
    '',
    "Every property of every NRX schema carries one tier in `x-nrx-sensitivity`. A field's effective tiers are its own plus those of every property that encloses it, and a code may add its own; policy treats the field as belonging to all of them. A property whose value may be released in a generalised form lists the allowed transforms in `x-nrx-transforms`; where the generalised form has a field of its own, `x-nrx-transform-targets` names it for each transform as a Relative JSON Pointer (`1/ageBand`: the sibling `ageBand`), and the generalised value is served there while the property itself is absent.",
    '',
    '## Tiers',
    '',
    '| Tier | Label | FHIR confidentiality | Special category | Description |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const tier of spec.tiers) {
    out.push(`| ${anchor(tier.code)}${code(tier.code)} | ${cell(tier.label)} | ${tier.fhirConfidentiality} | ${tier.specialCategory ? 'yes' : 'no'} | ${cell(tier.description)} |`);
  }
  out.push('', '## Transforms', '', '| Transform | Label | Applies to | Description |', '| --- | --- | --- | --- |');
  for (const t of spec.transforms) {
    out.push(`| ${anchor(t.code)}${code(t.code)} | ${cell(t.label)} | ${t.appliesTo.join(', ')} | ${cell(t.description)} |`);
  }
  out.push('');
  return out.join('\n');
}

function firstSentence(text: string): string {
  const match = /^(.+?[.!?])(\s|$)/.exec(text);
  return match ? match[1]! : text;
}

function indexPage(spec: Spec, objects: SpecSchema[]): string {
  const kinds = new Set(spec.documentKinds.values());
  const list = (items: SpecSchema[]) => items.map((s) => `- [${s.json.title as string}](${s.name}.md): ${cell(firstSentence((s.json.description as string) ?? ''))}`);
  const out = [
    NOTICE,
    '',
    `# ${spec.title}`,
    '',
    `Reference documentation of NRX ${spec.version}, generated from the JSON Schemas under ${code(spec.baseUri)}. The normative overview is [spec/README.md](../README.md).`,
    '',
    '## Documents exchanged on their own',
    '',
    ...list(objects.filter((s) => kinds.has(s.id))),
    '',
    '## Objects carried inside documents',
    '',
    ...list(objects.filter((s) => !kinds.has(s.id))),
    '',
    '## Vocabularies',
    '',
    `- [Codelists](codelists.md): ${spec.codelists.size} codelists`,
    `- [Sensitivity tiers and transforms](sensitivity.md): ${spec.tiers.length} tiers, ${spec.transforms.length} transforms`,
    '',
  ];
  return out.join('\n');
}

/** Renders every documentation page of a spec. Output is deterministic: no dates, stable order. */
export function generateDocs(spec: Spec): DocPages {
  const objects = spec.schemas.filter((s) => !s.codelist).sort((a, b) => a.name.localeCompare(b.name));
  const pages: DocPages = new Map();
  pages.set('README.md', indexPage(spec, objects));
  for (const schema of objects) pages.set(`${schema.name}.md`, objectPage(spec, schema));
  pages.set('codelists.md', codelistsPage(spec));
  pages.set('sensitivity.md', sensitivityPage(spec));
  return new Map([...pages.entries()].sort(([a], [b]) => a.localeCompare(b)));
}
