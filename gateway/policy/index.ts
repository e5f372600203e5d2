/**
 * The policy engine: which fields of a referral a recipient may get, for which purpose, on which
 * basis. Pure decisions; the GraphQL server calls it and enforces the result.
 */
export { compile, TRANSFORM_ORDER, type Decisions, type Policy, type PolicyOptions } from './engine.ts';
export { applyDecisions, type ApplyOptions, type Filtered, type Withheld, type Transformed } from './apply.ts';
export { disclosurePreview, REASON_TEXT, type PreviewRow } from './preview.ts';
export { mayBePseudonym, pseudonymFor } from './pseudonym.ts';
export { LEGAL_BASIS_TABLE } from './legal-bases.ts';
export { readAgreements, AgreementError } from './agreements.ts';
export { checkAgreements, type Finding, type FindingCode } from './check.ts';
export { fieldModel, groupAt, loadFieldGroups, type FieldModel, type PolicyField } from './field-groups.ts';
export * from './types.ts';
export { createViewBuilder, consentOf, type ViewBuilder, type ViewOptions, type RecordView, type HeldRecord, type ConnectorRecord } from './views.ts';
export { gatewayPolicy, agreementFilesIn, pseudonymKey } from './setup.ts';
