/** One problem found in a document, phrased so that the person who wrote the document can fix it. */
export interface ValidationIssue {
  /** JSON Pointer (RFC 6901) to the value at fault; '' is the whole document. */
  pointer: string;
  /** 1-based line and column of the value in the source text, when the document came as text. */
  line?: number;
  column?: number;
  /**
   * The keyword of the published schema that failed (`required`, `oneOf` for a codelist, ...),
   * or one of the input checks: `parse`, `empty`, `encoding`, `size`, `depth`, `kind`.
   */
  keyword: string;
  message: string;
  expected?: string;
  found?: string;
  suggestion?: string;
  /** Where the failing keyword sits in the schema. */
  schemaPath: string;
}

export interface ValidationResult {
  valid: boolean;
  /** The document kind the payload was checked as. */
  kind?: string;
  /** The `$id` of the schema the payload was checked against. */
  schemaId?: string;
  /** The country profile the payload was checked against, when any (its own `profile`, else the default). */
  profile?: string;
  issues: ValidationIssue[];
  /** Issues found beyond the validator's `maxIssues`, counted but not listed. */
  omittedIssues?: number;
}

export interface ValidateOptions {
  /** Check the payload as this kind instead of the one its `kind` property names. */
  kind?: string;
  /** The country profile for a payload that names none (overrides the validator's default). */
  profile?: string;
}

export interface Validator {
  validateValue(value: unknown, opts?: ValidateOptions): ValidationResult;
  validateText(text: string, opts?: ValidateOptions): ValidationResult;
  /** Raw bytes, checked for NUL bytes and invalid UTF-8 before they are parsed. */
  validateBytes(bytes: Uint8Array, opts?: ValidateOptions): ValidationResult;
  /** The document kinds this validator knows, sorted. */
  readonly kinds: string[];
  /** The country profiles a payload may name, sorted. */
  readonly profiles: string[];
  /** The largest document, in bytes, that is parsed at all. */
  readonly maxBytes: number;
  /** The most issues listed for one document; the rest are counted in `omittedIssues`. */
  readonly maxIssues: number;
  /** The deepest nesting of objects and arrays a document may have. */
  readonly maxDepth: number;
}

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_ISSUES = 100;
/** Far deeper than any document of the spec (a referral nests about eight levels). */
export const DEFAULT_MAX_DEPTH = 64;
