/** `{ "id", "action", "args": {…} }` (connex-api.md §5.2), checked field by field with 601xxx codes. */
import { ApiError } from '../catalogue/index.ts';
import type { Params } from '../wire/fields.ts';
import { requestIdOf, type JsonObject } from './session.ts';
import type { RequestId } from './frames.ts';

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
