/**
 * NRX service documents as Open Referral HSDS 3 objects, and back. Every field with an HSDS
 * counterpart (the spec's descriptions name it) goes there, so that any HSDS consumer reads it;
 * what HSDS has no field for (the taxonomy codes, the eligibility flags, who may refer, where the
 * place may be disclosed) travels as attributes of NRX's own taxonomies, which HSDS 3 provides for,
 * so that an NRX directory survives an HSDS round trip. HSDS identifies everything by UUID: each is
 * derived from the NRX id (UUID v5), so the same service always has the same HSDS id.
 *
 * Never exported: capacity (operational, shared with members only) and, for a service whose place
 * is not public, any location at all.
 */
import { v5 as uuidv5 } from 'uuid';
import type { Service } from '../../schema/generated/nrx.d.ts';
import { DirectoryError, type Referrer } from './types.ts';

/** The namespace of NRX's HSDS ids (a random UUID fixed once). */
const NAMESPACE = '6f1d8c3e-5a0b-4c1e-9a57-2f4b8e9d7c10';
export const hsdsId = (kind: string, nrxId: string) => uuidv5(`${kind}:${nrxId}`, NAMESPACE);

/** The taxonomies the export uses: the service taxonomy's codes, and NRX's fields that HSDS lacks. */
export const CATEGORY_TAXONOMY = { id: hsdsId('taxonomy', 'service-category'), name: 'NRX need and service category', description: 'The NRX taxonomy of needs and services (codelists/service-category): two levels, a top-level code and a specific one after a dot.', uri: 'https://nrx.exchange/spec/v1/codelists/service-category.schema.json', version: '1.0.0' };
export const FIELD_TAXONOMY = { id: hsdsId('taxonomy', 'service-fields'), name: 'NRX service fields', description: 'Fields of the NRX service document that HSDS 3 has no field for; each attribute\'s value holds the field as JSON.', uri: 'https://nrx.exchange/spec/v1/service.schema.json', version: '1.0.0' };

/** The NRX fields carried as attributes of FIELD_TAXONOMY, by term code (the value is the field as JSON). */
const FIELD_TERMS = ['id', 'organization', 'categories', 'eligibility', 'languages', 'interpretation', 'serviceAreas', 'acceptsReferralsFrom', 'howToRefer', 'locationDisclosure', 'hours', 'cost'] as const;
type FieldTerm = (typeof FIELD_TERMS)[number];

export interface HsdsOrganizationInfo {
  id: string;
  name: string;
  description?: string;
  country?: string;
}

type Json = Record<string, unknown>;

const STATUS_TO_HSDS: Record<string, string> = { active: 'active', inactive: 'inactive', defunct: 'defunct', 'temporarily-closed': 'temporarily closed' };
const STATUS_FROM_HSDS: Record<string, Service['status']> = { active: 'active', inactive: 'inactive', defunct: 'defunct', 'temporarily closed': 'temporarily-closed' };

export function categoryTerm(code: string, title?: string, description?: string): Json {
  const parent = code.includes('.') ? code.slice(0, code.indexOf('.')) : undefined;
  return {
    id: hsdsId('term', code),
    code,
    name: title ?? code,
    description: description ?? code,
    taxonomy: CATEGORY_TAXONOMY.name,
    taxonomy_id: CATEGORY_TAXONOMY.id,
    ...(parent ? { parent_id: hsdsId('term', parent) } : {}),
    term_uri: `${CATEGORY_TAXONOMY.uri}#${code}`,
  };
}

export function fieldTerm(code: FieldTerm): Json {
  return { id: hsdsId('term', `field:${code}`), code, name: code, description: `The NRX service field ${code}, as JSON.`, taxonomy: FIELD_TAXONOMY.name, taxonomy_id: FIELD_TAXONOMY.id, term_uri: `${FIELD_TAXONOMY.uri}#/properties/${code}` };
}

export const allFieldTerms = () => FIELD_TERMS.map(fieldTerm);

export function hsdsOrganization(info: HsdsOrganizationInfo): Json {
  const id = hsdsId('organization', info.id);
  return {
    id,
    name: info.name,
    description: info.description ?? info.name,
    organization_identifiers: [{ id: hsdsId('organization-identifier', info.id), organization_id: id, identifier_scope: 'international', identifier_type: 'NRX member id', identifier: info.id }],
  };
}

