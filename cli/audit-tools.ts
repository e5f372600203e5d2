// What `nrx audit` needs at run time, in one module loaded on demand (cli/commands/audit.ts).
export { readJwkFile, readPrivateJwkFile, toPublicJwk } from '../gateway/auth/keys.ts';
export { CheckpointError, checkpointSigner } from '../gateway/audit/checkpoint.ts';
export { verifyAuditLog } from '../gateway/audit/verify.ts';
export { witnessSummary } from '../gateway/audit/witnesses.ts';
export { openPglite } from '../gateway/store/pglite.ts';
export { openPostgres } from '../gateway/store/postgres.ts';
export { entriesForSubject } from '../gateway/audit/queries.ts';
export { renderSubjectAccessReport } from '../gateway/reports/subject-access.ts';
export { bundle, ndjson } from '../gateway/export/fhir.ts';
export { exportedEntryCount, exportedResources } from '../gateway/export/select.ts';
export { pruneAuditLog } from '../gateway/audit/retention.ts';
export { recoverAuditJournal } from '../gateway/audit/journal-replay.ts';
