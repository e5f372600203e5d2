/**
 * The contract between authentication (gateway/auth) and everything that serves requests.
 * A request is served only for a Principal; every refusal is an AuthError with a stable code.
 */
import type { JWK } from 'jose';
import { NrxError } from '../../lib/errors.ts';
import type { AuthErrorCode } from '../../lib/error-codes.ts';

export type { AuthErrorCode };

/** One member of the federation as listed in the signed trust list. */
export interface TrustedMember {
  /** X-Road style member id, e.g. RS/GOV/CPTV. */
  id: string;
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** Member class code (codelists/member-class). */
  memberClass: string;
  /** Agency type code (codelists/agency-type). */
  agencyType: string;
  /** Where the member's own gateway and services answer, when it runs one. */
  endpoints: { gateway?: string; [name: string]: string | undefined };
  /** The member's public signing keys. */
  jwks: { keys: JWK[] };
  /** `suspended` members stay listed so that their tokens are refused; absent means active. */
  status?: 'active' | 'suspended';
  /** When the membership is valid (dates, end inclusive); outside it the member is treated as unknown. */
  validPeriod?: { start?: string; end?: string };
}

/** The federation trust list: signed by the federation operator, verified at load. */
export interface TrustList {
  federation: string;
  issued: string;
  /** When the operator will publish the next list; a list past this date is refused at load. */
  nextUpdate?: string;
  /** The issue number; a gateway refuses a list older than the one it holds. */
  sequence?: number;
  /** The member id of the federation operator that signed the list. */
  operator?: string;
  /** Members by id. */
  members: Map<string, TrustedMember>;
}

/** Who is asking, established from a verified token. */
export interface Principal {
  /** The calling member (token `iss`). */
  member: TrustedMember;
  /** The staff member's pseudonym (token `sub`). */
  user: string;
  /** Purpose of use (token claim `purpose`, a code from codelists/purpose). */
  purpose: string;
  /** The user's role within the member (token claim `role`), e.g. case-worker, dpo, admin. */
  role: string;
  tokenId?: string;
  expiresAt: Date;
}

/** A refused token; its code (the registry's token codes) reaches the client with HTTP 401. */
export class AuthError extends NrxError<AuthErrorCode> {}

export interface Authenticator {
  /** Verifies an `Authorization` header value (`Bearer <jwt>`); throws AuthError on any refusal. */
  authenticate(authorization: string | null | undefined): Promise<Principal>;
  /**
   * The principal of a token this authenticator has already verified and that has not expired, or
   * undefined (verify it with `authenticate`). Synchronous: the hot path of a repeated token.
   */
  verified(authorization: string | null | undefined): Principal | undefined;
}
