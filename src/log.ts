/**
 * The process logger. Requests are not logged one by one (a per-request child logger halves the
 * throughput); errors and lifecycle events are. Secrets and signatures are redacted wherever they appear.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['secretKey', '*.secretKey', 'signature', '*.signature', 'headers.signature', 'headers.authorization', 'adminToken', '*.adminToken'],
      censor: '[redacted]',
    },
  });
}
