import { loadSpec } from '../../lib/spec/load.ts';
import { NrxError } from '../../lib/errors.ts';

const MiB = 1024 * 1024;

/** The member-id pattern of the spec (common.schema.json#/$defs/memberId), so config and tokens agree. */
function memberIdPattern(): string {
  const common = loadSpec().byId.get('https://nrx.exchange/spec/v1/common.schema.json')?.json as any;
  const pattern = common?.$defs?.memberId?.pattern;
  if (typeof pattern !== 'string') throw new NrxError('SPEC_INVALID', 'the spec has no memberId pattern in common.schema.json');
  return pattern;
}

const limit = (minimum: number, fallback: number, maximum?: number) => ({
  type: 'integer',
  minimum,
  ...(maximum === undefined ? {} : { maximum }),
  default: fallback,
});

const path = { type: 'string', minLength: 1, 'x-expect': 'a file path' };

/**
 * The JSON Schema of the configuration as merged from file, environment and overrides. `default`s
 * fill what is absent; `x-expect` phrases what a setting must be when the generic message is unclear.
 */
export function configSchema(): object {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://nrx.exchange/gateway/config.schema.json',
    type: 'object',
    additionalProperties: false,
    required: ['gatewayId', 'trustList', 'signingKeyFile'],
    properties: {
      gatewayId: { type: 'string', pattern: memberIdPattern(), 'x-expect': 'a member id such as RS/GOV/CPTV' },
      audience: { type: 'string', minLength: 1, maxLength: 256 },
      publicUrl: { type: 'string', pattern: '^https?://[^\\s/?#]+(/[^\\s?#]*)?$', 'x-expect': 'an http(s) URL without query or fragment' },
      listen: {
        type: 'object',
        additionalProperties: false,
        default: {},
        properties: {
          host: { type: 'string', minLength: 1, default: '127.0.0.1' },
          port: { type: 'integer', minimum: 0, maximum: 65535, default: 4000 },
        },
      },
      dataDir: { ...path, default: './.nrx/data' },
      databaseUrl: { type: 'string', pattern: '^postgres(ql)?://', 'x-expect': 'a postgres:// URL' },
      trustList: {
        type: 'object',
        additionalProperties: false,
        required: ['file', 'operatorKeyFile'],
        properties: { file: path, operatorKeyFile: path },
      },
      signingKeyFile: path,
      profile: { type: 'string', pattern: '^[a-z]{2}(-[a-z0-9]+)*$', 'x-expect': 'a country profile code such as rs' },
      limits: {
        type: 'object',
        additionalProperties: false,
        default: {},
        properties: {
          maxDepth: limit(1, 12),
          maxAliases: limit(1, 30),
          maxTokens: limit(1, 2000),
          maxBodyBytes: limit(1024, MiB),
          maxListSize: limit(1, 100),
          maxTokenLifetimeSeconds: limit(1, 900, 900),
        },
      },
      graphiql: { type: 'boolean', default: false },
      // The web console at /console (gateway/server/console-route.ts) and how its users sign in.
      console: {
        type: 'object',
        additionalProperties: false,
        default: {},
        properties: {
          enabled: { type: 'boolean', default: true },
          // Minutes without use after which the console forgets its token and asks to sign in again.
          idleMinutes: limit(1, 15, 240),
          // Lifetime of the token the console obtains (capped by limits.maxTokenLifetimeSeconds).
          tokenSeconds: limit(60, 900, 900),
          // Sign-in through the member's OpenID Connect identity provider (console-oidc.ts): the
          // provider's user becomes a staff member of `member`, with the role its claim maps to.
          oidc: {
            type: 'object',
            additionalProperties: false,
            required: ['issuer', 'clientId', 'member', 'memberKeyFile', 'roles'],
            properties: {
              issuer: { type: 'string', pattern: '^https?://', 'x-expect': "the identity provider's issuer URL" },
              clientId: { type: 'string', minLength: 1 },
              clientSecretFile: path,
              // Where the provider sends the browser back; publicUrl + /console/oidc/callback when absent.
              redirectUri: { type: 'string', pattern: '^https?://', 'x-expect': 'an http(s) URL ending in /console/oidc/callback' },
              scope: { type: 'string', default: 'openid' },
              // Only for a provider on plain HTTP in a closed test network.
              allowHttp: { type: 'boolean', default: false },
              member: { type: 'string', pattern: memberIdPattern(), 'x-expect': 'a member id such as RS/NGO/ATINA' },
              memberKeyFile: path,
              // The claim naming the staff member (her pseudonym in the tokens), and the claim holding her groups or roles.
              userClaim: { type: 'string', minLength: 1, default: 'sub' },
              roleClaim: { type: 'string', minLength: 1, default: 'groups' },
              // A value of the role claim → the NRX role it grants.
              roles: { type: 'object', minProperties: 1, additionalProperties: { enum: ['case-worker', 'supervisor', 'dpo'] } },
            },
          },
          // One-click sign-in as a demo member: for demonstrations only, never in a deployment.
          demoSignIn: {
            type: 'object',
            additionalProperties: false,
            required: ['members'],
            properties: {
              members: {
                type: 'array',
                minItems: 1,
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['member', 'keyFile'],
                  properties: { member: { type: 'string', pattern: memberIdPattern(), 'x-expect': 'a member id such as RS/GOV/CPTV' }, keyFile: path },
                },
              },
              roles: { type: 'array', minItems: 1, items: { enum: ['case-worker', 'supervisor', 'dpo'] }, default: ['case-worker', 'supervisor', 'dpo'] },
            },
          },
        },
      },
      log: {
        type: 'object',
        additionalProperties: false,
        default: {},
        properties: {
          level: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
        },
      },
      // Each entry is a connector configuration (connectors/config.schema.json, checked entry by
      // entry after this schema) or the path of a file holding one.
      connectors: {
        type: 'array',
        default: [],
        items: { type: ['object', 'string'], minLength: 1, 'x-expect': 'a connector configuration or the path of a connector configuration file' },
      },
      fanout: {
        type: 'object',
        additionalProperties: false,
        default: {},
        properties: {
          // How long one connector may take before its part of a case view is given up.
          timeoutMs: limit(1, 2000, 60_000),
          // Circuit breaker per connector: open at this share of failures, once this many calls were made, retry after this long.
          errorThresholdPercentage: limit(1, 50, 100),
          volumeThreshold: limit(1, 5),
          resetTimeoutMs: limit(100, 30_000),
        },
      },
      cors: {
        type: 'object',
        additionalProperties: false,
        default: {},
        properties: {
          // Origins whose browser pages may call the gateway; none by default. '*' allows any, and then never with credentials.
          allowOrigins: {
            type: 'array',
            default: [],
            items: { type: 'string', pattern: '^(\\*|https?://[^\\s/?#]+)$', 'x-expect': "an origin such as https://case.example.org (scheme, host and port, no path), or '*'" },
          },
          allowCredentials: { type: 'boolean', default: false },
        },
        if: { properties: { allowCredentials: { const: true } }, required: ['allowCredentials'] },
        then: { properties: { allowOrigins: { type: 'array', not: { type: 'array', contains: { const: '*' } }, 'x-expect': "named origins: credentials are never allowed with '*'" } } },
      },
      rateLimit: {
        type: 'object',
        additionalProperties: false,
        default: {},
        properties: {
          // POST /validate, which needs no token: this many requests per client address in each period.
          validate: {
            type: 'object',
            additionalProperties: false,
            default: {},
            properties: { points: limit(1, 120), durationSeconds: limit(1, 60) },
          },
          // Requests refused for their token: this many per client address in each period, then every
          // GraphQL request from that address is refused for blockSeconds.
          failedAuth: {
            type: 'object',
            additionalProperties: false,
            default: {},
            properties: { points: limit(1, 30), durationSeconds: limit(1, 60), blockSeconds: limit(1, 300) },
          },
        },
      },
      workers: {
        type: 'object',
        additionalProperties: false,
        default: {},
        properties: {
          // Worker threads for validating large documents; 0 validates everything on the event loop.
          threads: limit(0, 1, 64),
          // How long one task may run before its thread is stopped and the request refused.
          taskTimeoutMs: limit(100, 10_000),
          // Tasks waiting for a thread beyond this are refused with 503 and Retry-After.
          maxQueue: limit(0, 32),
          // Documents up to this size are validated on the event loop: the hop to a thread costs more.
          offloadBytes: limit(0, 64 * 1024),
        },
      },
      audit: {
        type: 'object',
        additionalProperties: false,
        default: {},
        properties: {
          // How long audit entries are kept before pruning may remove them (0: forever).
          retentionDays: limit(0, 3650),
          // A signed checkpoint every this many entries (0: only on demand).
          checkpointEvery: limit(0, 1000),
          // On the embedded database, wait for the disk after each write to the audit journal
          // (fdatasync). Off, a committed entry survives the process, as the database's own writes do.
          journalFsync: { type: 'boolean', default: false },
          // Reads' entries wait in one queue, written as one batch when it holds maxEntries or when
          // its oldest entry has waited maxAgeMs (0: at the end of the event loop's turn it came in).
          batch: {
            type: 'object',
            additionalProperties: false,
            default: {},
            properties: {
              maxEntries: limit(1, 1000, 100_000),
              maxAgeMs: limit(0, 0, 10_000),
            },
          },
          // On the embedded database, how the journal fills the audit table: a COPY carries at most
          // copyEntries, the table receives a commit at the latest copyAfterMs after it, and new
          // commits wait while the table lacks maxPending entries.
          journal: {
            type: 'object',
            additionalProperties: false,
            default: {},
            properties: {
              copyEntries: limit(1, 1000, 100_000),
              copyAfterMs: limit(1, 200, 60_000),
              maxPending: limit(1, 20_000, 1_000_000),
            },
          },
        },
      },
      directory: {
        type: 'object',
        additionalProperties: false,
        default: {},
        properties: {
          // Service documents the operator publishes for the members this gateway hosts (a JSON or YAML list), reloaded at every start.
          servicesFile: { ...path, 'x-expect': 'a JSON or YAML file holding a list of service documents' },
          // How long a federated search waits for each peer gateway before marking it as not answered.
          peerTimeoutMs: limit(100, 3000, 60_000),
        },
      },
      // The federation's running order: the trust list kept current, checkpoints exchanged with peers.
      federationOps: {
        type: 'object',
        additionalProperties: false,
        default: {},
        properties: {
          trustListReload: {
            type: 'object',
            additionalProperties: false,
            default: {},
            properties: {
              // Read the signed list again this often (0: only when asked, by the admin mutation or SIGHUP).
              intervalSeconds: limit(0, 300, 86_400),
              // Where the operator publishes the list; absent: trustList.file is read again. Plain
              // http:// only from a loopback host, and only with federation.allowDevelopmentTransport.
              url: { type: 'string', pattern: '^https?://[^\\s]+$', 'x-expect': 'an https:// URL (http:// only for a loopback host in development)' },
            },
          },
          // Offer the peers this log's new signed checkpoints, and keep theirs as witnesses, this often (0: only when asked).
          witnesses: {
            type: 'object',
            additionalProperties: false,
            default: {},
            properties: { intervalSeconds: limit(0, 300, 86_400) },
          },
        },
      },
      // Gateway-to-gateway calls (gateway/federation): the members this gateway hosts and signs for,
      // whether loopback http:// peers are allowed (development only), and how the outbox delivers.
      federation: {
        type: 'object',
        additionalProperties: false,
        default: {},
        properties: {
          hostedMembers: {
            type: 'array',
            default: [],
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['id', 'keyFile'],
              properties: { id: { type: 'string', pattern: memberIdPattern(), 'x-expect': 'a member id such as RS/GOV/CPTV' }, keyFile: path },
            },
          },
          allowDevelopmentTransport: { type: 'boolean', default: false },
          // One peer call: how long it may take and how large its answer may be.
          timeoutMs: limit(100, 10_000, 120_000),
          maxResponseBytes: limit(1024, MiB, 64 * MiB),
          // Identical case queries to a peer in flight at the same moment share one call.
          shareCaseQueriesInFlight: { type: 'boolean', default: true },
          // The outbox's delivery worker: messages claimed (and sent in parallel) at once, attempts
          // before a message is dead-lettered, the first retry's delay (doubling, jittered, up to
          // maxDelayMs), how long a claimed message is held before another replica may try it, and
          // whether a peer's messages go in batch requests (peer protocol 1.2) or one by one, and the
          // most messages in one batch request (a claim's are sent in several side by side).
          delivery: {
            type: 'object',
            additionalProperties: false,
            default: {},
            properties: {
              batchSize: limit(1, 64, 1000),
              maxAttempts: limit(1, 12, 1000),
              baseDelayMs: limit(1, 500, 3_600_000),
              maxDelayMs: limit(1, 60_000, 86_400_000),
              leaseMs: limit(1000, 30_000, 3_600_000),
              batchRequests: { type: 'boolean', default: true },
              messagesPerRequest: limit(1, 16, 100),
            },
          },
        },
      },
      // Aggregate statistics (gateway/statistics): the smallest count published (k), rounding of
      // published counts, the largest table answered, and when a list request counts as bulk.
      statistics: {
        type: 'object',
        additionalProperties: false,
        default: {},
        properties: {
          k: limit(2, 11, 1000),
          rounding: limit(0, 0, 100),
          maxCells: limit(1, 5000, 100_000),
          bulk: {
            type: 'object',
            additionalProperties: false,
            default: {},
            properties: { maxSubjects: limit(1, 20, 10_000) },
          },
        },
      },
      policy: {
        type: 'object',
        additionalProperties: false,
        default: {},
        properties: {
          enforce: { type: 'boolean', default: true },
          agreementsDir: { ...path, 'x-expect': 'a directory of data-sharing agreement files (*.json)' },
          pseudonymKeyFile: path,
        },
      },
    },
  };
}

