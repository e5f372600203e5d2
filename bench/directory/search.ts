/**
 * Directory search over 10,000 services: the gateway's in-memory index (gateway/directory/
 * service-index.ts) against the baseline of answering the same searches with SQL over the
 * directory table (jsonb conditions, ordered by name), on the embedded store and, when
 * NRX_BENCH_DATABASE_URL is set, on a PostgreSQL server. p50 and p95 per search, over a mix of
 * searches a case worker makes (a need with the taxonomy, a country or region, a language,
 * eligibility, free places, who may refer).
 * Run: node bench/directory/search.ts   (NRX_BENCH_DATABASE_URL=postgres://… for the server too)
 */
import { generateServices } from '../../gateway/demo/services.ts';
import { openDirectory, type Directory } from '../../gateway/directory/directory.ts';
import type { ServiceQuery } from '../../gateway/directory/types.ts';
import { openStore, type Store } from '../../gateway/store/index.ts';
import type { Service } from '../../schema/generated/nrx.d.ts';

const COUNT = 10_000;
const ROUNDS = Number(process.env.NRX_BENCH_ROUNDS ?? 20);

const QUERIES: ServiceQuery[] = [
  { categories: ['accommodation'], country: 'RS' },
  { categories: ['medical'], country: 'AT', region: 'Wien' },
  { categories: ['legal-administrative.residence-permits'] },
  { country: 'MD', language: 'ro' },
  { categories: ['psychological'], eligibility: ['woman', 'family-with-children'] },
  { categories: ['accommodation.secret-location'], available: true },
  { categories: ['employment', 'education-training'], country: 'RS', referrer: { id: 'RS/GOV/CPTV', country: 'RS', memberClass: 'GOV', agencyType: 'coordinating-body' } },
  { eligibility: ['lgbtiq'], country: 'AT' },
];

/** The baseline: the same filters as SQL over the jsonb documents (categories with the taxonomy, country, language). */
function sqlOf(query: ServiceQuery): { text: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (value: unknown) => (params.push(value), `$${params.length}`);
  if (query.categories) where.push(`EXISTS (SELECT 1 FROM jsonb_array_elements_text(document->'categories') c WHERE ${query.categories.map((code) => `c = ${p(code)} OR c LIKE ${p(`${code}.%`)}`).join(' OR ')})`);
  if (query.country) where.push(`EXISTS (SELECT 1 FROM jsonb_array_elements(document->'serviceAreas') a WHERE a->>'country' = ${p(query.country)}${query.region ? ` AND (a->'regions' IS NULL OR a->'regions' ? ${p(query.region)})` : ''})`);
  if (query.language) where.push(`(document->'languages' ? ${p(query.language)} OR document->'interpretation'->>'available' = 'true')`);
  if (query.available) where.push(`document->>'status' = 'active' AND COALESCE((document->'capacity'->>'placesFree')::int, 1) > 0`);
  if (query.eligibility?.includes('lgbtiq')) where.push(`document->'eligibility'->>'lgbtiqAffirming' = 'true'`);
  if (query.eligibility?.includes('family-with-children')) where.push(`document->'eligibility'->>'dependantsAccepted' = 'true'`);
  if (query.referrer) where.push(`(document->'acceptsReferralsFrom'->'memberClasses' IS NULL OR document->'acceptsReferralsFrom'->'memberClasses' ? ${p(query.referrer.memberClass)})`);
  return { text: `SELECT document FROM directory_services ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY document->>'name', id LIMIT 20`, params };
}

function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function measure(label: string, run: (query: ServiceQuery) => unknown): Promise<{ p50: number; p95: number }> {
  for (const q of QUERIES) await run(q);
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const q of QUERIES) {
      const start = performance.now();
      await run(q);
      samples.push(performance.now() - start);
    }
  }
  const result = { p50: percentile(samples, 0.5), p95: percentile(samples, 0.95) };
  console.log(`${label.padEnd(44)} p50 ${result.p50.toFixed(3).padStart(8)} ms   p95 ${result.p95.toFixed(3).padStart(8)} ms   (${samples.length} searches)`);
  return result;
}

async function bench(name: string, store: Store, services: Service[]) {
  const directory: Directory = await openDirectory({ db: store.db, validate: (d) => d as Service });
  const loadStart = performance.now();
  await directory.replaceSource('config', services);
  console.log(`${name}: ${COUNT} services stored in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);
  const reopenStart = performance.now();
  const reopened = await openDirectory({ db: store.db, validate: (d) => d as Service });
  console.log(`${name}: index rebuilt from the table at start in ${(performance.now() - reopenStart).toFixed(0)} ms`);
  const hits = QUERIES.map((q) => reopened.search(q, 0, 20).total);
  console.log(`${name}: matches per search ${hits.join(', ')}`);
  const index = await measure(`${name}, in-memory index (first page of 20)`, (q) => reopened.search(q, 0, 20));
  const sql = await measure(`${name}, SQL over jsonb (baseline)`, (q) => {
    const { text, params } = sqlOf(q);
    return store.db.query(text, params);
  });
  console.log(`${name}: the index answers ${(sql.p50 / index.p50).toFixed(0)} times faster than the SQL baseline at p50\n`);
  await reopened.close();
  await directory.close();
}

const services = generateServices({ count: COUNT, seed: 1 });
const embedded = await openStore();
try {
  await bench('embedded (PGlite)', embedded, services);
} finally {
  await embedded.close();
}
const url = process.env.NRX_BENCH_DATABASE_URL;
if (url) {
  const schema = `nrx_bench_directory_${process.pid}`;
  const server = await openStore({ databaseUrl: url, schema });
  try {
    await bench('PostgreSQL server', server, services);
  } finally {
    await server.db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await server.close();
  }
} else {
  console.log('PostgreSQL server: not measured (set NRX_BENCH_DATABASE_URL)');
}
