/**
 * Whether the audit trail can be trusted, for the data-protection officer: the whole chain
 * recomputed now (as `nrx audit verify` does), this gateway's signed checkpoints with their
 * signatures checked, and the checkpoints peers sent as witnesses of their own logs.
 */
import { readCheckpoint, verifyCheckpointSignature } from '../../gateway/audit/checkpoint.ts';
import { verifyAuditLog, type VerifyReport } from '../../gateway/audit/verify.ts';
import { iso } from '../../gateway/store/rows.ts';
import type { Builder } from './builder.ts';
import { officer, type DpoOptions } from './dpo.ts';

interface CheckpointView { seq: number; gateway: string; at: string; lastHash: string | null; signatureValid: boolean }
interface WitnessView { gateway: string; seq: number; received: string; at: string | null; lastHash: string | null }

/** The payload a checkpoint states, or nulls when it cannot be read (the verification names that). */
function stated(jws: string): { at: string | null; lastHash: string | null } {
  try {
    const payload = readCheckpoint(jws);
    return { at: payload.at, lastHash: payload.lastHash };
  } catch {
    return { at: null, lastHash: null };
  }
}

const limitOf = (limit: number | null | undefined) => Math.max(1, Math.min(limit ?? 50, 500));

export function addAuditIntegritySchema(builder: Builder, options: DpoOptions | undefined): void {
  if (!options) return;
  const { db, gatewayId } = options;
  const keys = options.keys ?? [];
  const b = builder as any;
  // A verification reads the whole trail: officers asking at the same time share one run.
  let running: Promise<VerifyReport & { checkedAt: string }> | undefined;
  const verify = () => {
    running ??= verifyAuditLog(db, keys.length ? { keys } : { skipSignatures: true })
      .then((report) => ({ ...report, checkedAt: new Date().toISOString() }))
      .finally(() => (running = undefined));
    return running;
  };

  const Problem = b.objectRef('AuditTrailProblem').implement({
    description: 'The first thing found wrong in the audit trail.',
    fields: (t: any) => ({
      seq: t.exposeInt('seq', { nullable: false, description: 'The first bad entry, or the checkpoint that disagrees.' }),
      kind: t.exposeString('kind', { nullable: false, description: 'gap, reordered, inserted, broken-link, hash-mismatch, checkpoint-mismatch, checkpoint-signature, truncated, head-mismatch, column-mismatch or field-set-mismatch.' }),
      message: t.exposeString('message', { nullable: false }),
    }),
  });

  const Verification = b.objectRef('AuditTrailVerification').implement({
    description: 'The audit trail recomputed from its first retained entry: the hash chain, every checkpoint and its signature, every stored field decision list.',
    fields: (t: any) => ({
      ok: t.exposeBoolean('ok', { nullable: false }),
      checkedAt: t.exposeString('checkedAt', { nullable: false }),
      entries: t.exposeInt('entries', { nullable: false, description: 'Entries found sound (all of them when ok).' }),
      lastSeq: t.exposeInt('lastSeq', { nullable: false }),
      lastHash: t.exposeString('lastHash', { nullable: false }),
      checkpoints: t.exposeInt('checkpoints', { nullable: false }),
      signaturesChecked: t.exposeBoolean('signaturesChecked', { nullable: false }),
      anchorSeq: t.exposeInt('anchorSeq', { nullable: false, description: 'The entry the retained trail starts after (0 when nothing was pruned).' }),
      problem: t.field({ type: Problem, resolve: (r: VerifyReport) => r.problem ?? null }),
    }),
  });

  const Checkpoint = b.objectRef('AuditCheckpoint').implement({
    description: "A signed checkpoint of this gateway's trail: the hash of its entry `seq`, signed with the gateway's key.",
    fields: (t: any) => ({
      seq: t.exposeInt('seq', { nullable: false }),
      gateway: t.exposeString('gateway', { nullable: false }),
      at: t.exposeString('at', { nullable: false }),
      lastHash: t.exposeString('lastHash'),
      signatureValid: t.exposeBoolean('signatureValid', { nullable: false, description: "Whether the signature verifies with this gateway's published key." }),
    }),
  });

  const Witness = b.objectRef('AuditWitness').implement({
    description: "A peer gateway's signed checkpoint, kept here as a witness of its trail (checked with the peer's key when it was received).",
    fields: (t: any) => ({
      gateway: t.exposeString('gateway', { nullable: false }),
      seq: t.exposeInt('seq', { nullable: false }),
      received: t.exposeString('received', { nullable: false }),
      at: t.exposeString('at'),
      lastHash: t.exposeString('lastHash'),
    }),
  });

  b.queryFields((t: any) => ({
    auditVerification: t.field({
      type: Verification,
      nullable: false,
      description: 'Recomputes the whole audit trail now and says whether it is intact, or names the first bad entry. Data-protection officer only.',
      resolve: (_r: unknown, _a: unknown, ctx: any) => (officer(ctx, gatewayId), verify()),
    }),
    auditCheckpoints: t.field({
      type: [Checkpoint],
      nullable: false,
      description: "This gateway's signed checkpoints, newest first. Data-protection officer only.",
      args: { limit: t.arg.int({ description: 'At most 500; 50 when omitted.' }) },
      resolve: async (_r: unknown, a: { limit?: number | null }, ctx: any): Promise<CheckpointView[]> => {
        officer(ctx, gatewayId);
        const { rows } = await db.query<{ seq: unknown; gateway: string; at: unknown; jws: string }>(
          'SELECT seq, gateway, at, jws FROM audit_checkpoints ORDER BY seq DESC LIMIT $1', [limitOf(a.limit)],
        );
        return Promise.all(rows.map(async (r) => ({
          seq: Number(r.seq),
          gateway: r.gateway,
          at: iso(r.at),
          lastHash: stated(r.jws).lastHash,
          signatureValid: await verifyCheckpointSignature(r.jws, keys).then(() => true, () => false),
        })));
      },
    }),
    auditWitnesses: t.field({
      type: [Witness],
      nullable: false,
      description: 'Checkpoints peer gateways sent as witnesses of their trails, newest first. Data-protection officer only.',
      args: { gateway: t.arg.string({ description: 'Only this peer.' }), limit: t.arg.int({ description: 'At most 500; 50 when omitted.' }) },
      resolve: async (_r: unknown, a: { gateway?: string | null; limit?: number | null }, ctx: any): Promise<WitnessView[]> => {
        officer(ctx, gatewayId);
        const { rows } = await db.query<{ gateway: string; seq: unknown; received: unknown; jws: string }>(
          'SELECT gateway, seq, received, jws FROM audit_witnesses WHERE ($1::text IS NULL OR gateway = $1) ORDER BY received DESC, gateway, seq DESC LIMIT $2',
          [a.gateway ?? null, limitOf(a.limit)],
        );
        return rows.map((r) => ({ gateway: r.gateway, seq: Number(r.seq), received: iso(r.received), ...stated(r.jws) }));
      },
    }),
  }));
}
