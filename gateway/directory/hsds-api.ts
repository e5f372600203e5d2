/**
 * The Open Referral HSDS 3.0 API over this gateway's directory (paths as in the vendored
 * openapi.json, under /hsds): services, organizations, taxonomies, taxonomy terms and services at
 * locations, paged as HSDS pages them. Only public-tier data: no capacity, and no location for a
 * service whose place is not public (it has none in the directory to begin with).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Service } from '../../schema/generated/nrx.d.ts';
import type { Directory } from './directory.ts';
import { allFieldTerms, CATEGORY_TAXONOMY, categoryTerm, FIELD_TAXONOMY, hsdsId, hsdsOrganization, hsdsService, hsdsServiceAtLocation, hsdsServiceSummary, type HsdsOrganizationInfo } from './hsds.ts';
import { HSDS_DIR } from './hsds-schemas.ts';
import type { PublishedService, ServiceQuery } from './types.ts';

export const HSDS_PREFIX = '/hsds';
const DEFAULT_PAGE = 50;
const MAX_PAGE = 500;

export interface HsdsContext {
  directory: Directory;
  /** The member as an HSDS organisation (its name from the trust list). */
  organization(memberId: string): HsdsOrganizationInfo;
  /** The service taxonomy's codes with their titles, in codelist order. */
  categories: ReadonlyArray<{ code: string; title: string; description: string }>;
  /** This gateway's public base URL, for the links the API gives. */
  publicUrl: string;
}

export interface HsdsAnswer {
  status: number;
  body: unknown;
}

type Json = Record<string, unknown>;

const notFound = (what: string): HsdsAnswer => ({ status: 404, body: { error: `no ${what}` } });
const badRequest = (message: string): HsdsAnswer => ({ status: 400, body: { error: message, code: 'BAD_USER_INPUT' } });

let openapi: unknown;

/** HSDS's page of a list (openapi.json components.schemas.Page) around `items`. */
function page(items: unknown[], params: URLSearchParams): HsdsAnswer {
  const number = params.has('page') ? Number(params.get('page')) : 1;
  const size = params.has('per_page') ? Number(params.get('per_page')) : DEFAULT_PAGE;
  if (!Number.isInteger(number) || number < 1) return badRequest('page must be a whole number from 1');
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE) return badRequest(`per_page must be a whole number from 1 to ${MAX_PAGE}`);
  const totalPages = Math.max(1, Math.ceil(items.length / size));
  const contents = items.slice((number - 1) * size, number * size);
  return {
    status: 200,
    body: { total_items: items.length, total_pages: totalPages, page_number: number, size: contents.length, first_page: number === 1, last_page: number >= totalPages, empty: items.length === 0, contents },
  };
}

const matchesText = (service: Service, text: string | null) => {
  if (!text) return true;
  const t = text.toLowerCase();
  return service.name.toLowerCase().includes(t) || (service.description ?? '').toLowerCase().includes(t) || (service.alternateName ?? '').toLowerCase().includes(t);
};

