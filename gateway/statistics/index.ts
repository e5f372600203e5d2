/** Aggregate statistics with small-cell suppression (docs/statistics.md). */
export { DIMENSIONS, MEASURES, type Dimension, type Measure } from './dimensions.ts';
export { parseQuestion, type StatisticsQuestion } from './question.ts';
export { questionFromQuery, questionQuery } from './wire.ts';
export { requireStatisticsPurpose, statisticsService, STATISTICS_PURPOSE, type StatisticsService } from './service.ts';
export type { StatisticsTable, TableCell } from './table.ts';
export { tableCsv } from './csv.ts';