function attribute(serviceId: string, term: Json, value?: string): Json {
  return { id: hsdsId('attribute', `${serviceId}:${String(term.code)}:${value ?? ''}`), link_id: serviceId, link_type: 'service', link_entity: 'service', taxonomy_term_id: term.id, taxonomy_term: term, ...(value !== undefined ? { value } : {}) };
}

const eligibilityText = (e: Service['eligibility']) => [e.description, e.otherConditions, e.conditionalOnCooperation ? 'Conditional on cooperation with the authorities.' : undefined].filter(Boolean).join(' ') || undefined;

function schedules(service: Service, serviceId: string): Json[] {
  const hours = service.hours;
  if (!hours) return [];
  if (hours.alwaysOpen) return [{ id: hsdsId('schedule', `${service.id}:always`), service_id: serviceId, freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '00:00', closes_at: '24:00', description: hours.description ?? 'Open around the clock, every day.' }];
  return (hours.openings ?? []).map((o, i) => ({ id: hsdsId('schedule', `${service.id}:${i}`), service_id: serviceId, freq: 'WEEKLY', byday: o.days.join(','), opens_at: o.opensAt, closes_at: o.closesAt, ...(hours.description ? { description: hours.description } : {}) }));
}

/** The service's public place, as an HSDS service_at_location; none unless its location is public. */
export function hsdsServiceAtLocation(service: Service, serviceId = hsdsId('service', service.id)): Json | undefined {
  if (service.locationDisclosure !== 'public' || !service.address) return undefined;
  const a = service.address;
  const locationId = hsdsId('location', service.id);
  return {
    id: hsdsId('service-at-location', service.id),
    service_id: serviceId,
    location_id: locationId,
    location: {
      id: locationId,
      location_type: 'physical',
      organization_id: hsdsId('organization', service.organization),
      name: service.name,
      // HSDS requires every address part; a part the entry does not have is left empty rather than invented.
      addresses: [{ id: hsdsId('address', service.id), location_id: locationId, address_1: a.line ?? '', city: a.locality ?? '', state_province: a.region ?? '', postal_code: a.postalCode ?? '', country: a.country, address_type: 'physical' }],
      ...(a.accessibility ? { accessibility: [{ id: hsdsId('accessibility', service.id), location_id: locationId, description: a.accessibility }] } : {}),
    },
  };
}

/** The flat HSDS service of a list (compiled/service_list.json): no nested arrays. */
export function hsdsServiceSummary(service: Service, organization: HsdsOrganizationInfo): Json {
  const id = hsdsId('service', service.id);
  const e = service.eligibility;
  const text = eligibilityText(e);
  return {
    id,
    organization_id: hsdsId('organization', service.organization),
    name: service.name,
    ...(service.alternateName ? { alternate_name: service.alternateName } : {}),
    ...(service.description ? { description: service.description } : {}),
    ...(service.contact?.website ? { url: service.contact.website } : {}),
    ...(service.contact?.email ? { email: service.contact.email } : {}),
    status: STATUS_TO_HSDS[service.status] ?? 'inactive',
    ...(service.interpretation ? { interpretation_services: service.interpretation.description ?? (service.interpretation.available ? `Available${service.interpretation.languages ? ` in ${service.interpretation.languages.join(', ')}` : ' on request'}` : 'Not available') } : {}),
    ...(service.howToRefer?.applicationProcess ? { application_process: service.howToRefer.applicationProcess } : {}),
    ...(service.cost ? { fees_description: service.cost.description ?? (service.cost.free ? 'Free of charge.' : 'Charges apply.') } : {}),
    ...(text ? { eligibility_description: text } : {}),
    ...(e.minimumAge !== undefined ? { minimum_age: e.minimumAge } : {}),
    ...(e.maximumAge !== undefined ? { maximum_age: e.maximumAge } : {}),
    ...(service.assuredDate ? { assured_date: service.assuredDate } : {}),
    ...(service.alert ? { alert: service.alert } : {}),
    ...(service.lastModified ? { last_modified: service.lastModified } : {}),
    organization: hsdsOrganization(organization),
  };
}

