import type { ConnectorConfig } from '../../connectors/config.ts';

/** The gateway's configuration, after the file and environment are merged and validated. */
export interface GatewayConfig {
  /** This gateway's own member id (X-Road style), also the default token audience. */
  gatewayId: string;
  /** Audience tokens must name; defaults to gatewayId. */
  audience: string;
  /** Public base URL, used in discovery and links. */
  publicUrl: string;
  listen: { host: string; port: number };
  /** Directory for the embedded database and generated keys. */
  dataDir: string;
  /** PostgreSQL server URL (NRX_DATABASE_URL); the embedded database is used when absent. */
  databaseUrl?: string;
  trustList: {
    /** Path to the signed trust list (a JWS in compact or JSON form). */
    file: string;
    /** Path to the federation operator's public JWK or JWKS that signs the trust list. */
    operatorKeyFile: string;
  };
  /** Path to this gateway's private signing JWK (published as /.well-known/jwks.json). */
  signingKeyFile: string;
  /** Country profile the gateway follows, e.g. 'rs'. */
  profile?: string;
  limits: {
    maxDepth: number;
    maxAliases: number;
    maxTokens: number;
    maxBodyBytes: number;
    maxListSize: number;
    maxTokenLifetimeSeconds: number;
  };
  /** Serve GraphiQL (to authenticated members only). */
  graphiql: boolean;
  /** The web console (gateway/server/console-route.ts). */
  console?: {
    enabled: boolean;
    idleMinutes: number;
    tokenSeconds: number;
    /** Sign-in through the member's OpenID Connect provider, its users mapped to member, user and role (console-oidc.ts). */
    oidc?: {
      issuer: string;
      clientId: string;
      clientSecretFile?: string;
      redirectUri?: string;
      scope: string;
      allowHttp: boolean;
      member: string;
      memberKeyFile: string;
      userClaim: string;
      roleClaim: string;
      roles: Record<string, 'case-worker' | 'supervisor' | 'dpo'>;
    };
    /** One-click sign-in as a demo member, with that member's signing key (demonstrations only). */
    demoSignIn?: { members: Array<{ member: string; keyFile: string }>; roles: Array<'case-worker' | 'supervisor' | 'dpo'> };
  };
  log: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' };
  /** Agency systems plugged in through connectors (see connectors/), each checked against its schema at load. */
  connectors: ConnectorConfig[];
  /** How a subject's case view is gathered from the connectors. */
  fanout: { timeoutMs: number; errorThresholdPercentage: number; volumeThreshold: number; resetTimeoutMs: number };
  /** The federation's running order (docs/federation.md): the trust list kept current, checkpoints witnessed. */
  federationOps: {
    trustListReload: { intervalSeconds: number; url?: string };
    /** Checkpoints exchanged with every peer gateway (gateway/federation/witness-exchange.ts). */
    witnesses: { intervalSeconds: number };
  };
  /** Field-level consent and minimum-necessary enforcement (gateway/policy). */
  policy: {
    /** Off only for measuring its cost: every member then reads every field of its records. */
    enforce: boolean;
    /** Directory of data-sharing agreements (*.json); without one every field is withheld from recipients. */
    agreementsDir?: string;
    /** Key of the per-recipient pseudonyms (at least 16 bytes); made under dataDir when absent. */
    pseudonymKeyFile?: string;
  };
  /** The service directory: the operator's services file, and how long a federated search waits for a peer (gateway/directory). */
  directory?: { servicesFile?: string; peerTimeoutMs: number };
  /** Gateway-to-gateway calls (gateway/federation). */
  federation: {
    /** The members this gateway hosts: it signs their messages and gateway tokens with these private keys. */
    hostedMembers: { id: string; keyFile: string }[];
    /** Peers at a plain http:// loopback URL are called only when true (development and tests). */
    allowDevelopmentTransport: boolean;
    timeoutMs: number;
    maxResponseBytes: number;
    /** Identical case queries to a peer in flight at once (same caller, purpose, role, subject) share one call (gateway/federation/peer-cases.ts). */
    shareCaseQueriesInFlight: boolean;
    /** The outbox's delivery worker (gateway/federation/delivery.ts). */
    delivery: { batchSize: number; maxAttempts: number; baseDelayMs: number; maxDelayMs: number; leaseMs: number; batchRequests: boolean; messagesPerRequest: number };
  };
  /** Aggregate statistics and bulk requests (gateway/statistics, docs/statistics.md). */
  statistics: {
    /** Counts from 1 to k - 1 are suppressed (default 11). */
    k: number;
    /** Published counts are rounded to a multiple of this when above 1 (default 0: not rounded). */
    rounding: number;
    /** The largest table, margins included, answered (default 5000 cells). */
    maxCells: number;
    /** A list request naming or matching more subjects than this is a bulk request (default 20). */
    bulk: { maxSubjects: number };
  };
  /** Browsers on other origins: off unless origins are listed (gateway/server/cors.ts). */
  cors?: { allowOrigins: string[]; allowCredentials: boolean };
  /** Per client address: unauthenticated validation, and failed authentications (gateway/server/rate-limit.ts). */
  rateLimit?: {
    validate: { points: number; durationSeconds: number };
    failedAuth: { points: number; durationSeconds: number; blockSeconds: number };
  };
  /** The worker threads that take CPU-heavy work off the event loop (gateway/server/work-pool.ts). */
  workers?: { threads: number; taskTimeoutMs: number; maxQueue: number; offloadBytes: number };
  /** The audit trail: retention period, signed checkpoint interval, and how its entries are batched. */
  audit: {
    retentionDays: number;
    checkpointEvery: number;
    journalFsync?: boolean;
    /** When a batch of reads' entries is written (gateway/audit/batch-queue.ts). */
    batch?: { maxEntries: number; maxAgeMs: number };
    /** On the embedded database, how the journal fills the audit table (gateway/audit/journal-appender.ts). */
    journal?: { copyEntries: number; copyAfterMs: number; maxPending: number };
  };
}
