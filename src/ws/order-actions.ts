/** Actions of `/v1/private` (connex-api.md §5.4). */
import { acknowledgeSubscribe, type Action } from './private-stream.ts';

export const privateActions: Readonly<Record<string, Action>> = {
  subscribe: acknowledgeSubscribe,
};
