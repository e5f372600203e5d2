export { createValidator, SpecError, type CreateValidatorOptions } from './validator.ts';
export { validateNdjson, type NdjsonOptions, type NdjsonRecordResult, type NdjsonSummary } from './ndjson.ts';
export { DEFAULT_MAX_BYTES, type ValidateOptions, type ValidationIssue, type ValidationResult, type Validator } from './types.ts';
