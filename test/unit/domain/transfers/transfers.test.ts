import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFixed, type Amount, type Price, type Rate } from '../../../../src/domain/money.ts';
import { maxTransferable } from '../../../../src/domain/accounts/index.ts';
import { depositAddress, depositAddressId, depositStatus, MOVEMENT_STAGES, networkOf, stagesOfStatus, transferStatus, withdrawalStatus } from '../../../../src/domain/transfers/index.ts';

const amount = (text: string) => parseFixed<'amount'>(text)! as Amount;

describe('money movement rules', () => {
  it('numbers each stage the way its endpoint does (§6), and a status back to its stages', () => {
    assert.deepEqual(MOVEMENT_STAGES.map(transferStatus), [0, 0, 1, 2, 2]);
    assert.deepEqual(MOVEMENT_STAGES.map(depositStatus), [2, 2, 3, 4, 4]);
    assert.deepEqual(MOVEMENT_STAGES.map(withdrawalStatus), [1, 2, 3, 4, 5]);
    assert.deepEqual(stagesOfStatus(transferStatus, 2), ['FAILED', 'REJECTED']);
  });

  it('gives a user, coin and network one address, in the network’s spelling, with a 16-digit id a JSON number holds', () => {
    const address = depositAddress('1764000000000001', 'USDT', 'ERC20');
    assert.equal(address, depositAddress('1764000000000001', 'USDT', 'ERC20'));
    assert.match(address, /^0x[0-9a-f]{40}$/);
    assert.notEqual(address, depositAddress('1764000000000002', 'USDT', 'ERC20'));
    assert.match(depositAddress('1764000000000001', 'BTC', 'BTC'), /^bc1q/);
    const id = depositAddressId(address);
    assert.match(id, /^[0-9]{16}$/);
    assert.ok(Number.isSafeInteger(Number(id)));
  });

  it('knows the chains of a coin and their fees', () => {
    assert.equal(networkOf('USDT', 'TRC20')?.fee, amount('1'));
    assert.equal(networkOf('BTC', 'TRC20'), undefined);
  });

  it('maxTransferable: available, bounded by the margin the account can spare, never below 0', () => {
    const coin = { balance: { available: amount('1000') }, indexPrice: parseFixed<'price'>('1')! as Price, discount: parseFixed<'rate'>('1')! as Rate };
    const spare = { availableMargin: amount('5000'), validMargin: amount('5000'), maintainMargin: amount('0') };
    assert.equal(maxTransferable(spare, coin), amount('1000'));
    assert.equal(maxTransferable({ ...spare, availableMargin: amount('300') }, coin), amount('300'));
    assert.equal(maxTransferable({ ...spare, maintainMargin: amount('1600') }, coin), amount('200'), '(validMargin − 3 × maintainMargin)');
    assert.equal(maxTransferable({ ...spare, availableMargin: amount('-10') }, coin), amount('0'));
    assert.equal(maxTransferable(spare, { ...coin, indexPrice: 0n as Price }), amount('1000'), 'no price: available');
  });
});