/** The full HSDS service (compiled/service.json), with its nested objects and NRX's attributes. */
export function hsdsService(service: Service, organization: HsdsOrganizationInfo, titles: ReadonlyMap<string, { title: string; description: string }> = new Map()): Json {
  const summary = hsdsServiceSummary(service, organization);
  const id = String(summary.id);
  const at = hsdsServiceAtLocation(service, id);
  const fields: Partial<Record<FieldTerm, unknown>> = {
    id: service.id, organization: service.organization, categories: service.categories, eligibility: service.eligibility, languages: service.languages,
    interpretation: service.interpretation, serviceAreas: service.serviceAreas, acceptsReferralsFrom: service.acceptsReferralsFrom, howToRefer: service.howToRefer,
    locationDisclosure: service.locationDisclosure, hours: service.hours, cost: service.cost,
  };
  return {
    ...summary,
    phones: service.contact?.phone ? [{ id: hsdsId('phone', service.id), service_id: id, number: service.contact.phone }] : [],
    schedules: schedules(service, id),
    service_areas: service.serviceAreas.flatMap((area, i) => (area.regions ?? [undefined]).map((region, j) => ({
      id: hsdsId('service-area', `${service.id}:${i}:${j}`), service_id: id, name: region ? `${region}, ${area.country}` : area.country, ...(area.description ? { description: area.description } : {}),
    }))),
    service_at_locations: at ? [at] : [],
    languages: (service.languages ?? []).map((code) => ({ id: hsdsId('language', `${service.id}:${code}`), service_id: id, code })),
    required_documents: service.eligibility.requiresIdentityDocument ? [{ id: hsdsId('required-document', service.id), service_id: id, document: 'An identity document.' }] : [],
    attributes: [
      ...service.categories.map((code) => attribute(id, categoryTerm(code, titles.get(code)?.title, titles.get(code)?.description))),
      ...FIELD_TERMS.filter((term) => fields[term] !== undefined).map((term) => attribute(id, fieldTerm(term), JSON.stringify(fields[term]))),
    ],
  };
}


export interface ImportDefaults {
  /** The member the feed's services belong to, when the feed does not name one (organization_identifiers). */
  organization?: string;
  /** The country of the services, when the feed's service areas do not say. */
  country?: string;
}

const fieldValue = (service: Json, code: FieldTerm): unknown => {
  for (const a of (service.attributes as Json[] | undefined) ?? []) {
    const term = a.taxonomy_term as Json | undefined;
    if ((a.taxonomy_term_id === hsdsId('term', `field:${code}`) || (term?.taxonomy_id === FIELD_TAXONOMY.id && term.code === code)) && typeof a.value === 'string') {
      try {
        return JSON.parse(a.value);
      } catch {
        throw new DirectoryError('HSDS_FEED_INVALID', `the attribute ${code} is not JSON`);
      }
    }
  }
  return undefined;
};

/** The member id an HSDS organisation names as its NRX member id. */
function memberOf(service: Json): string | undefined {
  const ids = ((service.organization as Json | undefined)?.organization_identifiers as Json[] | undefined) ?? [];
  return ids.find((i) => i.identifier_type === 'NRX member id' && typeof i.identifier === 'string')?.identifier as string | undefined;
}

const isCategory = (code: unknown, known: ReadonlySet<string>): code is string => typeof code === 'string' && known.has(code);

/**
 * An NRX service document from a full HSDS 3 service: from NRX's own attributes when the feed came
 * from NRX, otherwise from the HSDS fields. The result still has to pass the spec's validation.
 */
