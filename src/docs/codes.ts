/** Catalogue codes as the documents list them: each with its message, in the order they are checked. */
import { MESSAGES, type CatalogueCode } from '../catalogue/index.ts';

export function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/** `400009 "Missing required parameter — …", 401005 "…"`. */
export function describeCodes(codes: readonly CatalogueCode[]): string {
  return codes.map((code) => `${code} "${MESSAGES[code]}"`).join(', ');
}

/** A markdown table of codes and messages. */
export function codesTable(codes: readonly CatalogueCode[]): string {
  return ['| code | message |', '|---|---|', ...codes.map((code) => `| ${code} | ${MESSAGES[code].replaceAll('|', '\\|')} |`)].join('\n');
}
