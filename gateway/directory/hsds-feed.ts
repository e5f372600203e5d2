/**
 * Whole directories as HSDS 3 JSON: the export a directory writes (the HSDS API's page of full
 * services, every one checked against the official schema first) and the feed an import reads (that
 * page, a list of full services, or one service), each entry checked against the official schema,
 * mapped to NRX and published through the directory's own checks. One bad entry is reported with
 * its place in the feed and never stops the others.
 */
import type { Service } from '../../schema/generated/nrx.d.ts';
import type { Directory } from './directory.ts';
import { hsdsService, serviceFromHsds, type HsdsOrganizationInfo, type ImportDefaults } from './hsds.ts';
import { hsdsProblems } from './hsds-schemas.ts';
import { DirectoryError } from './types.ts';

export interface FeedProblem {
  /** The entry's place in the feed (0-based) and its HSDS id, when it has one. */
  index: number;
  hsdsId?: string;
  code: string;
  message: string;
}

export interface ImportReport {
  imported: string[];
  problems: FeedProblem[];
}

/** Every service of the directory as one HSDS page of full services, valid against the official schema. */
export function exportHsds(services: readonly Service[], organization: (memberId: string) => HsdsOrganizationInfo, titles?: ReadonlyMap<string, { title: string; description: string }>) {
  const contents = services.map((service) => {
    const hsds = hsdsService(service, organization(service.organization), titles);
    const problems = hsdsProblems('service', hsds);
    if (problems.length) throw new DirectoryError('HSDS_FEED_INVALID', `service ${service.id} does not map to valid HSDS 3: ${problems[0]!.pointer} ${problems[0]!.message}`);
    return hsds;
  });
  return { total_items: contents.length, total_pages: 1, page_number: 1, size: contents.length, first_page: true, last_page: true, empty: contents.length === 0, contents };
}

/** The services of a feed: an HSDS page (`contents`), a list, or one service. */
export function feedEntries(feed: unknown): unknown[] {
  if (Array.isArray(feed)) return feed;
  if (feed && typeof feed === 'object' && Array.isArray((feed as { contents?: unknown }).contents)) return (feed as { contents: unknown[] }).contents;
  if (feed && typeof feed === 'object' && 'name' in feed) return [feed];
  throw new DirectoryError('HSDS_FEED_INVALID', 'the feed is not HSDS 3 services: expected a page with "contents", a list of services, or one service');
}

export interface ImportOptions extends ImportDefaults {
  /** The service taxonomy's codes, to recognise them among the feed's taxonomy terms. */
  categories: ReadonlySet<string>;
  /** Check and map only; store nothing. */
  dryRun?: boolean;
}

export async function importHsds(directory: Directory, feed: unknown, options: ImportOptions): Promise<ImportReport> {
  const report: ImportReport = { imported: [], problems: [] };
  for (const [index, entry] of feedEntries(feed).entries()) {
    const id = (entry as { id?: unknown } | null)?.id;
    const where = { index, ...(typeof id === 'string' ? { hsdsId: id } : {}) };
    const invalid = hsdsProblems('service', entry);
    if (invalid.length) {
      report.problems.push({ ...where, code: 'HSDS_FEED_INVALID', message: invalid.slice(0, 3).map((p) => `${p.pointer} ${p.message}`).join('; ') });
      continue;
    }
    try {
      const document = serviceFromHsds(entry as Record<string, unknown>, options.categories, options);
      const service = options.dryRun ? directory.check(document) : (await directory.publish(null, document, 'import')).document;
      report.imported.push(service.id);
    } catch (error) {
      const e = error as { code?: string; extensions?: { code?: string; issues?: Array<{ pointer: string; message: string }> }; message: string };
      const issue = e.extensions?.issues?.[0];
      report.problems.push({ ...where, code: e.code ?? e.extensions?.code ?? 'HSDS_FEED_INVALID', message: issue ? `${issue.pointer || '/'}: ${issue.message}` : e.message });
    }
  }
  return report;
}