/** Settings that name files or directories; relative values resolve against the config file's directory. */
export const PATH_SETTINGS = ['dataDir', 'trustList.file', 'trustList.operatorKeyFile', 'signingKeyFile', 'policy.agreementsDir', 'policy.pseudonymKeyFile', 'directory.servicesFile', 'console.oidc.memberKeyFile', 'console.oidc.clientSecretFile'] as const;

/** Environment variables and the setting each one sets. */
export const ENV_SETTINGS: Readonly<Record<string, string>> = {
  NRX_GATEWAY_ID: 'gatewayId',
  NRX_PUBLIC_URL: 'publicUrl',
  NRX_HOST: 'listen.host',
  NRX_PORT: 'listen.port',
  NRX_DATA_DIR: 'dataDir',
  NRX_DATABASE_URL: 'databaseUrl',
  NRX_LOG_LEVEL: 'log.level',
  NRX_TRUST_LIST_FILE: 'trustList.file',
  NRX_OPERATOR_KEY_FILE: 'trustList.operatorKeyFile',
  NRX_SIGNING_KEY_FILE: 'signingKeyFile',
  NRX_AGREEMENTS_DIR: 'policy.agreementsDir',
  NRX_PSEUDONYM_KEY_FILE: 'policy.pseudonymKeyFile',
};
