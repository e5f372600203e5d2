/** The gateway's authentication: keys, the signed trust list, tokens and the request authenticator. */
export * from './types.ts';
export { ROLES, isRole, type Role } from './roles.ts';
export { purposeCodes, isPurpose } from './purposes.ts';
export { ALLOWED_ALGORITHMS, generateSigningKey, readJwkFile, readPrivateJwkFile, toPublicJwk, hasPrivateMaterial } from './keys.ts';
export { signTrustList, verifyTrustList, loadTrustListFile, TrustListError, TRUST_LIST_JWS_TYPE, type TrustListDocument } from './trust-list.ts';
export { issueToken, MAX_TOKEN_LIFETIME_SECONDS } from './token.ts';
export { createAuthenticator, type AuthenticatorOptions } from './authenticator.ts';
