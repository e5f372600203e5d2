import { createHash } from 'node:crypto';
import jsonata from 'jsonata';
import type { Spec } from '../../lib/spec/types.ts';
import { ConnectorError } from '../errors.ts';
import { compactArrays, parsePointer, readAll, writeAt, type PointedValue } from './pointer.ts';
import { resolveTarget } from './spec-target.ts';
import { compileTransform, TransformError, type Transform } from './transforms.ts';
import type { CodeTable, FieldMapping, MappingTarget } from './types.ts';
import { NrxError } from '../../lib/errors.ts';

/**
 * The document kind each kind of mapping writes into, and the part of it a mapping may write. The
 * schema is the spec's own for that kind, so a gateway with a country profile maps into the profile's.
 */
const targets: Record<MappingTarget, { kind: string; under: string }> = {
  case: { kind: 'referral', under: '/sections/' },
  service: { kind: 'service', under: '/' },
  status: { kind: 'referral-status-update', under: '/' },
};

interface CompiledField {
  rule: FieldMapping;
  to: string[];
  from?: string[];
  expression?: ReturnType<typeof jsonata>;
  transforms: Transform[];
  table?: CodeTable;
  tableName?: string;
}

export interface MappedRecord {
  value: Record<string, unknown> | undefined;
  problems: ConnectorError[];
}

export interface CompiledMapping {
  target: MappingTarget;
  fields: number;
  /** Maps one local record; `recordId` names it in problems. Problems mean the record must not be served. */
  apply(record: unknown, recordId: string): Promise<MappedRecord>;
}

/**
 * Checks a mapping against the spec before any record is read: every target exists, every
 * translated or constant value is a valid code of its codelist, every expression parses.
 * Throws MAPPING_INVALID listing all issues at once.
 */
export function compileMapping(
  spec: Spec,
  connector: string,
  target: MappingTarget,
  rules: FieldMapping[],
  codeTables: Record<string, CodeTable> = {},
): CompiledMapping {
  const { kind, under } = targets[target];
  const schemaId = spec.documentKinds.get(kind);
  if (!schemaId) throw new NrxError('SPEC_INVALID', `the spec has no document kind '${kind}'`);
  const issues: string[] = [];
  const fields: CompiledField[] = [];

  rules.forEach((rule, i) => {
    const where = `${target} mapping rule ${i + 1} (to ${rule.to})`;
    const problem = (text: string) => issues.push(`${where}: ${text}`);
    if (!rule.to.startsWith(under)) return problem(`the target must be under ${under}`);
    const sources = [rule.from !== undefined, rule.const !== undefined, rule.jsonata !== undefined && rule.from === undefined].filter(Boolean);
    if (sources.length !== 1) return problem('give exactly one of from, const or jsonata');
    let to: string[];
    let from: string[] | undefined;
    try {
      to = parsePointer(rule.to);
      if (rule.from !== undefined) from = parsePointer(rule.from);
    } catch (error) {
      return problem((error as Error).message);
    }
    const wildcards = (tokens: string[] | undefined) => tokens?.filter((t) => t === '*').length ?? 0;
    if (wildcards(to) > wildcards(from)) return problem('the target has more * than the source');

    const spot = resolveTarget(spec, schemaId, rule.to);
    if (!spot) return problem(`the spec has no field ${rule.to}`);

    let table: CodeTable | undefined;
    let tableName: string | undefined;
    if (typeof rule.codes === 'string') {
      tableName = rule.codes;
      table = codeTables[rule.codes];
      if (!table) return problem(`no translation table named '${rule.codes}' in codes`);
    } else if (rule.codes) {
      table = rule.codes;
      tableName = `inline table of rule ${i + 1}`;
    }
    if (spot.codes) {
      const label = spot.codelist ? `codelist ${spot.codelist}` : 'allowed values';
      for (const [local, code] of Object.entries(table ?? {})) {
        if (code !== null && !spot.codes.has(code)) problem(`'${local}' translates to '${code}', which is not in the ${label}`);
      }
      if (rule.const !== undefined) {
        for (const value of [rule.const].flat()) {
          if (!spot.codes.has(String(value))) problem(`constant '${String(value)}' is not in the ${label}`);
        }
      }
    }

    let expression: CompiledField['expression'];
    if (rule.jsonata !== undefined) {
      try {
        expression = jsonata(rule.jsonata);
        expression.registerFunction('uuidFor', uuidFor);
      } catch (error) {
        return problem(`JSONata does not parse: ${(error as Error).message}`);
      }
    }
    let transforms: Transform[];
    try {
      transforms = [rule.transform ?? []].flat().map(compileTransform);
    } catch (error) {
      return problem((error as Error).message);
    }
    fields.push({ rule, to, ...(from ? { from } : {}), ...(expression ? { expression } : {}), transforms, ...(table ? { table, tableName } : {}) });
  });

  if (issues.length > 0) {
    throw new ConnectorError({ connector, code: 'MAPPING_INVALID', message: `the ${target} mapping does not fit the spec:\n  - ${issues.join('\n  - ')}` });
  }

  return {
    target,
    fields: fields.length,
    async apply(record, recordId) {
      const out: Record<string, unknown> = {};
      const problems: ConnectorError[] = [];
      for (const field of fields) {
        try {
          await applyField(field, record, out);
        } catch (error) {
          if (error instanceof FieldProblem) {
            problems.push(new ConnectorError({ connector, code: error.code, record: recordId, field: field.rule.to, message: `record '${recordId}', field ${field.rule.to}: ${error.message}` }));
          } else throw error;
        }
      }
      return { value: problems.length ? undefined : (compactArrays(out) as Record<string, unknown>), problems };
    },
  };
}

