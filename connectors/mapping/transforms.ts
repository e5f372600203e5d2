import { NrxError } from '../../lib/errors.ts';
/**
 * Value transforms a mapping applies between reading a local value and writing the NRX one.
 * Each throws a TransformError with a short reason when the value does not fit; the caller
 * adds the connector, record and field.
 */

/** A local value a transform cannot read; the record it is in is malformed. */
export class TransformError extends NrxError<'MALFORMED_RECORD'> {
  constructor(message: string) {
    super('MALFORMED_RECORD', message);
  }
}

export type TransformSpec =
  | 'trim'
  | 'lowercase'
  | 'uppercase'
  | 'string'
  | 'number'
  | 'integer'
  | 'yesno'
  | 'date'
  | 'datetime'
  | 'split'
  | 'list'
  | { date: string }
  | { split: string }
  | { yesno: { true: string[]; false: string[] } }
  | { prefix: string }
  | { replace: { pattern: string; with: string } };

/** A transform; `wholeList` marks one that takes a whole list, the others apply to each element of a list. */
export type Transform = ((value: unknown) => unknown) & { wholeList?: boolean };

const defaultYes = ['yes', 'y', 'true', '1', 'da', 'ja', 'oui', 'sí', 'si', 'x'];
const defaultNo = ['no', 'n', 'false', '0', 'ne', 'nein', 'non', ''];

export function compileTransform(spec: TransformSpec): Transform {
  if (typeof spec === 'string') {
    switch (spec) {
      case 'trim':
        return (v) => String(v).trim();
      case 'lowercase':
        return (v) => String(v).toLowerCase();
      case 'uppercase':
        return (v) => String(v).toUpperCase();
      case 'string':
        return (v) => (v instanceof Date ? v.toISOString() : String(v));
      case 'number':
        return toNumber(false);
      case 'integer':
        return toNumber(true);
      case 'yesno':
        return yesNo(defaultYes, defaultNo);
      case 'date':
        return (v) => toDate(v, undefined);
      case 'datetime':
        return toDateTime;
      case 'split':
        return split(',');
      case 'list':
        return split(/[;,]/);
    }
  } else if ('date' in spec) return (v) => toDate(v, spec.date);
  else if ('split' in spec) return split(spec.split);
  else if ('yesno' in spec) return yesNo(spec.yesno.true, spec.yesno.false);
  else if ('prefix' in spec) return (v) => `${spec.prefix}${String(v)}`;
  else if ('replace' in spec) {
    const pattern = new RegExp(spec.replace.pattern, 'g');
    return (v) => String(v).replace(pattern, spec.replace.with);
  }
  throw new NrxError('MAPPING_INVALID', `unknown transform ${JSON.stringify(spec)}`);
}

function toNumber(integer: boolean): Transform {
  return (v) => {
    const n = typeof v === 'number' ? v : Number(String(v).trim().replace(',', '.'));
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) throw new TransformError(`'${String(v)}' is not ${integer ? 'an integer' : 'a number'}`);
    return n;
  };
}

function yesNo(yes: string[], no: string[]): Transform {
  const yesSet = new Set(yes.map((s) => s.toLowerCase()));
  const noSet = new Set(no.map((s) => s.toLowerCase()));
  return (v) => {
    if (typeof v === 'boolean') return v;
    const s = String(v).trim().toLowerCase();
    if (yesSet.has(s)) return true;
    if (noSet.has(s)) return false;
    throw new TransformError(`'${String(v)}' is neither a yes nor a no value`);
  };
}

function split(separator: string | RegExp): Transform {
  const transform: Transform = (v) => {
    if (Array.isArray(v)) return v;
    return String(v)
      .split(separator)
      .map((s) => s.trim())
      .filter((s) => s !== '');
  };
  transform.wholeList = true;
  return transform;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A calendar date as YYYY-MM-DD, from a Date, a spreadsheet serial, or text in `format` (tokens YYYY, MM, DD, M, D). */
export function toDate(v: unknown, format: string | undefined): string {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw new TransformError('invalid date');
    // Database drivers return DATE columns as local midnight; spreadsheets as UTC midnight.
    const local = v.getHours() === 0 && v.getMinutes() === 0 && v.getUTCHours() !== 0;
    return local
      ? `${v.getFullYear()}-${pad(v.getMonth() + 1)}-${pad(v.getDate())}`
      : `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
  }
  if (typeof v === 'number' && format === undefined) {
    // Spreadsheet serial day number (1900 system).
    const d = new Date(Date.UTC(1899, 11, 30) + Math.round(v) * 86_400_000);
    return toDate(d, undefined);
  }
  const text = String(v).trim();
  const pattern = format ?? 'YYYY-MM-DD';
  const tokens: string[] = [];
  const regex = new RegExp(
    '^' +
      pattern.replace(/YYYY|MM|DD|M|D|[.*+?^${}()|[\]\\]/g, (t) => {
        if (t === 'YYYY') return tokens.push('Y'), '(\\d{4})';
        if (t === 'MM' || t === 'M') return tokens.push('M'), t === 'MM' ? '(\\d{2})' : '(\\d{1,2})';
        if (t === 'DD' || t === 'D') return tokens.push('D'), t === 'DD' ? '(\\d{2})' : '(\\d{1,2})';
        return '\\' + t;
      }) +
      (format ? '$' : '(?:[T ].*)?$'),
  );
  const match = regex.exec(text);
  if (!match) throw new TransformError(`'${text}' is not a date in the form ${pattern}`);
  const parts: Record<string, number> = {};
  tokens.forEach((t, i) => (parts[t] = Number(match[i + 1])));
  const { Y: y = 0, M: m = 0, D: d = 0 } = parts;
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) {
    throw new TransformError(`'${text}' is not a calendar date`);
  }
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

function toDateTime(v: unknown): string {
  const d = v instanceof Date ? v : new Date(String(v));
  if (Number.isNaN(d.getTime())) throw new TransformError(`'${String(v)}' is not a date and time`);
  return d.toISOString();
}
