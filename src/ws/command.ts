/** `{ "id", "action", "args": {…} }` (connex-api.md §5.2), checked field by field with 601xxx codes. */
import { ApiError, type CatalogueCode } from '../catalogue/index.ts';
import type { Params } from '../wire/fields.ts';
import { requestIdOf, type JsonObject } from './session.ts';
import type { RequestId } from './frames.ts';

/** What reading a command answers: no action (601008), an action or args that are not what they should be (601001). */
export const COMMAND_CODES: readonly CatalogueCode[] = [601008, 601001];

export interface Command {
  id: RequestId;
  action: string;
  args: Params;
}

export function readCommand(message: JsonObject): Command {
  const { action, args } = message;
  if (action === undefined || action === null || action === '') throw new ApiError(601008);
  if (typeof action !== 'string') throw new ApiError(601001);
  if (args !== undefined && args !== null && (typeof args !== 'object' || Array.isArray(args))) throw new ApiError(601001);
  return { id: requestIdOf(message), action, args: (args ?? {}) as Params };
}
