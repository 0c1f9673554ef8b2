/**
 * The take-profit and stop-loss fields, as the algo requests and order entry (attached TP/SL) both
 * take them, each with its 4012xx code (connex-api.md §4.1, §4.10; decisions M1, M2).
 */
import { ApiError, type CatalogueCode } from '../catalogue/index.ts';
import { TRIGGER_TYPES } from '../domain/algo/index.ts';
import { VENUES } from '../domain/market.ts';
import type { PayloadOf } from '../engine/core/commands.ts';
import { decimal, flag, list, oneOf, type Values } from './field-spec.ts';

export const TP_SL_FIELDS = {
  tpTriggerPrice: decimal<'price'>({ invalid: 401215, description: 'Take profit: above the price when closing a long (a SELL), below when closing a short.', example: '75000' }),
  tpTriggerType: oneOf(TRIGGER_TYPES, { invalid: 401216, description: 'LAST_PRICE when absent.', example: 'MARK_PRICE' }),
  tpPrice: decimal<'price'>({ invalid: 401217, description: 'The child’s limit price; 0 or absent: MARKET.', example: '0' }),
  slTriggerPrice: decimal<'price'>({ invalid: 401218, description: 'Stop loss: below the price when closing a long (a SELL), above when closing a short.', example: '65000' }),
  slTriggerType: oneOf(TRIGGER_TYPES, { invalid: 401219, description: 'LAST_PRICE when absent.', example: 'MARK_PRICE' }),
  slPrice: decimal<'price'>({ invalid: 401220, description: 'The child’s limit price; 0 or absent: MARKET.', example: '0' }),
};

type AttachedLegs = Pick<PayloadOf<'placeOrderWithTpsl'>, 'tp' | 'sl'>;

const MAX_CLOSE_ALL_SYMS = 20;

/**
 * Order entry's TP/SL block: the legs, and the close-all fields an attached TP/SL refuses (it closes what
 * its order opens). A group: a plain order does not read them.
 */
export const ATTACHED_TPSL_FIELDS = {
  ...TP_SL_FIELDS,
  closeAllPos: flag({ invalid: 401240, description: 'Attached TP/SL: "false" only; "true" is refused (401232; 401241 without exchangeType).' }),
  exchangeType: oneOf(VENUES, { invalid: 401023, description: 'Attached TP/SL: only read with closeAllPos "true".' }),
  symList: list<string[]>({ maxItems: MAX_CLOSE_ALL_SYMS, invalid: 400000, description: 'Attached TP/SL: empty unless closeAllPos is "true" (401242).' }),
};

/** A trigger price is a price of its instrument: at least one tick (401100), in whole ticks (401098). */
export const TRIGGER_PRICE_CODES: readonly CatalogueCode[] = [401100, 401098];

/** The close-all rules, in the order they are read (decisions M2): the TP/SL of an order closes what the order opens, never every position. */
export const CLOSE_ALL_CODES: readonly CatalogueCode[] = [401241, 401232, 401242];

export function legsOf(values: Values<typeof TP_SL_FIELDS>): AttachedLegs {
  return {
    tp: { triggerPrice: values.tpTriggerPrice, triggerType: values.tpTriggerType, price: values.tpPrice },
    sl: { triggerPrice: values.slTriggerPrice, triggerType: values.slTriggerType, price: values.slPrice },
  };
}

/** The attached TP/SL an order's TP/SL block asks for: the close-all rules first. */
export function attachedLegsOf(values: Values<typeof ATTACHED_TPSL_FIELDS>): AttachedLegs {
  const { closeAllPos, exchangeType, symList } = values;
  if (closeAllPos) throw new ApiError(exchangeType === undefined ? 401241 : 401232);
  if (symList !== undefined && symList.length > 0) throw new ApiError(401242);
  return legsOf(values);
}
