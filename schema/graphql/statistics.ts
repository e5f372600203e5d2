/**
 * Aggregate statistics over GraphQL: `statistics(measure, dimensions, from, to, federated)` answers
 * a suppressed table (gateway/statistics), only to a token whose purpose is `statistics`;
 * `statisticsVocabulary` lists the published measures and dimensions. Counts never leave
 * unsuppressed, and no record is reachable from here.
 */
import { DIMENSIONS, MEASURES, parseQuestion, type StatisticsService, type StatisticsTable, type TableCell } from '../../gateway/statistics/index.ts';
import type { AuthenticatedRequest } from '../../gateway/request/context.ts';
import type { Builder } from './builder.ts';
import { codeScalar } from './code-scalars.ts';

const entries = (table: Record<string, { description: string }>) => Object.entries(table).map(([code, { description }]) => ({ code, description }));

export function addStatisticsSchema(builder: Builder, statistics: StatisticsService | undefined): void {
  if (!statistics) return;
  const b = builder as any;
  const Measure = b.addScalarType('StatisticsMeasure', codeScalar({ name: 'StatisticsMeasure', description: 'What a statistics table counts.', codes: entries(MEASURES) }));
  const Dimension = b.addScalarType('StatisticsDimension', codeScalar({ name: 'StatisticsDimension', description: 'What a statistics table counts by.', codes: entries(DIMENSIONS) }));

  const Cell = b.objectRef('StatisticsCell').implement({
    description: 'One cell of a statistics table.',
    fields: (t: any) => ({
      values: t.stringList({ nullable: false, resolve: (c: TableCell) => c.values, description: "One category per dimension, in the table's order; `*` is the total over that dimension (a margin)." }),
      count: t.int({ resolve: (c: TableCell) => c.count, description: 'Null when suppressed.' }),
      suppressed: t.string({ resolve: (c: TableCell) => c.suppressed ?? null, description: 'Why the count is withheld: primary (fewer than k), secondary (it would give a primary cell away), peer (a gateway of a federated table suppressed its part).' }),
    }),
  });
  const Suppression = b.objectRef('StatisticsSuppression').implement({
    description: 'How the table was protected.',
    fields: (t: any) => ({
      k: t.exposeInt('k', { nullable: false, description: 'Counts from 1 to k - 1 are never published.' }),
      rounding: t.exposeInt('rounding', { description: 'Published counts are multiples of this, when set.' }),
      method: t.exposeString('method', { nullable: false }),
      primary: t.exposeInt('primary', { nullable: false }),
      secondary: t.exposeInt('secondary', { nullable: false }),
      peer: t.exposeInt('peer', { nullable: false }),
    }),
  });
  const Source = b.objectRef('StatisticsSource').implement({
    description: 'A gateway asked for a federated table.',
    fields: (t: any) => ({
      gateway: t.exposeString('gateway', { nullable: false }),
      answered: t.exposeBoolean('answered', { nullable: false }),
      error: t.exposeString('error', { description: 'Why it did not answer (an error code).' }),
    }),
  });
  const Table = b.objectRef('StatisticsTable').implement({
    description: 'Counts by the dimensions asked for, every margin included, small cells suppressed.',
    fields: (t: any) => ({
      measure: t.exposeString('measure', { nullable: false }),
      dimensions: t.exposeStringList('dimensions', { nullable: false }),
      from: t.exposeString('from'),
      to: t.exposeString('to'),
      categories: t.field({ type: [['String']], nullable: false, resolve: (s: StatisticsTable) => s.categories, description: "Each dimension's categories, in the table's order." }),
      cells: t.field({ type: [Cell], nullable: false, resolve: (s: StatisticsTable) => s.cells }),
      suppression: t.field({ type: Suppression, nullable: false, resolve: (s: StatisticsTable) => s.suppression }),
      sources: t.field({ type: [Source], resolve: (s: StatisticsTable) => s.sources ?? null, description: 'For a federated table: every gateway asked and whether it answered.' }),
    }),
  });
  const VocabularyEntry = b.objectRef('StatisticsVocabularyEntry').implement({
    fields: (t: any) => ({ code: t.exposeString('code', { nullable: false }), description: t.exposeString('description', { nullable: false }) }),
  });
  const Vocabulary = b.objectRef('StatisticsVocabulary').implement({
    description: 'The published measures and dimensions (docs/statistics.md).',
    fields: (t: any) => ({
      measures: t.field({ type: [VocabularyEntry], nullable: false, resolve: () => entries(MEASURES) }),
      dimensions: t.field({ type: [VocabularyEntry], nullable: false, resolve: () => entries(DIMENSIONS) }),
    }),
  });

  b.queryFields((t: any) => ({
    statistics: t.field({
      type: Table,
      nullable: false,
      description: 'A table of counts, small cells suppressed; only for a token whose purpose is statistics. `federated: true` asks every peer gateway the same question and combines their suppressed tables.',
      args: {
        measure: t.arg({ type: Measure, required: true }),
        dimensions: t.arg({ type: [Dimension], required: false }),
        from: t.arg.string({ description: 'First month counted, YYYY-MM.' }),
        to: t.arg.string({ description: 'Last month counted, YYYY-MM.' }),
        federated: t.arg.boolean({ defaultValue: false }),
      },
      resolve: (_root: unknown, args: { measure: string; dimensions?: string[] | null; from?: string | null; to?: string | null; federated?: boolean | null }, ctx: AuthenticatedRequest) =>
        statistics.table(ctx.principal, parseQuestion({ measure: args.measure, dimensions: args.dimensions ?? [], from: args.from, to: args.to }), { federated: args.federated === true }),
    }),
    statisticsVocabulary: t.field({ type: Vocabulary, nullable: false, resolve: () => ({}) }),
  }));
}
