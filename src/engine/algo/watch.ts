/**
 * Triggers fire in venue time, deterministically (decisions M1): after every public trade of a command
 * (LAST_PRICE, at that trade's price) and at every market tick (MARK_PRICE, at the new marks). Only the
 * triggers a price reached are looked at: the books are sorted by price. Children's order updates reach
 * their algos the same way, in the order the command emitted them, and fills of orders to the algos attached to them.
 */
import { takeReached, type TriggerType } from '../../domain/algo/index.ts';
import type { Price } from '../../domain/money.ts';
import type { CommandContext } from '../core/context.ts';
import type { EngineEvent } from '../core/events.ts';
import { parentUpdated } from './attached.ts';
import { childUpdated, fireLeg } from './fire.ts';
import { triggerKey } from './state.ts';

function fireReached(ctx: CommandContext, sym: string, type: TriggerType, price: Price): void {
  const book = ctx.state.algos.triggers.get(triggerKey(sym, type));
  if (!book) return;
  for (const trigger of takeReached(book, price)) {
    const algo = ctx.state.algos.open.get(trigger.algoOrderId);
    // An OCO whose other leg fired on the same price has been voided already.
    if (algo?.state === 'NEW') fireLeg(ctx, algo, trigger.leg);
  }
}

function onEvent(ctx: CommandContext, event: EngineEvent): void {
  if (event.type === 'publicTrade') {
    ctx.state.algos.lastPrices.set(event.sym, event.price);
    fireReached(ctx, event.sym, 'LAST_PRICE', event.price);
  } else if (event.type === 'orderUpdated') {
    if (event.order.algoOrderId !== null) childUpdated(ctx, event.order);
    else parentUpdated(ctx, event.order);
  }
}

/** Reads the command's events not read yet, those it causes included. The engine calls it after every command. */
export function followEvents(ctx: CommandContext): void {
  for (; ctx.eventsFollowed < ctx.events.length; ctx.eventsFollowed++) onEvent(ctx, ctx.events[ctx.eventsFollowed]);
}

/** Tick phase: the trades the tick made so far, then the marks it moved. */
export function fireAlgoTriggers(ctx: CommandContext): void {
  followEvents(ctx);
  const market = ctx.venues.market;
  for (const key of [...ctx.state.algos.triggers.keys()]) {
    const [sym, type] = key.split('|');
    if (type !== 'MARK_PRICE') continue;
    fireReached(ctx, sym, 'MARK_PRICE', market.markPrice(market.instrument(sym)!));
  }
  followEvents(ctx);
}
