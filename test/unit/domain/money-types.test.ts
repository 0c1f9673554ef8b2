/**
 * The money brands bite. Every `@ts-expect-error` line below must stay a compile error: if one of them
 * ever compiles, `npx tsc --noEmit` fails on the unused directive. The runtime half checks that the
 * typed arithmetic gives the plain bigint values (a brand is a type only).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { baseQty, sizeWorth, unitValue } from '../../../src/domain/instrument.ts';
import {
  add,
  coinAmount,
  div,
  formatFixed,
  isMultipleOf,
  mul,
  parseFixed,
  roundToStep,
  sub,
  sum,
  ZERO,
  type Amount,
  type Contracts,
  type Price,
  type Qty,
  type Rate,
  type Size,
} from '../../../src/domain/money.ts';

const price: Price = parseFixed('65000.1')!;
const qty: Qty = parseFixed('0.5')!;
const contracts: Contracts = parseFixed('3')!;
const size: Size = contracts;
const amount: Amount = parseFixed('100')!;
const rate: Rate = parseFixed('0.001')!;
/** OKX_PERP_BTC_USDT: 0.01 BTC per contract. */
const okxBtcPerp = { contractSize: parseFixed<'qty'>('0.01')! };

const takesPrice = (value: Price) => value;
const takesAmount = (value: Amount) => value;
const takesQty = (value: Qty) => value;

describe('money types', () => {
  it('do not compile with raw bigints or mixed units (the @ts-expect-error lines)', () => {
    // @ts-expect-error a raw bigint is not money
    takesPrice(1n);
    // @ts-expect-error bigint operators on money give a plain bigint
    takesPrice(price + price);
    const loose = parseFixed('1')!;
    // @ts-expect-error a parse kept without a unit (neither annotated nor given one) is none of them
    takesPrice(loose);
    // @ts-expect-error a price is not an amount
    takesAmount(price);
    // @ts-expect-error a quantity of base coin is not an amount in a balance without coinAmount
    takesAmount(qty);
    // @ts-expect-error an OKX contract count is not base coin
    takesQty(contracts);
    // @ts-expect-error an order size may be contracts: baseQty(instrument, size) makes it base coin
    takesQty(size);
    // @ts-expect-error no adding a quantity to a price
    add(price, qty);
    // @ts-expect-error nor taking a quantity from an amount
    sub(amount, qty);
    // @ts-expect-error price × contracts is no notional: contracts × contractSize first
    takesAmount(mul(price, contracts));
    // @ts-expect-error price × price is no unit of ours
    mul(price, price);
    // @ts-expect-error an amount divided by an amount is a ratio, not a price
    takesPrice(div(amount, amount));
    // @ts-expect-error a quantity is not rounded onto a price grid
    roundToStep(qty, price, 'down');
    // @ts-expect-error nor checked against one
    isMultipleOf(qty, price);
    // @ts-expect-error not even a cast turns one unit into another (only the named constructors do)
    void (price as Rate);
  });

  it('compute the plain values, with the unit each operation gives', () => {
    const notional: Amount = mul(price, qty);
    assert.equal(formatFixed(notional), '32500.05');
    const fee: Amount = mul(notional, rate, 'down');
    assert.equal(formatFixed(fee), '32.50005');
    const bought: Qty = div(amount, price, 'down');
    assert.equal(formatFixed(bought), '0.001538459171601274');
    const average: Price = div(notional, qty, 'halfUp');
    assert.equal(average, price);
    const ratio: Rate = div(fee, notional);
    assert.equal(formatFixed(ratio), '0.001');
    const coins: Qty = baseQty(okxBtcPerp, contracts);
    assert.equal(formatFixed(coins), '0.03');
    assert.equal(baseQty({}, qty), qty, 'a coin-sized instrument: the size is the quantity');
    assert.equal(formatFixed(sizeWorth(notional, unitValue(okxBtcPerp, price, 'up'), 'down')), '50');
    assert.equal(formatFixed(sub(add(amount, coinAmount(qty)), amount)), '0.5');
    assert.equal(formatFixed(sum([qty, qty, ZERO])), '1');
    assert.equal(typeof price, 'bigint', 'no wrapper at run time');
  });
});
