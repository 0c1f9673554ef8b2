/**
 * MARGIN lending on the wire (connex-api.md §4.8; research-perps.md §3): loan tiers, the interest and
 * limit of each coin lent, the pool each venue lends from, the margin leverage of a coin, borrowing and repayment. Numbers are decimal strings, leverage too
 * (decisions L10); updateTime is a number (ms).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { LoanTerms, LoanTier } from '../domain/lending/index.ts';
import { VENUES, type VenueName } from '../domain/market.ts';
import { formatFixed } from '../domain/money.ts';
import type { Borrowed, Repaid } from '../engine/reads.ts';
import { Decimal, DecimalNumber, StringEnum, Strict } from './schema.ts';
import { decimalNumber, JsonNumber } from '../wire/json-number.ts';

const LEVERAGE = Type.String({ pattern: '^[1-9][0-9]*$', examples: ['10'] });

const TIER_FIELDS = {
  tier: Type.String({ pattern: '^[1-9][0-9]*$', description: '1 for the smallest debts (a string: connex-api.md §4.8 gives no type, and §1.5 makes that a string).', examples: ['1'] }),
  minSize: Decimal({ description: 'The tier’s floor (inclusive), in the coin.', examples: ['0'] }),
  maxSize: Decimal({ description: 'The tier’s cap (exclusive), in the coin: the most a leverage up to maxLeverage may owe.', examples: ['10'] }),
  mmRate: Decimal({ description: 'Maintenance margin of the debt’s value (debtMargin).', examples: ['0.05'] }),
  maxLeverage: LEVERAGE,
};

export const LoanTierSchema = Strict(TIER_FIELDS, { title: 'Loan tier' });

export const LoanInfoRowSchema = Strict({ exchangeType: StringEnum(VENUES), coin: Type.String({ examples: ['BTC'] }), ...TIER_FIELDS }, { title: 'Loan tier row (legacy)' });

export const LoanDetailSchema = Strict(
  { exchangeType: StringEnum(VENUES), coin: Type.String({ examples: ['BTC'] }), tiers: Type.Array(LoanTierSchema) },
  { title: 'Loan tiers of a margin sym' },
);

export const LoanDetailsBySymSchema = Type.Record(Type.String(), LoanDetailSchema, {
  title: 'Loan tiers by margin sym',
  description: 'Each MARGIN sym whose coin (base coin, or the coin named) the venue lends: that coin’s tiers, smallest first.',
});

export const InterestRowSchema = Strict(
  {
    level: Type.Integer({ minimum: 0, description: 'The user’s VIP level (0: every user here).' }),
    exchangeType: StringEnum(VENUES),
    coin: Type.String({ examples: ['USDT'] }),
    hourInterestRate: Decimal({ description: 'Simple interest per started hour of the amount owed.', examples: ['0.0000045'] }),
    loanLimit: Decimal({ description: 'The most a portfolio may owe of the coin (401085).', examples: ['3000000'] }),
    updateTime: Type.Integer({ description: 'Since when the rate holds (ms).' }),
  },
  { title: 'Borrow interest' },
);

export const MarginLeverageRowSchema = Strict(
  { coin: Type.String({ examples: ['BTC'] }), exchangeType: StringEnum(VENUES), leverage: LEVERAGE },
  { title: 'Margin leverage' },
);

function tierFields(tier: LoanTier) {
  return { tier: String(tier.tier), minSize: formatFixed(tier.minSize), maxSize: formatFixed(tier.maxSize), mmRate: formatFixed(tier.mmRate), maxLeverage: String(tier.maxLeverage) };
}

export function loanInfoRows(venue: VenueName, terms: LoanTerms): Static<typeof LoanInfoRowSchema>[] {
  return terms.tiers.map((tier) => ({ exchangeType: venue, coin: terms.coin, ...tierFields(tier) }));
}

export function loanDetail(venue: VenueName, terms: LoanTerms): Static<typeof LoanDetailSchema> {
  return { exchangeType: venue, coin: terms.coin, tiers: terms.tiers.map(tierFields) };
}

export function interestRow(venue: VenueName, terms: LoanTerms, updateTime: number): Static<typeof InterestRowSchema> {
  return { level: 0, exchangeType: venue, coin: terms.coin, hourInterestRate: formatFixed(terms.hourInterestRate), loanLimit: formatFixed(terms.loanLimit), updateTime };
}

export function marginLeverageRow(venue: VenueName, coin: string, leverage: number): Static<typeof MarginLeverageRowSchema> {
  return { coin, exchangeType: venue, leverage: String(leverage) };
}

export const RepaidSchema = Strict(
  {
    orderId: Type.String({ pattern: '^[0-9]+$' }),
    repaid: DecimalNumber({ description: 'What was paid back: the amount asked, or what was owed when less.' }),
    interestPaid: DecimalNumber({ description: 'Always 0: interest is charged hourly as it falls due.' }),
    loanBalance: DecimalNumber({ description: 'What is still owed of the coin.' }),
    availableBalance: DecimalNumber(),
    timestamp: Type.Integer({ description: 'Venue time (ms).' }),
  },
  { title: 'Loan repayment' },
);

export function repaidView(repaid: Repaid): Static<typeof RepaidSchema> {
  return {
    orderId: repaid.orderId,
    repaid: decimalNumber(repaid.repaid),
    interestPaid: new JsonNumber('0'),
    loanBalance: decimalNumber(repaid.loanBalance),
    availableBalance: decimalNumber(repaid.availableBalance),
    timestamp: repaid.timestamp,
  };
}

export const LoanPoolRowSchema = Strict(
  {
    exchangeType: StringEnum(VENUES),
    coin: Type.String({ examples: ['USDT'] }),
    maxAviLoan: Decimal({ description: 'The most a portfolio may owe of the coin (loanLimit, 401085).', examples: ['3000000'] }),
    hourInterestRate: Decimal({ description: 'Simple interest per started hour of the amount owed.', examples: ['0.0000045'] }),
  },
  { title: 'Loan pool' },
);

export function loanPoolRow(venue: VenueName, terms: LoanTerms): Static<typeof LoanPoolRowSchema> {
  return { exchangeType: venue, coin: terms.coin, maxAviLoan: formatFixed(terms.loanLimit), hourInterestRate: formatFixed(terms.hourInterestRate) };
}

export const BorrowedSchema = Strict(
  {
    orderId: Type.String({ pattern: '^[0-9]+$' }),
    borrowed: DecimalNumber({ description: 'The amount asked, now owed and available.' }),
    loanBalance: DecimalNumber({ description: 'What is owed of the coin now.' }),
    availableBalance: DecimalNumber(),
    timestamp: Type.Integer({ description: 'Venue time (ms).' }),
  },
  { title: 'Loan borrow' },
);

export function borrowedView(borrowed: Borrowed): Static<typeof BorrowedSchema> {
  return {
    orderId: borrowed.orderId,
    borrowed: decimalNumber(borrowed.borrowed),
    loanBalance: decimalNumber(borrowed.loanBalance),
    availableBalance: decimalNumber(borrowed.availableBalance),
    timestamp: borrowed.timestamp,
  };
}
