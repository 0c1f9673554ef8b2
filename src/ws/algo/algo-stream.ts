/** Actions of `/v1/private-algo` (connex-api.md §5.5); its pushes come from the PortfolioFeed. */
import { acknowledgeSubscribe, type Action } from '../private/private-stream.ts';

export const algoActions: Readonly<Record<string, Action>> = {
  subscribe: acknowledgeSubscribe,
};
