/**
 * Every code an NrxError can carry, with what it means, what to do about it, how the `nrx` command
 * exits on it and what a GraphQL client sees in `extensions.code`. The CLI (cli/main.ts) and the
 * GraphQL layer (schema/graphql/errors.ts) map errors from this table and nowhere else;
 * docs/errors.md is generated from it (`npm run generate`). A code is a promise to callers: once
 * published it keeps its meaning; a new situation gets a new code.
 */

/**
 * How `nrx` ends on an error of this code (the numbers are in cli/main.ts):
 * - `failed`: the command ran and the answer is no: something is invalid, does not verify, or the
 *   gateway cannot start;
 * - `usage`: the command could not run as asked: wrong arguments, unreadable or missing input;
 * - `internal`: a defect or a broken installation, not something the caller can fix.
 */
export type ExitClass = 'failed' | 'usage' | 'internal';

/**
 * What a GraphQL client finds in `extensions.code`. The token codes are passed on as they are
 * (clients already branch on them, with HTTP 401); `INTERNAL_SERVER_ERROR` means the message is
 * masked, because it may say more than a caller should learn.
 */
export type GraphqlCode =
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'SPEC_VALIDATION'
  | 'CONFLICT'
  | 'LIMIT_EXCEEDED'
  | 'UNKNOWN_CODE'
  | 'RATE_LIMITED'
  | 'BODY_TOO_LARGE'
  | 'NOT_READY'
  | 'AUDIT_UNAVAILABLE'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR'
  | AuthErrorCode;

export interface ErrorCodeInfo {
  /** What happened, in one line. */
  readonly meaning: string;
  /** What the caller or operator can do about it, in one line. */
  readonly action: string;
  readonly exit: ExitClass;
  readonly graphql: GraphqlCode;
  /** The HTTP status of a GraphQL response refused with this code, when not 200. */
  readonly http?: number;
}

/** Codes of a refused access token; the GraphQL response carries them as they are, with HTTP 401. */
export const AUTH_ERROR_CODES = [
  'TOKEN_MISSING',
  'TOKEN_MALFORMED',
  'ALGORITHM_NOT_ALLOWED',
  'KEY_UNKNOWN',
  'KEY_EXPIRED',
  'SIGNATURE_INVALID',
  'TOKEN_EXPIRED',
  'TOKEN_NOT_YET_VALID',
  'TOKEN_LIFETIME_TOO_LONG',
  'AUDIENCE_MISMATCH',
  'ISSUER_UNKNOWN',
  'ISSUER_SUSPENDED',
  'CLAIM_MISSING',
  'CLAIM_INVALID',
] as const;
export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[number];

/** What each token code means and what to do about it. */
const authText: Record<AuthErrorCode, readonly [meaning: string, action: string]> = {
  TOKEN_MISSING: ['the request carries no access token', 'send "Authorization: Bearer <token>"'],
  TOKEN_MALFORMED: ['the token is not a well-formed compact signed JWT of type access token', 'send the token exactly as `nrx token` or the member system issued it'],
  ALGORITHM_NOT_ALLOWED: ['the token or key uses a signature algorithm the gateway refuses (or none)', 'sign with an allowed algorithm: ES256, EdDSA, PS256 or RS256'],
  KEY_UNKNOWN: ["the token's key (kid) is not one of its issuer's keys in the trust list", 'sign with a key the federation trust list holds for the member'],
  KEY_EXPIRED: ["the token's key is past the expiry (exp) the trust list gives it: a rolled-over key", "sign with the member's current key, the one the trust list publishes without an expiry"],
  SIGNATURE_INVALID: ['the token signature does not verify with the key it names', 'sign the token again with the private half of the listed key'],
  TOKEN_EXPIRED: ['the token has expired', 'ask for a fresh token (they live at most 15 minutes)'],
  TOKEN_NOT_YET_VALID: ['the token is not valid yet (nbf or iat in the future)', "check the issuing machine's clock"],
  TOKEN_LIFETIME_TOO_LONG: ['the token lives longer than the gateway accepts', 'issue tokens with a lifetime of at most auth.maxTokenLifetimeSeconds'],
  AUDIENCE_MISMATCH: ['the token is meant for another gateway', "set the token's aud to this gateway's id"],
  ISSUER_UNKNOWN: ['the issuer is not a member of the trust list, or its membership is not valid today', 'use a current member id as iss, or renew the membership in the trust list'],
  ISSUER_SUSPENDED: ['the issuing member is suspended from the federation', 'ask the federation operator'],
  CLAIM_MISSING: ['a required claim (sub, purpose, role, iat, exp, …) is missing', 'add the claim the message names'],
  CLAIM_INVALID: ['a claim has a wrong type or a value outside its codelist', 'fix the claim the message names'],
};
const authCodes = Object.fromEntries(
  AUTH_ERROR_CODES.map((code) => [code, { meaning: authText[code][0], action: authText[code][1], exit: 'failed', graphql: code, http: 401 }]),
) as Record<AuthErrorCode, ErrorCodeInfo>;

