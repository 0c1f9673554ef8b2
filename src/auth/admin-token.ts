/** The operator's bearer token (decisions C5): kept and compared as a SHA-256 hash, in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../catalogue/index.ts';

export function hashAdminToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether `Authorization` is `Bearer <token>` with the admin token. */
export function isAdminToken(authorization: string | undefined, expectedHash: string): boolean {
  const header = authorization ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7) : '';
  const given = Buffer.from(hashAdminToken(token), 'hex');
  return token !== '' && timingSafeEqual(given, Buffer.from(expectedHash, 'hex'));
}

/** `Authorization: Bearer <token>` with the admin token, else 2000. */
export function assertAdminToken(authorization: string | undefined, expectedHash: string): void {
  if (!isAdminToken(authorization, expectedHash)) throw new ApiError(2000);
}
