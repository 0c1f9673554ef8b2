/** API keys: who may call, from where, with which permissions (connex-api.md §2.2). */
export const PERMISSIONS = ['READ', 'TRADE', 'TRANSFER', 'WITHDRAW'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const KEY_NORMAL = 1;
export const KEY_FROZEN = 2;
export type KeyStatus = typeof KEY_NORMAL | typeof KEY_FROZEN;

export const MAX_KEY_IPS = 20;
/** At most this many keys per user, its primary key included (§2.2). */
export const MAX_KEYS_PER_USER = 10;

/** Per portfolio, at most one key may hold each of these (§2.2 "only one key each … by default"). */
export const EXCLUSIVE_PERMISSIONS: readonly Permission[] = ['TRADE', 'TRANSFER', 'WITHDRAW'];

/** True when `permissions` would give an exclusive permission a second holder among `others`. */
export function clashesWithOtherKeys(permissions: readonly Permission[], others: readonly ApiKey[]): boolean {
  return EXCLUSIVE_PERMISSIONS.some((p) => permissions.includes(p) && others.some((key) => key.permissions.includes(p)));
}

/** The secret, sealed with the server key (C4): the journal and snapshots never hold it in clear. */
export interface SealedSecret {
  iv: string;
  tag: string;
  data: string;
}

export interface ApiKey {
  accessKey: string;
  secret: SealedSecret;
  userId: string;
  portfolioId: string;
  apiName: string;
  /** Empty = any address. */
  ips: string[];
  permissions: Permission[];
  status: KeyStatus;
  primary: boolean;
  createdAt: number;
  updatedAt: number;
}

/** "READ,TRADE" or "READ; TRADE" → permissions in canonical order, READ always granted; null if unknown. */
export function parsePermissions(text: string): Permission[] | null {
  const names = text.split(/[,;]/).map((p) => p.trim().toUpperCase()).filter((p) => p.length > 0);
  if (names.some((name) => !(PERMISSIONS as readonly string[]).includes(name))) return null;
  return PERMISSIONS.filter((p) => p === 'READ' || names.includes(p));
}

