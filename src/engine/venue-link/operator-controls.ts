/**
 * The operator's venue controls: fault injection (decisions F4; the venue side is src/venues/faults.ts),
 * the risk-control switches: a portfolio's placement (401061) and one of its exchange accounts (401045 / 401053),
 * and an asset's simulated reference price.
 */
import { ApiError } from '../../catalogue/index.ts';
import { adjustPerpLimits, setReferencePrice, type Fault, type FaultKind, type PerpLimits } from '../../venues/index.ts';
import { instrumentNamed } from './instruments.ts';
import type { CommandContext } from '../core/context.ts';
import type { VenueName } from '../../domain/market.ts';
import type { Portfolio } from '../../domain/identity/index.ts';
import { times, type Price } from '../../domain/money.ts';

export interface SetFault {
  kind: FaultKind;
  /** LATENCY only: how many ticks the venue takes to answer. */
  ticks?: number;
  venue?: VenueName;
  apiKey?: string;
}

export interface ClearFaults {
  /** Absent: every fault. */
  faultId?: string;
}

export interface SetPlacementForbidden {
  portfolioId: string;
  forbidden: boolean;
}

export interface SetAccountRestricted {
  portfolioId: string;
  venue: VenueName;
  restricted: boolean;
}

export interface SetReferencePrice {
  asset: string;
  price: Price;
}

export interface SetPerpLimits extends PerpLimits {
  sym: string;
}

/** How far the operator may move a price at once, either way. */
const PRICE_MOVE_FACTOR = 10n;

export const operatorControlHandlers = {
  setFault(ctx: CommandContext, cmd: SetFault): { fault: Fault } {
    if ((cmd.venue === undefined) === (cmd.apiKey === undefined)) throw new ApiError(400000);
    if (cmd.apiKey !== undefined && !ctx.state.apiKeys.has(cmd.apiKey)) throw new ApiError(100018);
    if ((cmd.kind === 'LATENCY') !== (cmd.ticks !== undefined)) throw new ApiError(cmd.kind === 'LATENCY' ? 400009 : 400000);
    const state = ctx.state.faults;
    const fault: Fault = { faultId: String(++state.lastFaultId), kind: cmd.kind, createAt: ctx.ts };
    if (cmd.venue !== undefined) fault.venue = cmd.venue;
    if (cmd.apiKey !== undefined) fault.apiKey = cmd.apiKey;
    if (cmd.ticks !== undefined) fault.ticks = cmd.ticks;
    state.faults.push(fault);
    return { fault };
  },

  clearFaults(ctx: CommandContext, cmd: ClearFaults): { cleared: number } {
    const state = ctx.state.faults;
    const kept = state.faults.filter((f) => cmd.faultId !== undefined && f.faultId !== cmd.faultId);
    const cleared = state.faults.length - kept.length;
    if (cmd.faultId !== undefined && cleared === 0) throw new ApiError(400000);
    state.faults = kept;
    return { cleared };
  },

  /** The switch behind 401061: the portfolio may hold funds but not place orders. */
  setPlacementForbidden(ctx: CommandContext, cmd: SetPlacementForbidden): { portfolio: Portfolio } {
    const portfolio = ctx.state.portfolios.get(cmd.portfolioId);
    if (!portfolio) throw new ApiError(100001);
    portfolio.placementForbidden = cmd.forbidden;
    portfolio.updateAt = ctx.ts;
    return { portfolio };
  },

  setAccountRestricted(ctx: CommandContext, cmd: SetAccountRestricted): { portfolio: Portfolio } {
    const portfolio = ctx.state.portfolios.get(cmd.portfolioId);
    if (!portfolio) throw new ApiError(100001);
    portfolio.accounts[cmd.venue].restricted = cmd.restricted;
    portfolio.updateAt = ctx.ts;
    return { portfolio };
  },

  /** Moves an asset's reference (so its index and marks) at once; the books follow when the makers re-quote on the next tick. */
  /** An exchange's parameter adjustment on a perp: a lower maximum leverage (401112), an open-interest limit (401092). */
  setPerpLimits(ctx: CommandContext, cmd: SetPerpLimits): SetPerpLimits {
    const instrument = instrumentNamed(ctx.venues.market, cmd.sym);
    if (instrument.business !== 'PERP') throw new ApiError(401041);
    const valid = (leverage: number) => Number.isInteger(leverage) && leverage >= 1 && leverage <= instrument.maxLeverage!;
    if (cmd.maxLeverage !== undefined && !valid(cmd.maxLeverage)) throw new ApiError(401033);
    if (cmd.openInterestLimit !== undefined && cmd.openInterestLimit <= 0n) throw new ApiError(400000);
    const { sym: _sym, ...limits } = cmd;
    adjustPerpLimits(ctx.state.sim, instrument.sym, limits);
    return { ...cmd, sym: instrument.sym };
  },

  /** A move to within a sane factor of the price now (÷ 10 … × 10): a crash or a squeeze, not a typo's thousandfold. */
  setReferencePrice(ctx: CommandContext, cmd: SetReferencePrice): SetReferencePrice {
    const current = ctx.venues.market.indexPrice(cmd.asset);
    if (current === undefined) throw new ApiError(403010);
    if (cmd.price <= 0n || cmd.price > times(current, PRICE_MOVE_FACTOR) || times(cmd.price, PRICE_MOVE_FACTOR) < current) throw new ApiError(400000);
    setReferencePrice(ctx.state.sim, cmd.asset, cmd.price);
    return { asset: cmd.asset, price: cmd.price };
  },
};
