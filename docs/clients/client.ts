// A worked NRX client in TypeScript (Node 22.18+ runs it as it is: `node docs/clients/client.ts`).
// It lists every referral addressed to the calling member, page by page, and for each field the
// gateway withheld says why and what would release it. Only the standard library (fetch).
//
//   NRX_URL=https://nrx.cptv.example.rs NRX_TOKEN=$(nrx token ...) node docs/clients/client.ts
//
// The token is a short-lived JWT the member signs itself (docs/authentication.md).

interface GraphQLError {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
}
interface Withheld {
  path: (string | number)[];
  reason: string;
  release?: { fieldGroups?: string[]; agreementClause?: Record<string, unknown>; consentProvision?: Record<string, unknown>; roles?: string[]; never?: true };
}
interface GraphQLResponse<T> {
  data?: T;
  errors?: GraphQLError[];
  extensions?: { nrx?: { withheld?: Withheld[] } };
}

const QUERY = `query Received($first: Int!, $after: String) {
  referralsReceived(first: $first, after: $after) {
    edges { node { id sender status purpose document { sections { person { sex dateOfBirth } } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** One GraphQL request. HTTP 401 (token) and 4xx/5xx answers come back as errors with a stable code (docs/errors.md). */
async function graphql<T>(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<GraphQLResponse<T>> {
  const response = await fetch(`${url.replace(/\/$/, '')}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GraphQLResponse<T>;
  if (!response.ok && !body.errors) throw new Error(`HTTP ${response.status}`);
  return body;
}

/** What would release a withheld field, in one line. */
function releaseHint(w: Withheld): string {
  const r = w.release;
  if (!r) return '';
  if (r.never) return 'nothing releases it';
  const parts: string[] = [];
  if (r.fieldGroups?.length) parts.push(`field groups ${r.fieldGroups.join(', ')}`);
  if (r.agreementClause) parts.push(`agreement clause ${JSON.stringify(r.agreementClause)}`);
  if (r.consentProvision) parts.push(`her consent ${JSON.stringify(r.consentProvision)}`);
  return `needs ${parts.join('; ')}`;
}

async function main(): Promise<number> {
  const url = process.env.NRX_URL;
  const token = process.env.NRX_TOKEN;
  if (!url || !token) {
    process.stderr.write('set NRX_URL (the gateway) and NRX_TOKEN (a token from `nrx token`)\n');
    return 2;
  }
  let after: string | null = null;
  let count = 0;
  const withheld: Withheld[] = [];
  do {
    type Page = { referralsReceived: { edges: { node: { id: string; sender: string; status: string; purpose: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
    const page: GraphQLResponse<Page> = await graphql<Page>(url, token, QUERY, { first: 1, after });
    if (page.errors?.length) {
      for (const e of page.errors) process.stderr.write(`error ${e.extensions?.code ?? 'UNKNOWN'}: ${e.message}\n`);
      return 1;
    }
    withheld.push(...(page.extensions?.nrx?.withheld ?? []));
    const list = page.data!.referralsReceived;
    for (const { node } of list.edges) {
      count++;
      process.stdout.write(`referral ${node.id} from ${node.sender}: ${node.status} (${node.purpose})\n`);
    }
    after = list.pageInfo.hasNextPage ? list.pageInfo.endCursor : null;
  } while (after);
  for (const w of withheld) process.stdout.write(`withheld ${w.path.join('.')}: ${w.reason}${w.release ? `; ${releaseHint(w)}` : ''}\n`);
  process.stdout.write(`${count} referral(s) received\n`);
  return 0;
}

process.exitCode = await main();
