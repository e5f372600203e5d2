// Apart from token.ts (which loads jose) so that the command line can name them in its help cheaply.

/** The longest lifetime a token may have: 15 minutes. */
export const MAX_TOKEN_LIFETIME_SECONDS = 900;
export const DEFAULT_TOKEN_TTL_SECONDS = 600;
