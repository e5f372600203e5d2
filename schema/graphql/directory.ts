/**
 * The service directory over GraphQL: search this gateway's directory or the federation's, read one
 * service, and publish or withdraw the calling member's own services. Directory data is public-tier:
 * any member's token may search it, whatever its purpose or role.
 */
import type { Directory } from '../../gateway/directory/directory.ts';
import { ELIGIBILITY_PROFILES, type EligibilityProfile, type Referrer, type ServiceHit, type ServiceQuery } from '../../gateway/directory/types.ts';
import type { FederatedSearch, PeerAnswer } from '../../gateway/directory/federated-types.ts';
import { byRank } from '../../gateway/directory/service-index.ts';
import type { AuthenticatedRequest } from '../../gateway/request/context.ts';
import { specFieldExtension, type AnyRef, type Builder } from './builder.ts';
import { codeScalar } from './code-scalars.ts';
import { gatewayError } from './errors.ts';

export interface DirectorySchemaOptions {
  directory: Directory;
  /** This gateway's member id: the `gateway` of every local result. */
  gatewayId: string;
  /** A member of the trust list as a referrer (who may refer where), or undefined when it is not one. */
  referrer(memberId: string): Referrer | undefined;
  /** The same search asked of every peer gateway too; absent when the gateway has no peers to ask. */
  federated?: FederatedSearch;
}

export interface DirectorySchemaTypes {
  documentType: (kind: string) => AnyRef;
  documentId: (kind: string) => string;
  inputTypeOf: (kind: string, property: string) => AnyRef;
  documentInput: (kind: string) => AnyRef;
  toDocument: (kind: string, value: unknown) => unknown;
  maxListSize: number;
}

const ELIGIBILITY_TEXT: Record<EligibilityProfile, string> = {
  'adult-man': 'An adult man: the service accepts adults and men (no sex restriction, or male listed).',
  woman: 'An adult woman: the service accepts adults and women.',
  child: 'A child under 18: the service states that it accepts minors.',
  'family-with-children': 'A parent with her children: the service states that dependants may come along.',
  lgbtiq: 'An LGBTIQ+ person: the service states that it is safe for and welcomes LGBTIQ+ people.',
  disability: 'A person with a disability: the service states that it is accessible.',
};

const encodeCursor = (offset: number) => Buffer.from(`service:${offset}`).toString('base64url');
function decodeCursor(cursor: string | null | undefined): number {
  if (cursor == null) return 0;
  const match = /^service:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw gatewayError('BAD_USER_INPUT', 'the cursor is not one this gateway issued');
  return Number(match[1]);
}

/** A search result as GraphQL serves it: where it came from beside the hit itself. */
interface ResultNode extends ServiceHit {
  gateway: string;
}

