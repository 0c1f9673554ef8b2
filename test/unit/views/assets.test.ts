import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Balance } from '../../../src/domain/accounts/index.ts';
import { parseFixed, ZERO, type Fixed, type Unit } from '../../../src/domain/money.ts';
import type { CoinCollateral, MarginAccount, PositionRisk } from '../../../src/engine/reads.ts';
import { accountRow, assetRow } from '../../../src/views/assets.ts';
import type { Portfolio } from '../../../src/domain/identity/index.ts';

const fixed = <U extends Unit>(text: string): Fixed<U> => parseFixed<U>(text)!;

function coin(code: string, available: string, indexPrice: string, discount: string): CoinCollateral {
  const balance: Balance = { available: fixed(available), frozen: ZERO, borrowed: ZERO, overdraw: ZERO, createAt: 1, updateAt: 2 };
  const value = (fixed<'amount'>(available) * fixed<'price'>(indexPrice)) / 10n ** 18n;
  const marginValue = (value * fixed<'rate'>(discount)) / 10n ** 18n;
  return { coin: code, balance, equity: fixed(available), indexPrice: fixed(indexPrice), discount: fixed(discount), value: value as Fixed<'amount'>, marginValue: marginValue as Fixed<'amount'> };
}

/** A position of the account as far as the asset rows read it: its quote coin, uPnL and initial margin. */
function position(quote: string, upnl: string, initialMargin: string, updateAt = 3): PositionRisk {
  return { instrument: { quote }, upnl: fixed(upnl), initialMargin: fixed(initialMargin), position: { updateAt } } as unknown as PositionRisk;
}

/** An account whose figures are given as they are (the engine computes them; the views only show them). */
function account(fields: { coins: CoinCollateral[]; positions?: PositionRisk[]; validMargin: string; availableMargin: string; maintainMargin: string }): MarginAccount {
  const { validMargin, availableMargin, maintainMargin } = fields;
  return {
    portfolioId: '1700000000000001',
    venue: 'BINANCE',
    positionMode: 'NET',
    coins: fields.coins,
    positions: fields.positions ?? [],
    equity: fixed(validMargin),
    marginValue: fixed(validMargin),
    upnl: ZERO,
    positionValue: ZERO,
    maintainMargin: fixed(maintainMargin),
    perpMargin: ZERO,
    frozenMargin: ZERO,
    openLossMargin: ZERO,
    debtMargin: ZERO,
    debtMargins: new Map(),
    validMargin: fixed(validMargin),
    availableMargin: fixed(availableMargin),
    uniMmr: fixed('999999'),
    riskRatio: ZERO,
    status: 'NORMAL',
  };
}

describe('views/assets: the asset rows and the account row of the unified margin account', () => {
  it('maxTransferable is the tightest of available, availableMargin and validMargin − 3 × maintainMargin, in the coin at index × discount', () => {
    const usdt = coin('USDT', '1000', '1', '1');
    assert.equal(assetRow(account({ coins: [usdt], validMargin: '1000', availableMargin: '900', maintainMargin: '50' }), usdt).maxTransferable, '850');
    assert.equal(assetRow(account({ coins: [usdt], validMargin: '1000', availableMargin: '900', maintainMargin: '10' }), usdt).maxTransferable, '900');
    assert.equal(assetRow(account({ coins: [usdt], validMargin: '5000', availableMargin: '4000', maintainMargin: '1' }), usdt).maxTransferable, '1000');
    const btc = coin('BTC', '1', '100000', '0.95');
    assert.equal(assetRow(account({ coins: [btc], validMargin: '95000', availableMargin: '47500', maintainMargin: '0' }), btc).maxTransferable, '0.5');
  });

  it('maxTransferable stops at 0, and a coin without a price transfers what is available', () => {
    const usdt = coin('USDT', '100', '1', '1');
    assert.equal(assetRow(account({ coins: [usdt], validMargin: '100', availableMargin: '-20', maintainMargin: '5' }), usdt).maxTransferable, '0');
    const unpriced = coin('XYZ', '7', '0', '0.9');
    assert.equal(assetRow(account({ coins: [unpriced], validMargin: '0', availableMargin: '-20', maintainMargin: '5' }), unpriced).maxTransferable, '7');
  });

  it('a coin row carries the uPnL and initial margin of the positions settled in that coin only', () => {
    const usdt = coin('USDT', '1000', '1', '1');
    const usdc = coin('USDC', '500', '1', '1');
    const positions = [position('USDT', '-12.5', '40'), position('USDT', '2.5', '10'), position('USDC', '7', '30')];
    const whole = account({ coins: [usdt, usdc], positions, validMargin: '1498', availableMargin: '1418', maintainMargin: '8' });
    const row = assetRow(whole, usdt);
    assert.deepEqual([row.upnl, row.perpMargin, row.equity, row.equityValue, row.marginValue, row.balance], ['-10', '50', '990', '990', '1000', '1000']);
    const other = assetRow(whole, usdc);
    assert.deepEqual([other.upnl, other.perpMargin, other.equity], ['7', '30', '507']);
  });

  it('the account row shows availableMargin below 0 as 0, and its last change as updateAt', () => {
    const usdt = coin('USDT', '100', '1', '1');
    const portfolio = { userId: '1700000000000009', createAt: 0 } as Portfolio;
    const row = accountRow(account({ coins: [usdt], positions: [position('USDT', '-1', '1', 42)], validMargin: '100', availableMargin: '-3.5', maintainMargin: '5' }), portfolio);
    assert.deepEqual([row.availableMargin, row.perpAvailableMargin, row.validMargin, row.updateAt, row.userId], ['0', '0', '100', 42, '1700000000000009']);
  });
});