export const ERROR_CODES = {
  ...authCodes,

  // The gateway's GraphQL answers.
  NOT_FOUND: { meaning: 'no such record, or none the caller may see (the two are not told apart)', action: 'check the id and that the caller is a party to the record', exit: 'failed', graphql: 'NOT_FOUND' },
  FORBIDDEN: { meaning: "the caller's member, role or purpose may not do this", action: 'act as the party the message names, or ask for the role', exit: 'failed', graphql: 'FORBIDDEN' },
  BAD_USER_INPUT: { meaning: 'an argument is malformed or names something unknown', action: 'fix the argument the message names', exit: 'usage', graphql: 'BAD_USER_INPUT' },
  SPEC_VALIDATION: { meaning: 'a submitted document does not follow the spec', action: 'fix the issues listed in extensions.issues (`nrx validate` shows them offline)', exit: 'failed', graphql: 'SPEC_VALIDATION' },
  CONFLICT: { meaning: 'the request contradicts the current state (already withdrawn, out of sequence)', action: 'read the current state and retry from it', exit: 'failed', graphql: 'CONFLICT' },
  LIMIT_EXCEEDED: { meaning: 'the request is larger than the gateway allows (list size, depth, cost, body)', action: 'ask for less at a time: page with first/after', exit: 'usage', graphql: 'LIMIT_EXCEEDED' },
  WORK_QUEUE_FULL: { meaning: 'the worker threads that take large documents are all busy and their queue is full', action: 'retry after the seconds in Retry-After; the gateway answers everyone else meanwhile', exit: 'failed', graphql: 'SERVICE_UNAVAILABLE', http: 503 },
  WORK_TIME_BUDGET: { meaning: 'checking the document took longer than its time budget (limits in workPool) and was stopped', action: 'send a smaller document, or split an NDJSON batch', exit: 'failed', graphql: 'LIMIT_EXCEEDED', http: 422 },
  RATE_LIMITED: { meaning: 'too many requests to /validate, or too many refused tokens, from this address', action: 'wait the seconds in Retry-After; fix the token before retrying', exit: 'failed', graphql: 'RATE_LIMITED', http: 429 },
  BODY_TOO_LARGE: { meaning: 'the request body is larger than limits.maxBodyBytes', action: 'send a smaller request: page lists, or validate a large batch with POST /validate as NDJSON', exit: 'usage', graphql: 'BODY_TOO_LARGE', http: 413 },
  NOT_READY: { meaning: 'the gateway is still starting (opening its database, replaying its audit journal)', action: 'wait the seconds in Retry-After, or until GET /ready answers 200', exit: 'failed', graphql: 'NOT_READY', http: 503 },
  AUDIT_UNAVAILABLE: { meaning: 'the response was withheld because the audit trail could not record it (fail closed)', action: 'retry later; the operator finds the cause in the gateway log (component audit)', exit: 'failed', graphql: 'AUDIT_UNAVAILABLE', http: 503 },
  BAD_REQUEST_TARGET: { meaning: 'the HTTP request line does not name a valid path', action: 'send a well-formed request target, such as /graphql', exit: 'usage', graphql: 'BAD_USER_INPUT', http: 400 },
  CONSOLE_SIGN_IN_INVALID: { meaning: 'a console sign-in named a member, role or purpose this gateway does not offer, or was malformed', action: 'choose a member, role and purpose from the sign-in page', exit: 'usage', graphql: 'BAD_USER_INPUT', http: 400 },
  CONSOLE_SIGN_IN_OFF: { meaning: 'the console sign-in asked for is not configured on this gateway', action: 'set console.demoSignIn in the gateway configuration (demonstrations only)', exit: 'usage', graphql: 'FORBIDDEN', http: 404 },
  CORS_ORIGIN_REFUSED: { meaning: 'a browser request came from an origin not in cors.allowOrigins', action: 'add the origin to cors.allowOrigins in the gateway configuration', exit: 'usage', graphql: 'FORBIDDEN', http: 403 },
  DUPLICATE: { meaning: 'a record with this id already exists', action: 'use a fresh UUID; a retry of the same write is already done', exit: 'failed', graphql: 'CONFLICT' },
  REVIEW_NOT_OVERRIDE: { meaning: 'only an override entry of the audit trail can be reviewed', action: 'review the seq of an override entry', exit: 'usage', graphql: 'CONFLICT' },

  // The service directory (gateway/directory).
  SERVICE_NOT_OWNED: { meaning: 'a member may publish, change or withdraw only the services its own organisation provides', action: "set the service's organization to the calling member, or call as that member", exit: 'failed', graphql: 'FORBIDDEN' },
  SERVICE_LOCATION_SECRET: { meaning: "a service whose location may not be disclosed (a shelter at a secret location, or locationDisclosure other than public) was sent with an address", action: 'remove the address: referrals name the service and its endpoint, never a place', exit: 'failed', graphql: 'BAD_USER_INPUT' },
  SERVICE_REFERRAL_REFUSED: { meaning: "the referral names a service that does not take referrals from this sender, for this purpose, or at all now", action: "refer to another service (search with referrableBy), or follow the service's howToRefer", exit: 'failed', graphql: 'FORBIDDEN' },
  SERVICE_UNKNOWN: { meaning: 'the referral names a service the recipient does not publish in this directory', action: 'pick a service id from the directory search, of a service the recipient provides', exit: 'failed', graphql: 'BAD_USER_INPUT' },
  HSDS_FEED_INVALID: { meaning: 'an Open Referral HSDS 3 feed cannot be read or an entry in it is not valid HSDS 3', action: 'fix the entries the message lists (each is checked against the official HSDS 3 schema)', exit: 'failed', graphql: 'BAD_USER_INPUT' },

  // Configuration and start-up.
  CONFIG_INVALID: { meaning: 'a setting of the gateway or a connector is missing, malformed or contradictory', action: 'fix the setting at the path the message names', exit: 'failed', graphql: 'INTERNAL_SERVER_ERROR' },
  PORT_IN_USE: { meaning: 'the port the gateway should listen on is taken', action: 'stop what runs there or choose another port (NRX_PORT or listen.port)', exit: 'failed', graphql: 'INTERNAL_SERVER_ERROR' },
  GATEWAY_START_FAILED: { meaning: 'the gateway could not start', action: 'read the cause in the message; fix it and start again', exit: 'failed', graphql: 'INTERNAL_SERVER_ERROR' },
  AGREEMENT_INVALID: { meaning: 'a data-sharing agreement file cannot be read or does not follow its schema', action: 'fix the file the message names (`nrx policy check` explains it)', exit: 'usage', graphql: 'INTERNAL_SERVER_ERROR' },
  POLICY_SETUP_INVALID: { meaning: "the policy's agreements directory or pseudonym key is missing or too short", action: 'point policy.agreementsDir and policy.pseudonymKeyFile at real files (a key of at least 16 bytes)', exit: 'failed', graphql: 'INTERNAL_SERVER_ERROR' },

  // Keys, tokens and the trust list.
  KEY_INVALID: { meaning: 'a key file is not a usable JWK or JWKS (wrong type, algorithm or half)', action: 'give the key `nrx keys generate` wrote: the private file to sign, the public one to verify', exit: 'usage', graphql: 'INTERNAL_SERVER_ERROR' },
  TOKEN_OPTIONS_INVALID: { meaning: 'a token cannot be issued with these options (unknown role or purpose, lifetime, no kid)', action: 'fix the option the message names', exit: 'usage', graphql: 'INTERNAL_SERVER_ERROR' },
  TRUST_LIST_INVALID: { meaning: 'the trust list does not follow its schema, or a member key in it is unusable', action: 'fix the members file and sign it again', exit: 'failed', graphql: 'INTERNAL_SERVER_ERROR' },
  TRUST_LIST_UNREADABLE: { meaning: 'the trust list cannot be read or is not a JWS', action: 'give the signed file `nrx trust-list sign` wrote', exit: 'usage', graphql: 'INTERNAL_SERVER_ERROR' },
  TRUST_LIST_SIGNATURE_INVALID: { meaning: "the trust list's signature does not verify with the operator keys given", action: 'verify with the federation operator public key', exit: 'failed', graphql: 'INTERNAL_SERVER_ERROR' },
  TRUST_LIST_SOURCE_INVALID: { meaning: 'the trust list cannot be fetched from the configured URL (not https, unreachable, an error status, too large)', action: 'check trustListReload.url and that the operator publishes the list there; the list in force stays', exit: 'failed', graphql: 'INTERNAL_SERVER_ERROR' },
  GATEWAY_REQUEST_FAILED: { meaning: 'an `nrx` command could not reach a running gateway, or the gateway refused its request', action: 'check the gateway URL, that it runs, and that the token is current and has the role the command needs', exit: 'failed', graphql: 'INTERNAL_SERVER_ERROR' },
  TRUST_LIST_RELOAD_FAILED: { meaning: 'a trust-list reload asked of a running gateway was refused: the list in force stays', action: 'read the reason in the message (a bad signature, an older sequence, an unreadable list), fix the published list and reload again', exit: 'failed', graphql: 'CONFLICT' },
  TRUST_LIST_STALE: { meaning: 'the trust list is past its nextUpdate, or older than the one already held', action: 'fetch the current trust list from the federation operator', exit: 'failed', graphql: 'INTERNAL_SERVER_ERROR' },

  // The spec.
  SPEC_INVALID: { meaning: 'the spec directory cannot be loaded, or a schema in it is broken or missing', action: 'run `nrx spec check` on the directory and fix what it lists', exit: 'failed', graphql: 'INTERNAL_SERVER_ERROR' },
  SPEC_NOT_FOUND: { meaning: 'the directory given is not an NRX spec version directory (no spec.json)', action: 'give a directory such as spec/v1', exit: 'usage', graphql: 'INTERNAL_SERVER_ERROR' },
  UNKNOWN_KIND: { meaning: "a document kind the spec does not define", action: 'use one of the kinds the message lists', exit: 'usage', graphql: 'BAD_USER_INPUT' },
  PROFILE_INVALID: { meaning: 'a country profile is missing, malformed or made for another spec version', action: 'fix the profile the message names, or pick a known one', exit: 'usage', graphql: 'INTERNAL_SERVER_ERROR' },

  // Storage and the audit trail.
  DATABASE_UNAVAILABLE: { meaning: 'the database cannot be used (the embedded worker stopped, or the connection failed)', action: 'check the database and restart the gateway; nothing is disclosed meanwhile', exit: 'failed', graphql: 'SERVICE_UNAVAILABLE' },
  TRANSACTION_CLOSED: { meaning: 'a statement was sent in a transaction that has already ended', action: 'a defect: report it', exit: 'internal', graphql: 'INTERNAL_SERVER_ERROR' },
  DATABASE_NOT_FOUND: { meaning: 'no gateway database where the command was pointed', action: 'give --data-dir of a gateway, or --database-url of its server', exit: 'usage', graphql: 'INTERNAL_SERVER_ERROR' },
  DATABASE_UPGRADE_NEEDED: { meaning: 'the database was left by an earlier gateway version with a journal to replay', action: 'start the gateway once: it upgrades the database and replays the journal', exit: 'usage', graphql: 'INTERNAL_SERVER_ERROR' },
  AUDIT_TRAIL_MISSING: { meaning: 'the database holds no audit trail', action: 'point the command at a gateway database (or run the migrations)', exit: 'usage', graphql: 'INTERNAL_SERVER_ERROR' },
  AUDIT_APPEND_FAILED: { meaning: 'audit entries could not be appended, so nothing was disclosed (fail closed)', action: 'check the database; the request can be retried', exit: 'failed', graphql: 'SERVICE_UNAVAILABLE' },
  AUDIT_JOURNAL_FAILED: { meaning: "the embedded store's audit journal cannot be written, replayed or disagrees with the table", action: 'check the data directory (disk, permissions); the message names the entry where it stopped', exit: 'failed', graphql: 'SERVICE_UNAVAILABLE' },
  AUDIT_JOURNAL_DAMAGED: { meaning: "a line of the embedded store's audit journal is cut short, unsound, or breaks the chain", action: 'keep the data directory as it is and restore it from a backup; the message names the segment and line', exit: 'failed', graphql: 'SERVICE_UNAVAILABLE' },
  AUDIT_JOURNAL_DISAGREES: { meaning: "the audit journal does not continue the audit table's last entry", action: 'keep both as they are: the table or the journal was changed outside the gateway; restore the data directory from a backup', exit: 'failed', graphql: 'SERVICE_UNAVAILABLE' },
  AUDIT_TABLE_UNWRITABLE: { meaning: "the audit table cannot be written, so the journal commits nothing more and nothing new is disclosed (fail closed)", action: 'check the database and the disk; the gateway tries again by itself', exit: 'failed', graphql: 'SERVICE_UNAVAILABLE' },
  AUDIT_CLOSED: { meaning: 'the audit trail was closed (the gateway is stopping), so nothing more is recorded or disclosed', action: 'retry against a running gateway', exit: 'failed', graphql: 'SERVICE_UNAVAILABLE' },
  AUDIT_TRAIL_EMPTY: { meaning: 'the audit trail has no entries yet, so there is nothing to checkpoint', action: 'take the checkpoint after the first entry', exit: 'failed', graphql: 'INTERNAL_SERVER_ERROR' },
  AUDIT_GUARD_REFUSED: { meaning: 'an audit entry would have carried something other than paths, codes, ids and hashes', action: 'a defect: report it; the entry was not written and the response was withheld', exit: 'internal', graphql: 'INTERNAL_SERVER_ERROR' },
  AUDIT_NOT_VERIFIED: { meaning: 'the audit trail does not verify, so it is not pruned', action: 'run `nrx audit verify` and investigate the entry it names', exit: 'failed', graphql: 'INTERNAL_SERVER_ERROR' },
  CHECKPOINT_INVALID: { meaning: 'a signed checkpoint is malformed, does not verify, or contradicts another (a forked log)', action: 'check the keys given; a fork means the log was rewritten: investigate', exit: 'failed', graphql: 'INTERNAL_SERVER_ERROR' },
  CHECKPOINT_FORK: { meaning: "a peer gateway signed two different checkpoints for the same entry of its audit log: its log forked or was rewritten", action: 'both checkpoints are kept as proof (`nrx audit verify` lists them); tell the federation operator and the peer', exit: 'failed', graphql: 'CONFLICT' },
  WITNESS_REFUSED: { meaning: "checkpoints offered as witnesses were refused: the caller is not a peer gateway's service, or they are not of the caller's own log", action: "send only your own gateway's checkpoints, with your gateway's service token", exit: 'failed', graphql: 'FORBIDDEN', http: 403 },
  CHECKPOINT_KEY_MISSING: { meaning: 'the log has signed checkpoints but no key was given to check them', action: 'give --key FILE, or --skip-signatures to skip them explicitly', exit: 'usage', graphql: 'INTERNAL_SERVER_ERROR' },

  // Connectors (also reported per connector under extensions.nrx.connectorErrors).
  MAPPING_INVALID: { meaning: "a connector's mapping does not fit the spec or its source", action: 'fix the mapping rule the message names (`nrx connector test`)', exit: 'failed', graphql: 'INTERNAL_SERVER_ERROR' },
  UNREACHABLE: { meaning: "the agency's system cannot be reached", action: 'check the network and the source settings; other connectors still answer', exit: 'failed', graphql: 'SERVICE_UNAVAILABLE' },
  AUTH_FAILED: { meaning: "the agency's system refused the connector's credentials", action: "renew the connector's credentials", exit: 'failed', graphql: 'SERVICE_UNAVAILABLE' },
  TIMEOUT: { meaning: "the agency's system did not answer in time", action: 'retry later, or raise the connector timeout', exit: 'failed', graphql: 'SERVICE_UNAVAILABLE' },
  CIRCUIT_OPEN: { meaning: 'the connector failed repeatedly and is not called for a while', action: 'wait for the circuit to close; fix what made it open', exit: 'failed', graphql: 'SERVICE_UNAVAILABLE' },
  BAD_REQUEST: { meaning: 'the connector was asked something malformed (not a UUID, a bad subject reference)', action: 'fix the argument the message names', exit: 'usage', graphql: 'BAD_USER_INPUT' },
  NOT_SUPPORTED: { meaning: 'the connector cannot do this operation', action: "use a connector with the capability, or add it to the connector's mapping", exit: 'usage', graphql: 'BAD_USER_INPUT' },
  UNKNOWN_CODE: { meaning: 'a value is not one of the codes its codelist allows, or a local code has no entry in a connector\'s translation table', action: 'use one of the codes the message names (the codelist is linked from the GraphQL scalar), or add the local code to the translation table', exit: 'failed', graphql: 'UNKNOWN_CODE' },
  MALFORMED_RECORD: { meaning: 'a local record cannot be mapped (a missing or unparsable value)', action: 'fix the record in the local system, or the mapping rule', exit: 'failed', graphql: 'SERVICE_UNAVAILABLE' },
  CASE_NUMBER_MISSING: { meaning: "a connector is configured to read a case number and the agency's record has none", action: 'fill the case number in the agency system, or drop caseNumber from the connector mapping', exit: 'failed', graphql: 'SERVICE_UNAVAILABLE' },
  INVALID_RECORD: { meaning: 'a mapped record does not follow the spec', action: 'fix the record or the mapping; the message names the field', exit: 'failed', graphql: 'SERVICE_UNAVAILABLE' },
  SOURCE_ERROR: { meaning: "the agency's system answered with an error or something unreadable", action: 'check the source system; the message names the endpoint or table', exit: 'failed', graphql: 'SERVICE_UNAVAILABLE' },

  // Gateway-to-gateway calls (gateway/federation, the peer protocol in spec/peer-protocol.md).
  PEER_UNKNOWN: { meaning: 'no gateway in the trust list hosts the member named, or the member is this gateway\'s own', action: "add the member's endpoints.gateway to the trust list, or address a member another gateway hosts", exit: 'failed', graphql: 'BAD_USER_INPUT' },
  PEER_INSECURE_TRANSPORT: { meaning: "a peer's gateway URL is plain http:// and this gateway does not allow development transport (or the host is not a loopback address)", action: 'publish the peer at an https:// URL; only for a test on one machine set federation.allowDevelopmentTransport', exit: 'failed', graphql: 'SERVICE_UNAVAILABLE' },
  PEER_UNREACHABLE: { meaning: "the peer gateway cannot be reached (connection refused, reset or no route)", action: 'nothing is lost: delivery is retried with backoff; check that the peer runs and its URL in the trust list', exit: 'failed', graphql: 'SERVICE_UNAVAILABLE' },
  PEER_TIMEOUT: { meaning: 'the peer gateway did not answer within federation.timeoutMs', action: 'nothing is lost: delivery is retried with backoff; ask the peer operator if it persists', exit: 'failed', graphql: 'SERVICE_UNAVAILABLE' },
  PEER_BAD_ANSWER: { meaning: 'the peer answered with something that is not a protocol answer (not JSON, too large, an unexpected status, a receipt that does not verify)', action: 'delivery is retried and then dead-lettered with this reason; ask the peer operator', exit: 'failed', graphql: 'SERVICE_UNAVAILABLE' },
  PEER_REFUSED: { meaning: 'the peer gateway refused the call with a protocol error answer (its code is in the message)', action: 'read the peer code: a refused message is not retried until the cause is fixed (retryDelivery)', exit: 'failed', graphql: 'SERVICE_UNAVAILABLE' },
  PEER_MESSAGE_MALFORMED: { meaning: 'a peer message is not a compact JWS of the right type, or its payload is not JSON', action: 'send the message as the peer protocol defines it (spec/peer-protocol.md)', exit: 'failed', graphql: 'BAD_USER_INPUT', http: 400 },
  PEER_SIGNATURE_INVALID: { meaning: "a peer message's signature does not verify, or it is signed by another member than the one it names as from (forged or re-signed)", action: "sign with the sending member's own key from the trust list; nothing was stored", exit: 'failed', graphql: 'FORBIDDEN', http: 403 },
  PEER_SENDER_UNKNOWN: { meaning: 'a peer message is signed with a key no member of the trust list holds', action: 'use a key the trust list publishes for the sending member (after a rotation, wait for the new list)', exit: 'failed', graphql: 'FORBIDDEN', http: 403 },
  PEER_SENDER_SUSPENDED: { meaning: 'a peer message comes from a member the federation has suspended', action: 'ask the federation operator; nothing from a suspended member is accepted', exit: 'failed', graphql: 'FORBIDDEN', http: 403 },
  PEER_VERSION_UNSUPPORTED: { meaning: 'a peer message follows a major version of the standard this gateway does not speak', action: 'send it in a 1.x version; the receiving gateway must be upgraded for a later major', exit: 'failed', graphql: 'BAD_USER_INPUT', http: 400 },
  PEER_MESSAGE_INVALID: { meaning: 'a peer message or the document it carries does not follow the standard (or the profile it names)', action: 'fix the issues the answer lists; nothing was stored', exit: 'failed', graphql: 'SPEC_VALIDATION', http: 422 },
  PEER_RECIPIENT_UNKNOWN: { meaning: 'a peer message is addressed to a member this gateway does not host', action: "send it to the gateway the trust list names for the recipient (endpoints.gateway)", exit: 'failed', graphql: 'NOT_FOUND', http: 404 },
  PEER_REPLAY: { meaning: 'a peer message reuses the id of an accepted message with other content', action: 'a new message needs a new id; a retry must send the same bytes', exit: 'failed', graphql: 'CONFLICT', http: 409 },
  PEER_REFERRAL_UNKNOWN: { meaning: 'a status update or consent withdrawal names a referral this gateway never exchanged with the sender (a withdrawal: never received from it)', action: 'send status updates only for referrals exchanged between these members, and a consent withdrawal only from the sender to the holder', exit: 'failed', graphql: 'NOT_FOUND', http: 404 },
  PEER_POLICY_REFUSED: { meaning: "the receiving gateway's own agreements do not let the recipient hold any of the referral for its purpose", action: 'agree a data-sharing agreement that covers the recipient and purpose; nothing was stored', exit: 'failed', graphql: 'FORBIDDEN', http: 403 },
  PEER_GATEWAY_MISMATCH: { meaning: 'a peer message arrived from a gateway that does not host the member it is from', action: "deliver a member's messages from the gateway the trust list names for it", exit: 'failed', graphql: 'FORBIDDEN', http: 403 },
  PEER_RECEIPT_INVALID: { meaning: "a peer's receipt does not verify, or names another message or digest than the one sent", action: 'delivery is retried; if it persists the message is dead-lettered with this reason: ask the peer operator', exit: 'failed', graphql: 'SERVICE_UNAVAILABLE' },
  PEER_BATCH_INVALID: { meaning: 'a peer batch request is not {"messages": [...]} with 1 to 100 messages', action: 'send at most 100 messages per batch (spec/peer-protocol.md §5); nothing of the request was stored', exit: 'failed', graphql: 'BAD_USER_INPUT', http: 400 },
  DELIVERY_NOTHING_RELEASED: { meaning: 'at delivery, nothing of the referral may be sent: her consent was withdrawn or has expired since submit, or no agreement releases anything to the recipient', action: 'record her consent again (or agree a clause) and use retryDelivery; the delivery is stopped, not lost', exit: 'failed', graphql: 'FORBIDDEN' },
  DELIVERY_NOT_NEEDED: { meaning: 'a consent withdrawal was not sent: the referral as delivered did not carry that consent (it was narrowed at delivery), or it was never delivered', action: 'nothing to do: the recipient holds nothing that rested on the consent', exit: 'failed', graphql: 'CONFLICT' },
  PEER_KIND_UNSUPPORTED: { meaning: 'the peer gateway does not take this kind of message (a consent withdrawal sent to a gateway of peer protocol 1.2 or older)', action: "tell the recipient by other means that she withdrew her consent; retryDelivery once the peer is upgraded", exit: 'failed', graphql: 'SERVICE_UNAVAILABLE' },
  DELIVERY_NOT_RETRYABLE: { meaning: 'only a dead-lettered or stopped delivery can be retried', action: 'read the delivery state: a pending one is retried by itself, a delivered one is done', exit: 'failed', graphql: 'CONFLICT' },
  HOSTED_MEMBER_INVALID: { meaning: "a hosted member in federation.hostedMembers is not in the trust list, or its key file does not hold one of that member's listed keys", action: 'list members of the trust list with the private half of a key the trust list holds for each', exit: 'failed', graphql: 'INTERNAL_SERVER_ERROR' },
  NOTIFY_CHANNEL_INVALID: { meaning: 'a LISTEN/NOTIFY channel name or payload is not acceptable (a lower-case identifier; a payload under 8000 bytes)', action: 'a defect: report it', exit: 'internal', graphql: 'INTERNAL_SERVER_ERROR' },

  // Statistics and bulk requests.
  STATISTICS_PURPOSE_REQUIRED: { meaning: 'statistics are answered only to a token whose purpose is statistics', action: 'ask with a token issued for purpose statistics', exit: 'failed', graphql: 'FORBIDDEN' },
  STATISTICS_QUESTION_INVALID: { meaning: 'a statistics question names an unknown measure or dimension, repeats one, or gives a malformed period', action: 'use the measures and dimensions docs/statistics.md lists (or `nrx stats --list`), a period as YYYY-MM', exit: 'usage', graphql: 'BAD_USER_INPUT' },
  STATISTICS_TABLE_TOO_LARGE: { meaning: 'the table asked for has more cells than statistics.maxCells', action: 'ask for fewer dimensions, or a coarser one (year instead of month)', exit: 'usage', graphql: 'LIMIT_EXCEEDED' },
  BULK_REQUEST_REFUSED: { meaning: 'the request selects many subjects, or subjects by attribute, and the agreements give the caller no per-person access for its purpose', action: 'ask the statistics query (`statistics` in GraphQL, GET /stats/table, `nrx stats`) with a statistics token for aggregate counts', exit: 'failed', graphql: 'FORBIDDEN' },

  // The command line.
  CLI_USAGE: { meaning: 'a command-line argument is missing, malformed or contradicts another', action: 'see `nrx help <command>`', exit: 'usage', graphql: 'BAD_USER_INPUT' },
  FILE_UNREADABLE: { meaning: 'an input file cannot be read or parsed', action: 'check the path and that the file holds what the command expects', exit: 'usage', graphql: 'INTERNAL_SERVER_ERROR' },
  DIRECTORY_UNREADABLE: { meaning: 'the member directory given to a report cannot be read', action: 'check the path given with --directory', exit: 'usage', graphql: 'INTERNAL_SERVER_ERROR' },
  DIRECTORY_KEY_MISSING: { meaning: 'the member directory is a signed trust list and no operator key was given to check it', action: "give the federation operator's public key with --directory-key", exit: 'usage', graphql: 'INTERNAL_SERVER_ERROR' },
  DIRECTORY_INVALID: { meaning: 'the member directory is neither a trust list nor a list of member entries', action: 'give a trust list (signed or its JSON document) or a JSON list of members with id and name', exit: 'usage', graphql: 'INTERNAL_SERVER_ERROR' },
  FILE_UNWRITABLE: { meaning: 'an output file cannot be written, or exists and is never overwritten', action: 'choose another path, or move the old file away', exit: 'usage', graphql: 'INTERNAL_SERVER_ERROR' },
  INTERNAL: { meaning: 'a condition the code rules out happened (a defect or a broken installation)', action: 'report it with the message', exit: 'internal', graphql: 'INTERNAL_SERVER_ERROR' },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}

/** The registry's entry for a code; a code it does not know reads as an internal error. */
export function errorCodeInfo(code: string): ErrorCodeInfo {
  return isErrorCode(code) ? ERROR_CODES[code] : ERROR_CODES.INTERNAL;
}
