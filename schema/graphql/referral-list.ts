/**
 * The paged lists of referrals (sent, received): forward-only cursors, the filter on record columns
 * and on document fields, and the page limits.
 */
import type { AuthenticatedRequest } from '../../gateway/request/context.ts';
import type { AnyRef, Builder } from './builder.ts';
import { gatewayError } from './errors.ts';
import type { GatewayOperations, ReferralListFilter } from './operations.ts';

const encodeCursor = (seq: number) => Buffer.from(`referral:${seq}`).toString('base64url');
function decodeCursor(cursor: string): number {
  const match = /^referral:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw gatewayError('BAD_USER_INPUT', 'the cursor is not one this gateway issued');
  return Number(match[1]);
}

export function instant(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = Date.parse(String(value));
  if (Number.isNaN(ms)) throw gatewayError('BAD_USER_INPUT', `${name} must be an RFC 3339 date or date-time, got ${JSON.stringify(String(value).slice(0, 40))}`);
  return new Date(ms).toISOString();
}
export interface ReferralListInput {
  operations: GatewayOperations;
  maxListSize: number;
  ReferralRecord: AnyRef;
  statusType: AnyRef;
  inputTypeOf: (kind: string, property: string) => AnyRef;
}

/** The field maker for a list of referrals on one side (`t.connection` of the query type). */
export function referralLists(builder: Builder, { operations: ops, maxListSize, ReferralRecord, statusType, inputTypeOf }: ReferralListInput) {
  const b = builder as any;
  const FieldCondition = b.inputType('FieldCondition', {
    description: 'A condition on one field of the referral document: some value at the pointer equals the given value.',
    fields: (t: any) => ({
      pointer: t.string({ required: true, description: 'JSON Pointer into the referral document; array items are entered without an index, e.g. /sections/needs/category.' }),
      equals: t.field({ type: 'JSON', required: true, description: 'The value, in the spec\'s own form (codes in kebab-case).' }),
    }),
  });


  const ReferralFilter = b.inputType('ReferralFilter', {
    description: 'Narrows a list of referrals; all given conditions must hold.',
    fields: (t: any) => ({
      status: t.field({ type: statusType, description: 'Current status.' }),
      purpose: t.field({ type: inputTypeOf('referral', 'purpose') }),
      subject: t.string({ description: 'Her pseudonymous reference.' }),
      createdFrom: t.string({ description: 'Created at or after this date or date-time (RFC 3339).' }),
      createdTo: t.string({ description: 'Created before this date or date-time (RFC 3339).' }),
      where: t.field({
        type: [FieldCondition],
        description: 'Conditions on fields of the referral document. They are evaluated over what the caller may read, so a field withheld from it never matches.',
      }),
    }),
  });


  const ReferralConnection = b.connectionObject({ type: ReferralRecord, name: 'ReferralConnection' }, { name: 'ReferralEdge' });

  const referralList = (t: any, side: 'sent' | 'received', description: string) =>
    t.connection(
      {
        type: ReferralRecord,
        description,
        nullable: false,
        args: { filter: t.arg({ type: ReferralFilter }) },
        resolve: async (_root: unknown, args: any, ctx: AuthenticatedRequest) => {
          if (args.last != null || args.before != null) throw gatewayError('BAD_USER_INPUT', 'lists page forwards only: use first and after');
          const first = args.first ?? Math.min(20, maxListSize);
          if (first < 0) throw gatewayError('BAD_USER_INPUT', '`first` must not be negative');
          if (first > maxListSize) throw gatewayError('LIMIT_EXCEEDED', `\`first\` is at most ${maxListSize}`, { limit: 'maxListSize', max: maxListSize });
          const filter: ReferralListFilter = {};
          const f = args.filter ?? {};
          if (f.status != null) filter.status = f.status;
          if (f.purpose != null) filter.purpose = f.purpose;
          if (f.subject != null) filter.subject = f.subject;
          if (f.where != null && f.where.length) filter.where = f.where.map((c: { pointer: string; equals: unknown }) => ({ pointer: String(c.pointer), equals: c.equals }));
          const from = instant(f.createdFrom, 'createdFrom');
          const to = instant(f.createdTo, 'createdTo');
          if (from) filter.createdFrom = from;
          if (to) filter.createdTo = to;
          const afterSeq = args.after != null ? decodeCursor(args.after) : undefined;
          const rows = await ops.referrals(ctx, side, filter, first + 1, afterSeq);
          const page = rows.slice(0, first);
          const edges = page.map((node) => ({ cursor: encodeCursor(node.seq), node }));
          return {
            edges,
            pageInfo: {
              hasNextPage: rows.length > first,
              hasPreviousPage: afterSeq !== undefined,
              startCursor: edges[0]?.cursor ?? null,
              endCursor: edges.at(-1)?.cursor ?? null,
            },
          };
        },
      },
      ReferralConnection,
    );
  return referralList;
}