export function serviceFromHsds(hsds: Json, categories: ReadonlySet<string>, defaults: ImportDefaults = {}): Json {
  const organization = (fieldValue(hsds, 'organization') as string | undefined) ?? memberOf(hsds) ?? defaults.organization;
  if (!organization) throw new DirectoryError('HSDS_FEED_INVALID', 'no NRX member is named for its organisation (an organization_identifier of type "NRX member id", or --organization)');
  const country = defaults.country ?? organization.slice(0, 2);
  const id = (fieldValue(hsds, 'id') as string | undefined) ?? `${organization}/${String(hsds.id)}`;
  const termCodes = ((hsds.attributes as Json[] | undefined) ?? []).map((a) => (a.taxonomy_term as Json | undefined)?.code);
  const foundCategories = [...new Set(termCodes.filter((c) => isCategory(c, categories)))];
  const locations = ((hsds.service_at_locations as Json[] | undefined) ?? []).map((s) => (s.location as Json | undefined) ?? {});
  const address = locations.flatMap((l) => (l.addresses as Json[] | undefined) ?? []).find((a) => a.address_type === 'physical');
  const accessibility = locations.flatMap((l) => (l.accessibility as Json[] | undefined) ?? []).map((a) => a.description).find((d) => typeof d === 'string');
  const phone = ((hsds.phones as Json[] | undefined) ?? [])[0]?.number;
  const areaNames = ((hsds.service_areas as Json[] | undefined) ?? []).map((a) => String(a.name ?? '')).filter((n) => n && n !== country);
  const nonEmpty = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined);
  const locationDisclosure = (fieldValue(hsds, 'locationDisclosure') as string | undefined) ?? (address ? 'public' : 'on-referral');
  const document: Json = {
    kind: 'service',
    specVersion: '1.0.0',
    id,
    name: hsds.name,
    ...(hsds.alternate_name ? { alternateName: hsds.alternate_name } : {}),
    ...(hsds.description ? { description: hsds.description } : {}),
    organization,
    status: STATUS_FROM_HSDS[String(hsds.status)] ?? 'inactive',
    ...(hsds.alert ? { alert: hsds.alert } : {}),
    categories: (fieldValue(hsds, 'categories') as string[] | undefined) ?? (foundCategories.length ? foundCategories : ['other']),
    eligibility: (fieldValue(hsds, 'eligibility') as Json | undefined) ?? {
      conditionalOnCooperation: false,
      ...(hsds.eligibility_description ? { description: String(hsds.eligibility_description).slice(0, 2000) } : {}),
      ...(typeof hsds.minimum_age === 'number' ? { minimumAge: hsds.minimum_age } : {}),
      ...(typeof hsds.maximum_age === 'number' ? { maximumAge: hsds.maximum_age } : {}),
      ...(((hsds.required_documents as Json[] | undefined) ?? []).length ? { requiresIdentityDocument: true } : {}),
    },
    ...optional('languages', fieldValue(hsds, 'languages') ?? nonEmptyList(((hsds.languages as Json[] | undefined) ?? []).map((l) => l.code).filter((c): c is string => typeof c === 'string'))),
    ...optional('interpretation', fieldValue(hsds, 'interpretation') ?? (hsds.interpretation_services ? { available: true, description: String(hsds.interpretation_services).slice(0, 500) } : undefined)),
    serviceAreas: (fieldValue(hsds, 'serviceAreas') as Json[] | undefined) ?? [areaNames.length ? { country, regions: areaNames.map((n) => n.replace(new RegExp(`, ${country}$`), '')) } : { country }],
    ...optional('acceptsReferralsFrom', fieldValue(hsds, 'acceptsReferralsFrom')),
    ...optional('howToRefer', fieldValue(hsds, 'howToRefer') ?? (hsds.application_process ? { applicationProcess: String(hsds.application_process).slice(0, 2000) } : undefined)),
    locationDisclosure,
    // A place given for a service whose location is not public is kept, so that the directory refuses the entry (SERVICE_LOCATION_SECRET) instead of quietly dropping it.
    ...(address
      ? { address: { ...optional('line', nonEmpty(address.address_1)), ...optional('locality', nonEmpty(address.city)), ...optional('postalCode', nonEmpty(address.postal_code)), ...optional('region', nonEmpty(address.state_province)), country: address.country, ...optional('accessibility', accessibility) } }
      : {}),
    ...optional('hours', fieldValue(hsds, 'hours')),
    ...optional('contact', phone || hsds.email || hsds.url ? { ...optional('phone', phone), ...optional('email', hsds.email), ...optional('website', hsds.url) } : undefined),
    ...optional('cost', fieldValue(hsds, 'cost')),
    ...(hsds.assured_date ? { assuredDate: hsds.assured_date } : {}),
    ...(hsds.last_modified ? { lastModified: hsds.last_modified } : {}),
  };
  return document;
}

const optional = (key: string, value: unknown): Json => (value === undefined || value === null ? {} : { [key]: value });
const nonEmptyList = <T>(items: T[]): T[] | undefined => (items.length ? items : undefined);

/** The member as the HSDS organisation of its services, from the trust list's entry. */
export const organizationInfo = (member: Referrer & { name?: string; description?: string } | undefined, id: string): HsdsOrganizationInfo =>
  member ? { id, name: member.name ?? id, ...(member.description ? { description: member.description } : {}), country: member.country } : { id, name: id };
