/**
 * One worker thread of the work pool (work-pool.ts): loads the spec and compiles its schemas once,
 * then runs the tasks it is handed: validating a document, rendering a subject access report.
 */
import { workerData } from 'node:worker_threads';
import { loadSpec } from '../../lib/spec/load.ts';
import { createValidator, type ValidateOptions, type ValidationResult } from '../../lib/validator/index.ts';
import { renderSubjectAccessInput, type SubjectAccessInput } from '../reports/subject-access.ts';

export interface PoolWorkerData {
  /** The validator's limits, as the gateway's own. */
  maxBytes: number;
  /** The gateway's country profile, for documents that name none. */
  defaultProfile?: string;
}

export type PoolTask =
  | { op: 'validate'; bytes: Uint8Array; options: ValidateOptions }
  | { op: 'report'; input: SubjectAccessInput }
  | { op: 'ping' };

// tinypool hands its own data first and the pool's second.
const data = (Array.isArray(workerData) ? workerData[1] : workerData) as PoolWorkerData;
const validator = createValidator({ spec: loadSpec(), maxBytes: data.maxBytes, ...(data.defaultProfile ? { defaultProfile: data.defaultProfile } : {}) });
// Schemas compile on first use, the country profiles' too: compile them all now, while the thread
// has nothing else to do, so that no task spends its time budget compiling.
for (const profile of [undefined, ...validator.profiles]) {
  for (const kind of validator.kinds) validator.validateValue({ kind }, profile ? { profile } : {});
}

export default function run(task: PoolTask): ValidationResult | string | true {
  switch (task.op) {
    case 'validate':
      return validator.validateBytes(task.bytes, task.options);
    case 'report':
      return renderSubjectAccessInput(task.input);
    case 'ping':
      return true;
  }
}