class FieldProblem extends NrxError<'UNKNOWN_CODE' | 'MALFORMED_RECORD'> {}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

async function applyField(field: CompiledField, record: unknown, out: Record<string, unknown>): Promise<void> {
  const { rule } = field;
  let values: PointedValue[];
  if (field.from) values = readAll(record, field.from);
  else if (rule.const !== undefined) values = [{ value: structuredClone(rule.const), indices: [] }];
  else values = [{ value: record, indices: [] }];

  let written = 0;
  for (const { value: raw, indices } of values) {
    let value = raw;
    if (field.expression) {
      try {
        value = await field.expression.evaluate(value, field.from ? { record } : undefined);
      } catch (error) {
        throw new FieldProblem('MALFORMED_RECORD', `JSONata failed: ${(error as Error).message}`);
      }
    }
    if (isEmpty(value)) continue;
    for (const transform of field.transforms) {
      try {
        value = Array.isArray(value) && !transform.wholeList ? value.map(transform) : transform(value);
      } catch (error) {
        if (error instanceof TransformError) throw new FieldProblem('MALFORMED_RECORD', `${error.message}${rule.from ? ` (from ${rule.from})` : ''}`);
        throw error;
      }
    }
    if (field.table) value = Array.isArray(value) ? value.map((v) => translate(field, v)).filter((v) => v !== null) : translate(field, value);
    if (isEmpty(value)) continue;
    writeAt(out, field.to, value, indices);
    written++;
  }
  if (rule.required && written === 0) throw new FieldProblem('MALFORMED_RECORD', `required value missing${rule.from ? ` (from ${rule.from})` : ''}`);
}

/** Local code -> NRX code. A local code missing from the table is an error, never a guess. */
function translate(field: CompiledField, value: unknown): string | null {
  const local = typeof value === 'string' ? value.trim() : String(value);
  const table = field.table!;
  if (!Object.hasOwn(table, local)) {
    throw new FieldProblem('UNKNOWN_CODE', `local code '${local}'${field.rule.from ? ` (from ${field.rule.from})` : ''} is not in the translation table '${field.tableName}'`);
  }
  return table[local]!;
}

/**
 * `$uuidFor(part, ...)` in JSONata: a stable UUID (version 5 layout) derived from the parts,
 * for NRX ids a local system does not keep (the same record always gets the same id).
 */
function uuidFor(...parts: unknown[]): string {
  const hex = createHash('sha1').update(parts.map(String).join('\u0000')).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
