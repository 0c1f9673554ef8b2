/**
 * A portfolio's perp settings: leverage per sym (decisions L4) and position mode per venue (L5).
 * Both are refused while the account is being liquidated (L3: 401118), and both are checked against
 * what the account holds before they change anything.
 */
import { ApiError } from '../../catalogue/index.ts';
import type { Portfolio } from '../../domain/identity/index.ts';
import type { Instrument } from '../../domain/instrument.ts';
import type { VenueName } from '../../domain/market.ts';
import { abs, sub, sum } from '../../domain/money.ts';
import { initialMargin, maxLeverageOf, withinLimitAt, type PositionMode } from '../../domain/perp/index.ts';
import type { CommandContext } from '../core/context.ts';
import { actingPortfolio, type Actor } from '../identity/index.ts';
import { instrumentNamed } from '../venue-link/index.ts';
import { carriesRisk, marginAccount, tiersOf, type MarginAccount } from './margin-account.ts';
import { openPositionsOf, positionChanged, positionModeOf } from './positions.ts';
import { accountKey, leverageKey } from './state.ts';

export interface SetLeverage {
  actor: Actor;
  sym: string;
  /** 1 … the sym's highest tier leverage (the wire checks it is a positive integer: 401033). */
  leverage: number;
}

export interface SetPositionMode {
  actor: Actor;
  venue: VenueName;
  positionMode: PositionMode;
}

/** A PERP instrument the client named: 400000 / 401011 for no such sym, 401041 for one of another business type. */
export function perpInstrument(ctx: CommandContext, sym: string): Instrument {
  const instrument = instrumentNamed(ctx.venues.market, sym);
  if (instrument.business !== 'PERP') throw new ApiError(401041);
  return instrument;
}

/** The account's margin, refused with 401118 while it is being liquidated (L3). */
export function assertNotLiquidating(ctx: CommandContext, portfolio: Portfolio, venue: VenueName): MarginAccount | undefined {
  if (!carriesRisk(ctx.state, portfolio.portfolioId, venue)) return undefined;
  const account = marginAccount(ctx.state, ctx.venues.market, portfolio.portfolioId, venue);
  if (account.status === 'LIQUIDATING' || account.status === 'TAKEOVER') throw new ApiError(401118);
  return account;
}

function setLeverage(ctx: CommandContext, cmd: SetLeverage): Record<string, never> {
  const portfolio = actingPortfolio(ctx.state, cmd.actor);
  const instrument = perpInstrument(ctx, cmd.sym);
  const table = tiersOf(ctx.venues.market, instrument);
  if (cmd.leverage > maxLeverageOf(table)) throw new ApiError(401034);
  const account = assertNotLiquidating(ctx, portfolio, instrument.venue);
  const held = account?.positions.filter((risk) => risk.instrument.sym === instrument.sym) ?? [];
  if (held.some((risk) => !withinLimitAt(table, cmd.leverage, { notional: risk.notional, size: abs(risk.position.qty) }))) throw new ApiError(401060);
  if (account && held.length > 0) {
    const before = sum(held.map((risk) => risk.initialMargin));
    const after = sum(held.map((risk) => initialMargin(risk.notional, cmd.leverage)));
    if (sub(account.availableMargin, sub(after, before)) < 0n) throw new ApiError(401036);
  }
  ctx.state.positions.leverage.set(leverageKey(portfolio.portfolioId, instrument.sym), cmd.leverage);
  for (const risk of held) positionChanged(ctx, risk.position);
  return {};
}

function setPositionMode(ctx: CommandContext, cmd: SetPositionMode): Record<string, never> {
  const portfolio = actingPortfolio(ctx.state, cmd.actor);
  if (portfolio.accounts[cmd.venue].restricted) throw new ApiError(401103);
  if (positionModeOf(ctx.state, portfolio.portfolioId, cmd.venue) === cmd.positionMode) throw new ApiError(401094);
  if (ctx.state.trading.openOrders.ordersOf(portfolio.portfolioId).some((order) => order.business === 'PERP' && order.venue === cmd.venue)) throw new ApiError(401089);
  if (openPositionsOf(ctx.state, portfolio.portfolioId, cmd.venue).length > 0) throw new ApiError(401090);
  ctx.state.positions.modes.set(accountKey(portfolio.portfolioId, cmd.venue), cmd.positionMode);
  return {};
}

export const settingsHandlers = { setLeverage, setPositionMode };
