/**
 * `npm start`: a whole demo federation on this machine. Keys and trust list under .nrx/demo, one
 * gateway on the embedded database, fictional referrals, and ready tokens for every member.
 */
import { relative, resolve } from 'node:path';
import { issueToken } from '../auth/token.ts';
import { startGateway, type RunningGateway } from '../server/gateway.ts';
import { loadSpec } from '../../lib/spec/load.ts';
import { demoGatewayConfig, ensureDemoFiles } from './files.ts';
import { DEMO_MEMBERS } from './members.ts';
import { seedDemo } from './seed.ts';
import { DEMO_CASE_QUERY, demoConnectors } from './connectors.ts';

export interface DemoOptions {
  /** Where keys, trust list and database live; default .nrx/demo in the working directory. */
  dir?: string;
  host?: string;
  port?: number;
  logLevel?: string;
  out?: NodeJS.WritableStream;
}

export const TOKEN_TTL_SECONDS = 900;

const EXAMPLE_QUERY = `# The referrals this member sent, with the feedback each one got.
{
  referralsSent(first: 5) {
    edges {
      node {
        id
        recipient
        status
        document { purpose urgency requestedServices }
        statusHistory { status author at }
      }
    }
  }
  referralsReceived(first: 5) { edges { node { id sender status } } }
}
`;

export async function runDemo(options: DemoOptions = {}): Promise<RunningGateway> {
  const out = options.out ?? process.stdout;
  const dir = resolve(options.dir ?? '.nrx/demo');
  const files = await ensureDemoFiles(dir);
  const port = options.port ?? (process.env.NRX_PORT ? Number(process.env.NRX_PORT) : 4000);
  const config = demoGatewayConfig(files, {
    listen: { host: options.host ?? '127.0.0.1', port },
    profile: 'rs',
    graphiql: true,
    policy: { enforce: true, agreementsDir: files.agreementsDir },
    connectors: demoConnectors(),
    log: { level: (options.logLevel ?? process.env.NRX_LOG_LEVEL ?? 'warn') as 'warn' },
  });
  const gateway = await startGateway(config, { defaultQuery: EXAMPLE_QUERY });
  try {
    const seeded = await seedDemo(gateway.operations, gateway.trustList, loadSpec().version);
    const tokens: Array<[string, string, string]> = [];
    for (const member of DEMO_MEMBERS) {
      const token = await issueToken({
        privateJwk: files.memberKeys.get(member.id)!,
        issuer: member.id,
        subject: 'demo-case-worker',
        audience: config.audience,
        purpose: member.purpose,
        role: 'case-worker',
        ttlSeconds: TOKEN_TTL_SECONDS,
      });
      tokens.push([member.id, `${member.agencyType}, purpose ${member.purpose}`, token]);
    }
    const keyFile = relative(process.cwd(), files.memberKeyFiles.get('RS/GOV/CPTV')!) || files.memberKeyFiles.get('RS/GOV/CPTV')!;
    const lines = [
      '',
      `NRX demo gateway ${config.gatewayId} (federation ${gateway.trustList.federation}, spec ${loadSpec().version}) is running.`,
      `  URL:       ${gateway.url}/`,
      `  Console:   ${gateway.url}/console  (sign in with one click as any demo member and role)`,
      `  GraphQL:   ${gateway.url}/graphql`,
      `  GraphiQL:  ${gateway.url}/graphql  (open in a browser; put {"Authorization": "Bearer <token>"} in the Headers tab)`,
      `  Database:  embedded, under ${relative(process.cwd(), files.dataDir) || files.dataDir} (${seeded.added} referral(s) seeded now)`,
      '',
      `Tokens, valid ${TOKEN_TTL_SECONDS / 60} minutes (member, then token):`,
      ...tokens.flatMap(([id, what, token]) => [`  # ${id}: ${what}`, `  ${id}  ${token}`]),
      '',
      'Try it:',
      `  TOKEN=<a token from above>`,
      `  curl -s ${gateway.url}/graphql -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\`,
      `    -d '{"query":"{ referralsReceived(first: 5) { edges { node { id sender status document { purpose } } } } }"}'`,
      '',
      'Her case view as the coordinating body (RS/GOV/CPTV) sees it, with a record from the SOS line\'s own system:',
      `  curl -s ${gateway.url}/graphql -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\`,
      `    -d '${JSON.stringify({ query: DEMO_CASE_QUERY })}'`,
      '',
      'Mint a fresh token (the other members\' keys are next to it):',
      `  node bin/nrx.js token --key ${keyFile} --iss RS/GOV/CPTV --sub demo-case-worker --aud ${config.audience} --purpose identification --role case-worker --ttl ${TOKEN_TTL_SECONDS}`,
      '',
      'Stop with Ctrl-C.',
      '',
    ];
    out.write(lines.join('\n'));
    return gateway;
  } catch (error) {
    await gateway.close();
    throw error;
  }
}
