/**
 * MARGIN lending (connex-api.md §4.8; research-perps.md §3; decisions K1): the loan tiers and interest of
 * the coins each venue lends (dated data files), the margin leverage of a coin, which sets how much of
 * it an order may borrow, the pool each venue lends from, and borrowing and repayment (§4.11).
 */
import { Type } from '@sinclair/typebox';
import { ApiError } from '../../catalogue/index.ts';
import { loanTerms, loanTermsOf, LOAN_TERMS_DATE, type LoanTerms } from '../../domain/lending/index.ts';
import { VENUES, type VenueName } from '../../domain/market.ts';
import type { EngineReads } from '../../engine/reads.ts';
import {
  BorrowedSchema,
  borrowedView,
  InterestRowSchema,
  interestRow,
  LoanDetailsBySymSchema,
  loanDetail,
  LoanInfoRowSchema,
  loanInfoRows,
  LoanPoolRowSchema,
  loanPoolRow,
  MarginLeverageRowSchema,
  marginLeverageRow,
  RepaidSchema,
  repaidView,
} from '../../views/lending.ts';
import { Empty, Paged } from '../../views/schema.ts';
import { paged } from '../../wire/fields.ts';
import { check, decimal, integer, oneOf, page, text } from '../../wire/field-spec.ts';
import { ACTING_CODES, ACTING_PORTFOLIO, actorOf, CLIENT_ORDER_ID_RULE } from '../../wire/order-requests.ts';
import type { Router } from '../router.ts';

interface Lent {
  venue: VenueName;
  terms: LoanTerms;
}

/** The coins lent on the venue named (or both), or the coin named alone (401087: one not lent there). */
function lentCoins({ exchangeType, coin }: { exchangeType?: VenueName; coin?: string }): Lent[] {
  const venues = exchangeType ? [exchangeType] : VENUES;
  return venues.flatMap((venue) => (coin === undefined ? loanTermsOf(venue) : [loanTerms(venue, coin)]).map((terms) => ({ venue, terms })));
}

/** Each MARGIN sym keyed to the tiers of its base coin, or of the coin named when the sym trades it. */
function detailsBySym(reads: EngineReads, lent: readonly Lent[], coin: string | undefined) {
  const entries = [...reads.market.instruments()]
    .filter((instrument) => instrument.business === 'MARGIN')
    .map((instrument) => {
      const wanted = coin === undefined ? instrument.base : [instrument.base, instrument.quote].find((c) => c === coin);
      const found = lent.find((l) => l.venue === instrument.venue && l.terms.coin === wanted);
      return found ? [instrument.sym, loanDetail(found.venue, found.terms)] : undefined;
    });
  return Object.fromEntries(entries.filter((entry) => entry !== undefined));
}

const FILTER_FIELDS = {
  exchangeType: oneOf(VENUES, { invalid: 401023, description: 'Only this venue.' }),
  coin: text({ description: 'Only this coin.', example: 'BTC' }),
  lent: check([401087], 'the coin is one the venue lends', (values: { exchangeType?: VenueName; coin?: string }) => lentCoins(values)),
};

/** The body of a borrow or a repayment. */
const LOAN_FIELDS = {
  portfolioId: ACTING_PORTFOLIO,
  exchange: oneOf(VENUES, { missing: 400009, invalid: 401023, example: 'BINANCE' }),
  coin: text({ missing: 400009, description: 'A coin the venue lends.', example: 'USDT' }),
  amount: decimal({ missing: 400009, invalid: 400000, description: 'Above 0.', example: '100' }),
  clientOrderId: text({ ...CLIENT_ORDER_ID_RULE, wrongType: 400000, description: 'The client’s id for it, shown in loan/orders: letters and digits, fewer than 64. Absent: the orderId.', example: 'loan1' }),
};