export function addDirectorySchema(builder: Builder, types: DirectorySchemaTypes, options: DirectorySchemaOptions | undefined): void {
  if (!options) return;
  const { directory, gatewayId } = options;
  const { maxListSize } = types;
  const b = builder as any;
  const serviceType = types.documentType('service');
  const serviceRoot = (coordinate: string) => specFieldExtension(coordinate, { property: '', locations: [`${types.documentId('service')}#`], transforms: [] });

  const Eligibility = b.addScalarType('EligibilityProfile', codeScalar({
    name: 'EligibilityProfile',
    description: 'Who she is, as far as a directory search needs to know: each profile is read from the service\'s eligibility.',
    codes: ELIGIBILITY_PROFILES.map((code) => ({ code, description: ELIGIBILITY_TEXT[code] })),
  }));

  const ServiceFilter = b.inputType('ServiceFilter', {
    description: 'Narrows a directory search; all given conditions must hold.',
    fields: (t: any) => ({
      categories: t.field({ type: [types.inputTypeOf('service', 'categories')], description: 'Any of these needs or service categories, each with everything below it in the taxonomy (medical finds medical.addiction-treatment).' }),
      country: t.field({ type: types.inputTypeOf('member', 'country'), description: 'A country the service covers.' }),
      region: t.string({ description: 'A first-level region the service covers; services covering the whole country match too.' }),
      eligibility: t.field({ type: [Eligibility], description: 'Every profile given must be eligible.' }),
      language: t.string({ description: 'A language (BCP 47) that staff speak or interpretation covers.' }),
      available: t.boolean({ description: 'Only services active now, with a free place when they count places.' }),
      referrableBy: t.id({ description: 'Only services this member may refer to (their acceptsReferralsFrom); usually the caller\'s own id.' }),
      organization: t.id({ description: 'Only the services of this member.' }),
    }),
  });

  const ServiceResult = b.objectRef('ServiceResult').implement({
    description: 'One service a search found, with its rank and what a case worker should know before referring.',
    fields: (t: any) => ({
      service: t.field({ type: serviceType, nullable: false, extensions: { nrx: serviceRoot('ServiceResult.service') }, resolve: (hit: ResultNode) => hit.service.document }),
      gateway: t.id({ nullable: false, description: 'The gateway whose directory holds the service.', resolve: (hit: ResultNode) => hit.gateway }),
      score: t.float({ nullable: false, description: 'How well it matches; results are ordered by it.', resolve: (hit: ResultNode) => hit.score }),
      flags: t.stringList({
        nullable: false,
        description: 'conditional-on-cooperation (assistance must never be), requires-formal-identification, no-free-place, capacity-stale, status-<status>.',
        resolve: (hit: ResultNode) => hit.flags,
      }),
      updated: t.string({ nullable: false, description: 'When the directory last stored it (RFC 3339).', resolve: (hit: ResultNode) => hit.service.updated }),
    }),
  });

  const PeerAnswerType = b.objectRef('DirectoryPeerAnswer').implement({
    description: 'How one peer gateway answered a federated directory search.',
    fields: (t: any) => ({
      url: t.string({ nullable: false, description: 'Its base URL, from the trust list.', resolve: (p: PeerAnswer) => p.url }),
      gateway: t.id({ description: 'Its gateway id, as it named itself; null when it did not answer.', resolve: (p: PeerAnswer) => p.gateway ?? null }),
      answered: t.boolean({ nullable: false, description: 'False when its results are missing from this answer.', resolve: (p: PeerAnswer) => p.answered }),
      error: t.string({ description: 'Why it did not answer: PEER_UNREACHABLE, PEER_TIMEOUT, PEER_BAD_ANSWER or PEER_REFUSED.', resolve: (p: PeerAnswer) => p.error ?? null }),
      members: t.idList({ nullable: false, description: 'The members whose services that gateway holds.', resolve: (p: PeerAnswer) => p.members }),
    }),
  });

  const ServiceConnection = b.connectionObject({ type: ServiceResult, name: 'ServiceConnection', fields: (t: any) => ({
    totalCount: t.int({ nullable: false, description: 'How many services match in all.', resolve: (c: { totalCount: number }) => c.totalCount }),
  }) }, { name: 'ServiceEdge' });
  const FederatedServiceConnection = b.connectionObject({ type: ServiceResult, name: 'FederatedServiceConnection', fields: (t: any) => ({
    totalCount: t.int({ nullable: false, description: 'How many services match in all, over the gateways that answered.', resolve: (c: { totalCount: number }) => c.totalCount }),
    peers: t.field({ type: [PeerAnswerType], nullable: false, description: 'Every peer gateway asked, and whether it answered.', resolve: (c: { peers: PeerAnswer[] }) => c.peers }),
    complete: t.boolean({ nullable: false, description: 'True when every peer answered.', resolve: (c: { peers: PeerAnswer[] }) => c.peers.every((p) => p.answered) }),
  }) }, { name: 'FederatedServiceEdge' });

  /** The filter argument as a directory query. */
  const toQuery = (filter: any): ServiceQuery => {
    const f = filter ?? {};
    const query: ServiceQuery = {};
    if (f.categories?.length) query.categories = f.categories;
    if (f.country != null) query.country = f.country;
    if (f.region != null) query.region = f.region;
    if (f.eligibility?.length) query.eligibility = f.eligibility;
    if (f.language != null) query.language = f.language;
    if (f.available != null) query.available = f.available;
    if (f.organization != null) query.organization = String(f.organization);
    if (f.referrableBy != null) {
      const referrer = options.referrer(String(f.referrableBy));
      if (!referrer) throw gatewayError('BAD_USER_INPUT', `referrableBy: ${String(f.referrableBy)} is not a member of the federation`);
      query.referrer = referrer;
    }
    return query;
  };
  const pageArgs = (args: any) => {
    if (args.last != null || args.before != null) throw gatewayError('BAD_USER_INPUT', 'lists page forwards only: use first and after');
    const first = args.first ?? Math.min(20, maxListSize);
    if (first < 0) throw gatewayError('BAD_USER_INPUT', '`first` must not be negative');
    if (first > maxListSize) throw gatewayError('LIMIT_EXCEEDED', `\`first\` is at most ${maxListSize}`, { limit: 'maxListSize', max: maxListSize });
    return { first, offset: decodeCursor(args.after) };
  };
  const connection = (hits: ResultNode[], offset: number, total: number) => {
    const edges = hits.map((node, i) => ({ cursor: encodeCursor(offset + i + 1), node }));
    return {
      edges,
      totalCount: total,
      pageInfo: { hasNextPage: offset + hits.length < total, hasPreviousPage: offset > 0, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
    };
  };
  const local = (hit: ServiceHit): ResultNode => ({ ...hit, gateway: gatewayId });

  b.queryFields((t: any) => ({
    services: t.connection({
      type: ServiceResult,
      nullable: false,
      description: 'Searches this gateway\'s service directory: ranked by how well each service matches, best first.',
      args: { filter: t.arg({ type: ServiceFilter }) },
      resolve: (_root: unknown, args: any) => {
        const { first, offset } = pageArgs(args);
        const page = directory.search(toQuery(args.filter), offset, first);
        return connection(page.hits.map(local), offset, page.total);
      },
    }, ServiceConnection),
    federatedServices: t.connection({
      type: ServiceResult,
      nullable: false,
      description: 'The same search over this gateway and every peer gateway of the federation, asked in parallel and merged by rank; `peers` says which answered, and results of those that did not are missing.',
      args: { filter: t.arg({ type: ServiceFilter }) },
      resolve: async (_root: unknown, args: any) => {
        const { first, offset } = pageArgs(args);
        const query = toQuery(args.filter);
        const mine = directory.search(query, 0, offset + first);
        const peers = options.federated ? await options.federated(query, offset + first) : { hits: [], total: 0, peers: [] };
        const merged = [...mine.hits.map(local), ...peers.hits].sort(byRank).slice(offset, offset + first);
        return { ...connection(merged, offset, mine.total + peers.total), peers: peers.peers };
      },
    }, FederatedServiceConnection),
    service: t.field({
      type: serviceType,
      description: 'One service of this gateway\'s directory by its id; null when there is none.',
      args: { id: t.arg.id({ required: true }) },
      extensions: { nrx: serviceRoot('Query.service') },
      resolve: (_root: unknown, args: { id: string }) => directory.get(String(args.id))?.document ?? null,
    }),
  }));

  b.mutationFields((t: any) => ({
    publishService: t.field({
      type: ServiceResult,
      nullable: false,
      description: 'Publishes or replaces a service (kind "service") of the calling member\'s own organisation. A service whose location is not public never carries an address (SERVICE_LOCATION_SECRET).',
      args: { document: t.arg({ type: types.documentInput('service'), required: true }) },
      resolve: async (_root: unknown, args: { document: unknown }, ctx: AuthenticatedRequest) => {
        const service = await directory.publish(ctx.principal.member.id, types.toDocument('service', args.document), 'member');
        return local({ service, score: 0, flags: [] });
      },
    }),
    withdrawService: t.field({
      type: ServiceResult,
      nullable: false,
      description: 'Removes one of the calling member\'s services from the directory; answers the entry as it was.',
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_root: unknown, args: { id: string }, ctx: AuthenticatedRequest) => {
        const service = await directory.withdraw(ctx.principal.member.id, String(args.id));
        return local({ service, score: 0, flags: [] });
      },
    }),
  }));
}
