/** The problems `verify` names, and how a row's columns are compared with its hashed body. */
import type { IndexedMembers } from './indexed-members.ts';
import type { StoredColumns } from './log-rows.ts';

export type AuditProblemKind =
  | 'gap'
  | 'reordered'
  | 'inserted'
  | 'broken-link'
  | 'hash-mismatch'
  | 'checkpoint-mismatch'
  | 'checkpoint-signature'
  | 'truncated'
  | 'head-mismatch'
  | 'column-mismatch'
  | 'field-set-mismatch';

export interface AuditProblem {
  /** The sequence number of the first bad entry (or of the checkpoint that disagrees). */
  seq: number;
  kind: AuditProblemKind;
  message: string;
}

/** Whether the officer's columns say what the hashed body says. */
export function columnsAgree(columns: StoredColumns, body: IndexedMembers): boolean {
  return (
    columns.bodySeq === body.id &&
    columns.type === body.type &&
    columns.requester === body.requester &&
    columns.subject === body.subject &&
    columns.purpose === body.purpose &&
    columns.at === body.at &&
    columns.fieldSet === body.fieldSet
  );
}

/** Of a chain problem and a column mismatch, the one at the earlier entry (the chain's on a tie). */
export function earlier(chain: AuditProblem | undefined, columns: AuditProblem | undefined): AuditProblem | undefined {
  return columns && (!chain || columns.seq < chain.seq) ? columns : chain;
}

export const columnMismatch = (seq: number): AuditProblem => ({
  seq,
  kind: 'column-mismatch',
  message: `entry ${seq}'s indexed columns (number, type, requester, subject, purpose, time or field decision list) differ from its hashed content: they were changed on their own`,
});

export const notJson = (seq: number): AuditProblem => ({
  seq,
  kind: 'column-mismatch',
  message: `entry ${seq}'s hashed content is not JSON: its indexed columns cannot be checked against it`,
});