export function createHsdsApi(context: HsdsContext) {
  const { directory } = context;
  const titles = new Map(context.categories.map((c) => [c.code, { title: c.title, description: c.description }]));
  const termByHsdsId = new Map(context.categories.map((c) => [hsdsId('term', c.code), c.code]));
  const terms = () => [...context.categories.map((c) => categoryTerm(c.code, c.title, c.description)), ...allFieldTerms()];
  /** HSDS ids by NRX id, remembered: every list derives them for every entry. */
  const ids = new Map<string, string>();
  const idOf = (kind: string, nrxId: string) => {
    const key = `${kind}:${nrxId}`;
    let id = ids.get(key);
    if (!id) ids.set(key, (id = hsdsId(kind, nrxId)));
    return id;
  };
  const organizations = () => [...new Set(directory.all().map((s) => s.organization))].sort();
  const full = (s: PublishedService) => hsdsService(s.document, context.organization(s.organization), titles);
  const byId = (id: string) => directory.all().find((s) => idOf('service', s.id) === id);

  /** The services a list asks for, in a stable order (NRX id) so that pages never overlap. */
  function services(params: URLSearchParams): PublishedService[] | HsdsAnswer {
    const query: ServiceQuery = {};
    const term = params.get('taxonomy_term_id');
    if (term) {
      const code = termByHsdsId.get(term);
      if (!code) return badRequest(`taxonomy_term_id ${term} is not a term of ${CATEGORY_TAXONOMY.name}`);
      query.categories = [code];
    }
    const taxonomy = params.get('taxonomy_id');
    if (taxonomy && taxonomy !== CATEGORY_TAXONOMY.id && taxonomy !== FIELD_TAXONOMY.id) return [];
    const organization = params.get('organization_id');
    if (organization) {
      const member = organizations().find((m) => idOf('organization', m) === organization);
      if (!member) return [];
      query.organization = member;
    }
    const modifiedAfter = params.get('modified_after');
    const after = modifiedAfter ? Date.parse(modifiedAfter) : undefined;
    if (after !== undefined && Number.isNaN(after)) return badRequest('modified_after must be a date-time');
    const text = params.get('search');
    return directory.search(query, 0, Number.MAX_SAFE_INTEGER).hits
      .map((h) => h.service)
      .filter((s) => matchesText(s.document, text) && (after === undefined || Date.parse(s.document.lastModified ?? s.updated) >= after))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  return function answer(path: string, params: URLSearchParams): HsdsAnswer {
    const [collection, id, ...rest] = path.split('/').filter(Boolean).map(decodeURIComponent);
    if (rest.length) return notFound(`resource at ${HSDS_PREFIX}${path}`);
    switch (collection) {
      case undefined:
        return { status: 200, body: { version: '3.0', profile: 'https://nrx.exchange/spec/v1/service.schema.json', openapi_url: `${context.publicUrl.replace(/\/$/, '')}${HSDS_PREFIX}/openapi.json` } };
      case 'openapi.json':
        openapi ??= JSON.parse(readFileSync(join(HSDS_DIR, 'openapi.json'), 'utf8'));
        return { status: 200, body: openapi };
      case 'services': {
        if (id) {
          const found = byId(id);
          return found ? { status: 200, body: full(found) } : notFound(`service ${id}`);
        }
        const list = services(params);
        if (!Array.isArray(list)) return list;
        if (params.get('minimal') === 'true') return page(list.map((s) => ({ id: idOf('service', s.id), ...(s.document.lastModified ? { last_modified: s.document.lastModified } : {}) })), params);
        return page(list.map((s) => (params.get('full') === 'true' ? full(s) : hsdsServiceSummary(s.document, context.organization(s.organization)))), params);
      }
      case 'organizations': {
        const all = organizations().map((m) => hsdsOrganization(context.organization(m)));
        if (id) {
          const found = all.find((o) => o.id === id);
          return found ? { status: 200, body: found } : notFound(`organization ${id}`);
        }
        const text = params.get('search')?.toLowerCase();
        return page(text ? all.filter((o) => String(o.name).toLowerCase().includes(text)) : all, params);
      }
      case 'taxonomies': {
        const all = [CATEGORY_TAXONOMY, FIELD_TAXONOMY];
        if (id) {
          const found = all.find((t) => t.id === id);
          return found ? { status: 200, body: found } : notFound(`taxonomy ${id}`);
        }
        return page(all, params);
      }
      case 'taxonomy_terms': {
        const all = terms();
        if (id) {
          const found = all.find((t) => t.id === id);
          return found ? { status: 200, body: found } : notFound(`taxonomy term ${id}`);
        }
        const taxonomy = params.get('taxonomy_id');
        const parent = params.get('parent_id');
        const text = params.get('search')?.toLowerCase();
        return page(all.filter((t: Json) =>
          (!taxonomy || t.taxonomy_id === taxonomy) && (!parent || t.parent_id === parent) && (params.get('top_only') !== 'true' || t.parent_id === undefined)
          && (!text || String(t.name).toLowerCase().includes(text) || String(t.code).includes(text))), params);
      }
      case 'service_at_locations': {
        const list = services(params);
        if (!Array.isArray(list)) return list;
        const all = list.flatMap((s) => {
          const at = hsdsServiceAtLocation(s.document);
          return at ? [{ ...at, service: hsdsServiceSummary(s.document, context.organization(s.organization)) } as Json] : [];
        });
        if (id) {
          const found = all.find((a) => a.id === id);
          return found ? { status: 200, body: found } : notFound(`service at location ${id}`);
        }
        return page(all, params);
      }
      default:
        return notFound(`HSDS collection ${collection}`);
    }
  };
}

export type HsdsApi = ReturnType<typeof createHsdsApi>;
