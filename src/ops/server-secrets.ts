/** The server key (seals API secrets) and the admin token, created on first start in DATA_DIR. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ServerSecrets {
  serverKey: string;
  adminToken: string;
}

export function loadServerSecrets(dataDir: string, adminTokenOverride?: string): ServerSecrets {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'server-secrets.json');
  if (!existsSync(path)) {
    const fresh: ServerSecrets = { serverKey: randomBytes(32).toString('hex'), adminToken: randomBytes(24).toString('hex') };
    writeFileSync(path, JSON.stringify(fresh), { mode: 0o600 });
  }
  const secrets = JSON.parse(readFileSync(path, 'utf8')) as ServerSecrets;
  return adminTokenOverride ? { ...secrets, adminToken: adminTokenOverride } : secrets;
}
