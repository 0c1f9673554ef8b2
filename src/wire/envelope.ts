/** The ConneX response envelope: {code, message, data} on every answer (decisions A3, B1). */
import { MESSAGES, SUCCESS_CODE, SUCCESS_MESSAGE, type CatalogueCode } from '../catalogue/index.ts';

export interface Envelope<T = unknown> {
  code: number;
  message: string;
  data: T;
}

export function success<T>(data: T): Envelope<T> {
  return { code: SUCCESS_CODE, message: SUCCESS_MESSAGE, data };
}

export function failure(code: CatalogueCode, message: string = MESSAGES[code]): Envelope<null> {
  return { code, message, data: null };
}
