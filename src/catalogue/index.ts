export { ApiError } from './api-error.ts';
export { MESSAGES, SUCCESS_CODE, SUCCESS_MESSAGE, type CatalogueCode } from './messages.ts';
