import { MESSAGES, type CatalogueCode } from './messages.ts';

/** A business error of the catalogue. Raised anywhere; the transport turns it into the envelope. */
export class ApiError extends Error {
  readonly code: CatalogueCode;

  constructor(code: CatalogueCode, ...args: string[]) {
    super(fillPlaceholders(MESSAGES[code], args));
    this.code = code;
  }
}

function fillPlaceholders(template: string, args: string[]): string {
  let next = 0;
  return template.replace(/%s/g, () => args[next++] ?? '');
}

