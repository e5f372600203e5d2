import type { TransformSpec } from './transforms.ts';

/** A translation table: local code -> NRX code; null marks a local code deliberately left unmapped. */
export type CodeTable = { [localCode: string]: string | null };

/**
 * One rule of a declarative mapping: where the value comes from (`from`, a JSON Pointer into
 * the local record with `*` for arrays; `const`; or a JSONata expression), how it is changed
 * (`transform`, `codes`), and where it goes (`to`, a JSON Pointer into the NRX object).
 */
export interface FieldMapping {
  to: string;
  from?: string;
  const?: unknown;
  /** JSONata evaluated on the value read by `from` (the whole record is `$record`), or on the record when there is no `from`. `$uuidFor(...)` derives a stable UUID. */
  jsonata?: string;
  /** A named table from the configuration's `codes`, or a table given inline. */
  codes?: string | CodeTable;
  transform?: TransformSpec | TransformSpec[];
  /** When true, a record without this value is malformed rather than served without it. */
  required?: boolean;
}

/** Which NRX object a mapping produces. */
export type MappingTarget = 'case' | 'service' | 'status';
