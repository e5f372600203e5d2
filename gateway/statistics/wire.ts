/** A statistics question as a query string (GET /stats/table.json, .csv), both ways. */
import { parseQuestion, type StatisticsQuestion } from './question.ts';

export function questionQuery(question: StatisticsQuestion): string {
  const params = new URLSearchParams({ measure: question.measure });
  if (question.dimensions.length) params.set('dimensions', question.dimensions.join(','));
  if (question.from) params.set('from', question.from);
  if (question.to) params.set('to', question.to);
  return params.toString();
}

export function questionFromQuery(params: URLSearchParams): StatisticsQuestion {
  const dimensions = params.get('dimensions');
  return parseQuestion({
    measure: params.get('measure'),
    dimensions: dimensions ? dimensions.split(',').map((d) => d.trim()).filter(Boolean) : [],
    from: params.get('from'),
    to: params.get('to'),
  });
}
