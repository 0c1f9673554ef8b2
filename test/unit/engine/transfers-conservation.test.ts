/**
 * Property: moving money creates and destroys nothing. Seeded random transfers (funding ↔ venue accounts,
 * between venues, between portfolios, some on a chain, some refused), on-chain deposits, withdrawals, the
 * operator failing some, and ticks that confirm them; after every command, per coin, what the users' funding
 * and venue accounts hold, plus the network fees the venues kept, plus what is in flight (deposits
 * confirming, chain transfers travelling) equals what came in minus what left. A refused command changes
 * nothing, and a replay of the journal gives the same state.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../../../src/catalogue/index.ts';
import { add, parseFixed, sub, ZERO, type Amount } from '../../../src/domain/money.ts';
import { VENUES } from '../../../src/domain/market.ts';
import { amountReceived, depositAddress, NETWORKS } from '../../../src/domain/transfers/index.ts';
import { Engine } from '../../../src/engine/core/engine.ts';
import type { Command } from '../../../src/engine/core/commands.ts';
import type { Actor } from '../../../src/engine/identity/index.ts';
import type { AccountType } from '../../../src/engine/transfers/index.ts';
import { encode } from '../../../src/store/journal/codec.ts';
import { newRng, nextFloat, nextInt, type RngState } from '../../../src/venues/sim/random/rng.ts';

const OPERATIONS = 1500;
const COINS = ['USDT', 'BTC', 'ETH', 'USDC'];
const AMOUNTS: Record<string, string[]> = {
  USDT: ['5', '120.5', '2500', '40000', '0.0000001', '-3', '0.5'],
  BTC: ['0.001', '0.25', '1.5', '0.000000001', '0.00001'],
  ETH: ['0.01', '2', '30', '0.0001'],
  USDC: ['10', '900', '15000'],
};

interface Run {
  applied: Record<string, number>;
  refused: number;
  journal: { ts: number; command: Command }[];
  finalState: string;
}

function pick<T>(rng: RngState, items: readonly T[]): T {
  return items[nextInt(rng, items.length)];
}

function run(seed: number): Run {
  const engine = new Engine();
  const rng = newRng(seed);
  let ts = 1_764_000_000_000;
  const journal: Run['journal'] = [];
  const cameIn = new Map<string, Amount>();
  const left = new Map<string, Amount>();
  const bump = (map: Map<string, Amount>, coin: string, amount: Amount) => map.set(coin, add(map.get(coin) ?? ZERO, amount));
  const apply = (command: Command) => {
    const result = engine.apply((ts += 1 + nextInt(rng, 2000)), command as never);
    journal.push({ ts, command: structuredClone(command) });
    for (const event of result.events) {
      if (event.type === 'moneyMoved' && event.movement.kind === 'WITHDRAWAL' && event.movement.stage === 'SUCCEEDED') bump(left, event.movement.coin, amountReceived(event.movement));
    }
    return result;
  };

  const users = [0, 1].map((n) => {
    const { user } = apply({ type: 'createUser', payload: { name: `prop${n}`, primaryKey: { accessKey: String(n).repeat(64), secret: { iv: '', tag: '', data: '' } } } }).result as any;
    const portfolioIds: string[] = [user.mainPortfolioId];
    for (let i = 0; i < 2; i++) portfolioIds.push((apply({ type: 'createPortfolio', payload: { userId: user.userId, name: `Prop${n}x${i}abc` } }).result as any).portfolio.portfolioId);
    return { userId: user.userId as string, mainPortfolioId: user.mainPortfolioId as string, portfolioIds };
  });
  for (const user of users) {
    for (const coin of COINS) {
      const amount = parseFixed<'amount'>(coin === 'BTC' ? '10' : coin === 'ETH' ? '100' : '100000')!;
      apply({ type: 'creditDeposit', payload: { portfolioId: user.mainPortfolioId, venue: 'BINANCE', coin, amount } });
      bump(cameIn, coin, amount);
    }
  }

  const actorOf = (user: (typeof users)[number]): Actor => {
    const primary = nextFloat(rng) < 0.8;
    return { userId: user.userId, keyPortfolioId: primary ? user.mainPortfolioId : pick(rng, user.portfolioIds), primary };
  };
  /** An account name: mostly the user's own, sometimes another user's or nonsense. */
  const accountName = (user: (typeof users)[number]): { id?: string; type?: AccountType } => {
    const roll = nextFloat(rng);
    if (roll < 0.3) return { id: user.userId, type: nextFloat(rng) < 0.8 ? undefined : 'FUNDING' };
    if (roll < 0.9) return { id: pick(rng, user.portfolioIds), type: nextFloat(rng) < 0.95 ? pick(rng, VENUES) : undefined };
    if (roll < 0.96) return { id: pick(rng, users.find((u) => u !== user)!.portfolioIds), type: pick(rng, VENUES) };
    return { id: nextFloat(rng) < 0.5 ? undefined : '12345', type: 'OKX' };
  };
  const amountOf = (coin: string): Amount => parseFixed<'amount'>(pick(rng, AMOUNTS[coin]))!;

  function randomCommand(): Command {
    const roll = nextFloat(rng);
    const user = pick(rng, users);
    const coin = pick(rng, COINS);
    if (roll < 0.12) return { type: 'tick', payload: { elapsedMs: nextFloat(rng) < 0.2 ? 0 : 1000 + nextInt(rng, 240_000) } };
    if (roll < 0.22) {
      const network = pick(rng, NETWORKS.filter((n) => n.coin === coin));
      const address = nextFloat(rng) < 0.95 ? depositAddress(user.userId, coin, network.network) : 'nobody';
      return { type: 'creditOnchainDeposit', payload: { address, currency: coin, network: network.network, amount: amountOf(coin) } };
    }
    if (roll < 0.32) {
      const network = pick(rng, NETWORKS.filter((n) => n.coin === coin)).network;
      const from = accountName(user);
      return { type: 'applyWithdrawal', payload: { actor: actorOf(user), accountId: from.id, fromAccountType: from.type, currency: coin, network, address: 'bc1qdest', amount: amountOf(coin), clientOrderId: nextFloat(rng) < 0.3 ? `w${nextInt(rng, 5)}` : undefined } };
    }
    if (roll < 0.36) {
      const inFlight = [...engine.state.transfers.inFlight.values()].filter((m) => m.kind === 'WITHDRAWAL');
      return { type: 'failWithdrawal', payload: { withdrawalId: inFlight.length > 0 && nextFloat(rng) < 0.9 ? pick(rng, inFlight).id : '1' } };
    }
    if (roll < 0.39) return { type: 'setDepositExchange', payload: { actor: actorOf(user), exchange: pick(rng, VENUES) } };
    const from = accountName(user);
    const to = accountName(user);
    const network = nextFloat(rng) < 0.2 ? pick(rng, NETWORKS.filter((n) => n.coin === coin)).network : undefined;
    const requestId = nextFloat(rng) < 0.3 ? `r${nextInt(rng, 8)}` : undefined;
    return {
      type: 'applyTransfer',
      payload: { actor: actorOf(user), fromTradeAccountId: from.id, fromAccountType: from.type, toTradeAccountId: to.id, toAccountType: to.type, currency: coin, amount: amountOf(coin), network, requestId },
    };
  }

  function assertConserved(): void {
    const held = new Map<string, Amount>();
    const hold = (coin: string, amount: Amount) => held.set(coin, add(held.get(coin) ?? ZERO, amount));
    for (const user of users) {
      for (const portfolioId of user.portfolioIds) {
        for (const venue of VENUES) {
          for (const [coin, balance] of engine.state.portfolios.get(portfolioId)!.accounts[venue].balances) {
            assert.ok(balance.available >= 0n && balance.frozen >= 0n && balance.overdraw === 0n, `negative ${coin} in ${portfolioId}`);
            hold(coin, add(balance.available, balance.frozen));
          }
        }
      }
      for (const [coin, balance] of engine.state.transfers.funding.get(user.userId)?.balances ?? []) {
        assert.ok(balance.available >= 0n && balance.frozen >= 0n, `negative funding ${coin}`);
        hold(coin, add(balance.available, balance.frozen));
      }
    }
    for (const [coin, fee] of engine.state.transfers.networkFees) hold(coin, fee);
    for (const movement of engine.state.transfers.inFlight.values()) if (movement.kind !== 'WITHDRAWAL') hold(movement.coin, movement.amount);
    for (const coin of new Set([...held.keys(), ...cameIn.keys()])) {
      assert.equal(held.get(coin) ?? 0n, sub(cameIn.get(coin) ?? ZERO, left.get(coin) ?? ZERO), `conservation of ${coin}`);
    }
  }

  const applied: Record<string, number> = {};
  let refused = 0;
  for (let i = 0; i < OPERATIONS; i++) {
    const command = randomCommand();
    const before = i % 4 === 0 ? encode(engine.state) : undefined;
    try {
      apply(command);
      applied[command.type] = (applied[command.type] ?? 0) + 1;
      if (command.type === 'creditOnchainDeposit') bump(cameIn, command.payload.currency, command.payload.amount);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (before !== undefined) assert.equal(encode(engine.state), before, `refused ${command.type} (${error.code}) changed the state`);
      refused++;
    }
    assertConserved();
  }
  return { applied, refused, journal, finalState: encode(engine.state) };
}

describe('conservation of money moving in, out and between accounts', () => {
  for (const seed of [1, 2]) {
    // Seconds of CPU per seed (it checks every coin after each command): more than the suite's default timeout on a busy machine.
    it(`seed ${seed}: every coin is accounted for after each of ${OPERATIONS} commands, refusals change nothing, a replay gives the same state`, { timeout: 600_000 }, () => {
      const { applied, refused, journal, finalState } = run(seed);
      for (const type of ['applyTransfer', 'creditOnchainDeposit', 'applyWithdrawal', 'failWithdrawal', 'tick']) assert.ok((applied[type] ?? 0) > 5, `${type} applied ${applied[type] ?? 0} times`);
      assert.ok(refused > 100, `refused ${refused}`);
      const replayed = new Engine();
      for (const { ts, command } of journal) replayed.apply(ts, command as never);
      assert.equal(encode(replayed.state), finalState);
    });
  }
});
