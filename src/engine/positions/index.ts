import { settingsHandlers } from './settings.ts';

/** Perpetual positions, the leverage and position mode settings, and the unified margin account they make up. */
export { assertCollateralFree, carriesRisk, coinCollateral, liquidationPriceOf, marginAccount, positionRisk, tiersOf, type CoinCollateral, type MarginAccount, type PositionRisk } from './margin-account.ts';
export { leverageOf, openPositionsOf, positionChanged, positionClosedBy, positionModeOf, positionOf, tradePosition, type PositionTrade } from './positions.ts';
export { accountKey, emptyPositionsState, leverageKey, positionKey, type PositionsState } from './state.ts';
export { watchAccountStatus } from './account-status.ts';
export { accountTouched } from './risk-index.ts';
export { assertNotLiquidating, perpInstrument, type SetLeverage, type SetPositionMode } from './settings.ts';

export const positionsHandlers = { ...settingsHandlers };
