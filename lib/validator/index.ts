export { createValidator, SpecError, type CreateValidatorOptions } from './validator.ts';
export { validateNdjson, type NdjsonOptions, type NdjsonRecordResult, type NdjsonSummary } from './ndjson.ts';
export { DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_ISSUES, type ValidateOptions, type ValidationIssue, type ValidationResult, type Validator } from './types.ts';
