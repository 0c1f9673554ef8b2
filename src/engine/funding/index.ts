/** Funding of perpetual positions at every interval boundary of venue time (decisions L7). */
export { dueBoundary, fundingDue, fundingHandlers, fundingTimes, settleBoundary, settleDueFunding } from './settle.ts';
export { emptyFundingState, type FundingState } from './state.ts';
