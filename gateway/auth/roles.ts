/**
 * The roles a token may carry (claim `role`). This is the one list every part of the gateway
 * reads; policies refer to these codes and nothing else.
 */
export const ROLES = ['case-worker', 'supervisor', 'dpo', 'admin', 'service'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