export function lendingRoutes(router: Router): void {
  const routes = router.group('Margin lending', 'Loan tiers, interest and margin leverage of the coins the venues lend to MARGIN orders (connex-api.md §4.8, decisions K1).');

  routes.add({
    method: 'GET',
    url: '/api/v1/trading/loan/info',
    summary: 'Loan tiers, one row per coin and tier (deprecated)',
    description: 'Every coin each venue lends, or those named: its tiers by debt size in the coin. Deprecated form of GET /api/v1/trading/loan/info_detail.',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'loanInfo',
    fields: FILTER_FIELDS,
    response: Type.Array(LoanInfoRowSchema),
    handle: ({ values: { lent } }) => lent.flatMap(({ venue, terms }) => loanInfoRows(venue, terms)),
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/trading/loan/info_detail',
    summary: 'Loan tiers, keyed by margin sym',
    description:
      'Each MARGIN sym with the tiers of its base coin, or, with coin, of that coin for every margin sym trading it. A tier’s maxSize is the most ' +
      'a margin leverage up to its maxLeverage may owe (401086); its mmRate the maintenance margin of the debt.',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'loanInfo',
    fields: FILTER_FIELDS,
    response: LoanDetailsBySymSchema,
    handle: ({ values: { lent, coin }, gateway }) => detailsBySym(gateway.reads, lent, coin),
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/interest/user',
    summary: 'Borrow interest and limit of each coin lent',
    description: 'The hourly interest rate charged on what is owed (every started hour) and the most a portfolio may owe, per venue and coin.',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'loanRead',
    fields: { exchangeType: FILTER_FIELDS.exchangeType, lent: FILTER_FIELDS.lent },
    response: Type.Array(InterestRowSchema),
    handle: ({ values: { lent } }) => lent.map(({ venue, terms }) => interestRow(venue, terms, LOAN_TERMS_DATE)),
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/trading/loan/pool',
    summary: 'What each venue lends of each coin',
    description: 'Per venue and coin lent: the most a portfolio may owe of it (maxAviLoan, 401085) and the hourly interest rate charged on what is owed.',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'loanPool',
    fields: FILTER_FIELDS,
    response: Type.Array(LoanPoolRowSchema),
    handle: ({ values: { lent } }) => lent.map(({ venue, terms }) => loanPoolRow(venue, terms)),
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/trading/margin/leverage',
    summary: 'The margin leverage of each coin lent',
    description: 'The leverage the portfolio set for the coin, or the highest its loan tiers allow when it set none.',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'leverage',
    acting: true,
    fields: { ...FILTER_FIELDS, page: page(1000, 1000) },
    response: Paged(MarginLeverageRowSchema),
    codes: [400003],
    handle(call) {
      const portfolioId = call.portfolio().portfolioId;
      return paged(call.values.lent, call.values.page, ({ venue, terms }) => marginLeverageRow(venue, terms.coin, call.gateway.reads.marginLeverage(portfolioId, venue, terms.coin)));
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/trading/margin/leverage',
    summary: 'Set the margin leverage of a coin',
    description:
      'From 1 to the highest maxLeverage of the coin’s loan tiers (401034). What the portfolio owes of the coin must stay within the new ' +
      'leverage’s tier cap (401086), and all it owes within the new borrowing power, (leverage − 1) × equity (401036).',
    permission: 'TRADE',
    scope: 'any',
    rateGroup: 'leverage',
    fields: {
      portfolioId: ACTING_PORTFOLIO,
      exchangeType: oneOf(VENUES, { missing: 400009, invalid: 401023, example: 'BINANCE' }),
      coin: text({ missing: 400009, description: 'A coin the venue lends.', example: 'BTC' }),
      leverage: integer({ missing: 400009, invalid: 401033, min: 1, description: 'A positive integer.', example: '5' }),
    },
    response: Empty,
    codes: [...ACTING_CODES, 401087, 401034, 401118, 401086, 401036],
    async handle({ values: { portfolioId, exchangeType, coin, leverage }, caller, gateway }) {
      return gateway.submit('setMarginLeverage', { actor: actorOf(portfolioId, caller), venue: exchangeType, coin, leverage });
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/trading/rapidxLoan/loan/borrow',
    summary: 'Borrow a coin into the account',
    description:
      'Owes amount more of the coin and makes it available, within the limits a MARGIN order borrows within: the coin lent (401087), the ' +
      'loanLimit (401085), the tier cap of the coin’s margin leverage (401086) and the borrowing power, (leverage − 1) × equity (401085). ' +
      'Interest is charged hourly on what is owed. Decimals are strings (decisions L10).',
    permission: 'TRADE',
    scope: 'any',
    rateGroup: 'loanWrite',
    fields: LOAN_FIELDS,
    response: BorrowedSchema,
    codes: [...ACTING_CODES, 400000, 401001, 401051, 401087, 401118, 401085, 401086],
    async handle({ values: { portfolioId, exchange, coin, amount, clientOrderId }, caller, gateway }) {
      if (amount <= 0n) throw new ApiError(400000);
      return borrowedView(await gateway.submit('borrowLoan', { actor: actorOf(portfolioId, caller), venue: exchange, coin, amount, clientOrderId }));
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/trading/rapidxLoan/loan/repay',
    summary: 'Repay what the portfolio owes of a coin',
    description:
      'Pays back up to amount of the coin’s debt from what is available of it (401055 when not enough is). A fill that brings the coin back ' +
      'repays first on its own; interest is charged hourly as it falls due (DEDUCT_INTEREST), so interestPaid is 0. Decimals are strings (decisions L10).',
    permission: 'TRADE',
    scope: 'any',
    rateGroup: 'loanWrite',
    fields: LOAN_FIELDS,
    response: RepaidSchema,
    codes: [...ACTING_CODES, 400000, 401001, 401051, 401087, 401055],
    async handle({ values: { portfolioId, exchange, coin, amount, clientOrderId }, caller, gateway }) {
      if (amount <= 0n) throw new ApiError(400000);
      return repaidView(await gateway.submit('repayLoan', { actor: actorOf(portfolioId, caller), venue: exchange, coin, amount, clientOrderId }));
    },
  });
}
