/**
 * Fees and broker (connex-api.md §4.9, decisions J1): the venues' fee schedules, the mark-ups a broker (a user
 * who has set one) puts on its sub-portfolios, the rates each portfolio pays, and the mark-ups collected.
 */
import { Type } from '@sinclair/typebox';
import { ApiError } from '../../catalogue/index.ts';
import { CHG_TYPES, FEE_INST_TYPES, formatEffDate, parseEffDate, parseMarkup, type ChgType, type FeeInstType, type Markup } from '../../domain/broker/index.ts';
import { MAIN_PORTFOLIO, type Portfolio } from '../../domain/identity/index.ts';
import { SIXTEEN_DIGITS } from '../../domain/ids.ts';
import { BUSINESS_TYPES, VENUES, type BusinessType, type VenueName } from '../../domain/market.ts';
import { ARCHIVE_DAYS, daysMs, HISTORY_UNAVAILABLE, RECENT_DAYS } from '../../store/history/queries/history-store.ts';
import { BrokerFeeRateRowSchema, brokerFeeRateRow, ClearingStatementRowSchema, clearingStatementRow, CollectionRecordRowSchema, collectionRecordRow, UserFeeRateRowSchema, userFeeRateRow } from '../../views/fees.ts';
import { MsNumber, Paged, Strict } from '../../views/schema.ts';
import { check, list, oneOf, page, text } from '../../wire/field-spec.ts';
import { pagedResult, type Page } from '../../wire/fields.ts';
import { ACTING_CODES, actorOf } from '../../wire/order-requests.ts';
import { timeRangeFields, type TimeRange } from '../../wire/time-range.ts';
import type { Call, Router } from '../router.ts';

const EXCHANGE = oneOf(VENUES, { invalid: 401023, description: 'Only this venue.' });
const INST_TYPE = oneOf(FEE_INST_TYPES, { description: 'Only this business type (MARGIN pays the SPOT rates and mark-up).' });
const MARKUP_CODES = [406005, 406003, 406004, 406008, 406006, 406007, 406002] as const;
const PORTFOLIO_ID = { pattern: SIXTEEN_DIGITS, invalid: 401000 } as const;

/** 406011 unless the caller's user is a broker. */
function assertBroker(call: Call<unknown>): void {
  if (!call.gateway.reads.isBroker(call.caller.user.userId)) throw new ApiError(406011);
}

function markupsOf({ chgType, chgTaker, chgMaker }: { chgType: ChgType; chgTaker?: string; chgMaker?: string }): { taker?: Markup; maker?: Markup } {
  if (chgTaker === undefined && chgMaker === undefined) throw new ApiError(406002);
  return { ...(chgTaker === undefined ? {} : { taker: parseMarkup(chgType, chgTaker) }), ...(chgMaker === undefined ? {} : { maker: parseMarkup(chgType, chgMaker) }) };
}

function effDateOf({ effDate }: { effDate?: string }): number | undefined {
  if (effDate === undefined) return undefined;
  const ms = parseEffDate(effDate);
  if (ms === null) throw new ApiError(406009);
  return ms;
}

const RECORD_FIELDS = {
  exchange: EXCHANGE,
  instType: oneOf(BUSINESS_TYPES, { description: 'Only fills of this business type.' }),
  coin: text({ maxLength: 32, description: 'Only this fee coin.', example: 'USDT' }),
  ...timeRangeFields('begin', 'end', () => ({ defaultSpanMs: daysMs(RECENT_DAYS), maxAgeMs: daysMs(ARCHIVE_DAYS) })),
  page: page(100, 1000),
};

export function brokerRoutes(router: Router): void {
  const routes = router.group('Fees and broker', 'Venue fee schedules, broker fee mark-ups on sub-portfolios and the mark-ups collected (connex-api.md §4.9, decisions J1).');

  routes.add({
    method: 'GET',
    url: '/api/v1/trading/userFeeRate',
    summary: 'The venues’ fee schedules',
    description:
      'Per venue and business type, the rates the venue charges, its syms grouped by rate (groupList; the top-level rates are group A’s). ' +
      'A broker user (one who has set a mark-up) reads its portfolios’ rates at broker/feeRate (406010 on its main portfolio’s key), and its ' +
      'sub-portfolios’ keys read theirs at broker/sub/feeRate (406012): the venue’s own rates are not shown to a broker’s clients.',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'userFeeRate',
    fields: {},
    response: Type.Array(UserFeeRateRowSchema),
    codes: [406010, 406012],
    handle({ caller, gateway }) {
      if (gateway.reads.isBroker(caller.user.userId)) throw new ApiError(caller.portfolio.belongingTo === MAIN_PORTFOLIO ? 406010 : 406012);
      return gateway.reads.feeSchedules().map(userFeeRateRow);
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/broker/subFeeRate',
    summary: 'Set a fee mark-up on sub-portfolios',
    description:
      'From effDate (00:00 UTC of that day; a day already begun: at once) or, without it, from the next full hour of venue time, every fill of the ' +
      'sub-portfolio (all sub-portfolios, those created later included, when portfolioId is absent) on the venue and instType pays the venue’s fee ' +
      'plus the mark-up, in the fee coin; the mark-up moves to the main portfolio’s account on the venue in the same step (BROKER_FEE statements, ' +
      'clearingStatement, collectionRecord). ABSOLUTE adds basis points of the notional (0–1000, 0.01 bp steps), PERCENTAGE adds a percentage of ' +
      'the venue’s rate (an integer, 0–10000). A side left out keeps what the target was to pay on it. A change replaces the target’s changes ' +
      'scheduled from its effDate on; of a sub-portfolio’s own and the all-sub-portfolios changes, the one that took effect last applies. ' +
      'MARGIN fills pay the SPOT mark-up. Setting one makes the user a broker.',
    permission: 'TRADE',
    scope: 'primary',
    rateGroup: 'brokerFee',
    fields: {
      portfolioId: text({ ...PORTFOLIO_ID, description: 'The sub-portfolio; absent: all of them.' }),
      exchange: oneOf(VENUES, { missing: 400009, invalid: 401023 }),
      instType: oneOf(FEE_INST_TYPES, { missing: 400009 }),
      chgType: oneOf(CHG_TYPES, { missing: 406001, invalid: 406001 }),
      chgTaker: text({ maxLength: 32, description: 'Taker mark-up: bp (ABSOLUTE) or percent of the venue rate (PERCENTAGE).', example: '1.5' }),
      chgMaker: text({ maxLength: 32, description: 'Maker mark-up, as chgTaker.' }),
      markups: check(MARKUP_CODES, 'chgTaker or chgMaker given, each a number within its chgType’s range and precision', markupsOf),
      effDate: text({ maxLength: 8, invalid: 406009, description: 'yyyyMMdd, today or later (UTC, venue time); absent: the next full hour.', example: '20261231' }),
      effAt: check([406009], 'effDate a real day', effDateOf),
    },
    response: Strict({ effDate: Type.String({ pattern: '^[0-9]{8}$' }), effTime: MsNumber({ description: 'When it takes effect, venue time.' }) }, { title: 'Mark-up scheduled' }),
    codes: [...ACTING_CODES, 406000, 406009],
    async handle({ values: { portfolioId, exchange, instType, markups, effAt }, caller, gateway }) {
      const { effAt: at } = await gateway.submit('setSubFeeRate', {
        userId: caller.user.userId,
        mainPortfolioId: caller.key.portfolioId,
        ...(portfolioId === undefined ? {} : { portfolioId }),
        venue: exchange,
        instType,
        ...markups,
        ...(effAt === undefined ? {} : { effDate: effAt }),
      });
      return { effDate: formatEffDate(at), effTime: at };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/broker/feeRate',
    summary: 'The rates a broker’s portfolios pay',
    description:
      'Per portfolio, venue and instType: the rates it pays from effDate on: for a sub-portfolio, the venue’s marked up by the last change scheduled ' +
      '(effDate may lie ahead); for the main portfolio, the venue’s. portfolio: that one and the main portfolio; portfolios: up to 20; neither: the main portfolio.',
    permission: 'READ',
    scope: 'primary',
    rateGroup: 'brokerFee',
    fields: {
      exchange: EXCHANGE,
      instType: INST_TYPE,
      portfolio: text({ ...PORTFOLIO_ID, description: 'This portfolio and the main portfolio.' }),
      portfolios: list({ maxItems: 20, invalid: 401000, parse: (ids) => (ids.every((id) => SIXTEEN_DIGITS.test(id)) ? [...new Set(ids)] : null), description: 'Up to 20 portfolio ids, comma-separated.' }),
    },
    response: Type.Array(BrokerFeeRateRowSchema),
    codes: [406011, ...ACTING_CODES],
    handle(call) {
      const { exchange, instType, portfolio, portfolios } = call.values;
      assertBroker(call);
      const main = call.caller.key.portfolioId;
      const ids = portfolios ?? (portfolio === undefined || portfolio === main ? [main] : [portfolio, main]);
      return ids.flatMap((id) => feeRateRows(call, call.gateway.reads.actingPortfolio(actorOf(id, call.caller)), exchange, instType));
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/broker/sub/feeRate',
    summary: 'The rates a broker’s sub-portfolio pays',
    description:
      'Per venue and instType two rows: the sub-portfolio’s (from its effDate on) and the main portfolio’s, which it pays until then. ' +
      'A sub-portfolio’s key reads its own; the broker’s primary key names the sub-portfolio (subPortfolioId).',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'brokerFee',
    fields: {
      exchange: EXCHANGE,
      instType: INST_TYPE,
      subPortfolioId: text({ pattern: SIXTEEN_DIGITS, invalid: 401102, description: 'The sub-portfolio: required with the primary key (402008); with a sub-portfolio’s key, its own if given.', example: '1732406400000001' }),
    },
    response: Type.Array(BrokerFeeRateRowSchema),
    codes: [406011, 402008, 401102],
    handle(call) {
      const { exchange, instType, subPortfolioId } = call.values;
      assertBroker(call);
      const own = feeRateRows(call, subPortfolioOf(call, subPortfolioId), exchange, instType);
      const main = feeRateRows(call, call.gateway.reads.portfolio(call.caller.user.mainPortfolioId)!, exchange, instType);
      return own.flatMap((row, i) => [row, main[i]]);
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/broker/clearingStatement',
    summary: 'Mark-ups cleared from sub-portfolios',
    description: 'Each fill of a sub-portfolio that paid a mark-up, with what it paid (BROKER_FEE), newest first; from the history store, 90 days kept.',
    permission: 'READ',
    scope: 'primary',
    rateGroup: 'brokerFee',
    fields: RECORD_FIELDS,
    response: Paged(ClearingStatementRowSchema),
    codes: [406011, HISTORY_UNAVAILABLE, 400003],
    async handle(call) {
      assertBroker(call);
      const { totalSize, list } = await brokerFees(call, call.values);
      return pagedResult(call.values.page, totalSize, list, clearingStatementRow);
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/broker/collectionRecord',
    summary: 'Mark-ups collected into the main portfolio',
    description: 'Each mark-up collected from a sub-portfolio’s fill into the main portfolio (at once: status SUCCESS), newest first; from the history store, 90 days kept.',
    permission: 'READ',
    scope: 'primary',
    rateGroup: 'brokerFee',
    fields: RECORD_FIELDS,
    response: Paged(CollectionRecordRowSchema),
    codes: [406011, HISTORY_UNAVAILABLE, 400003],
    async handle(call) {
      assertBroker(call);
      const { totalSize, list } = await brokerFees(call, call.values);
      return pagedResult(call.values.page, totalSize, list, collectionRecordRow);
    },
  });
}

/** A sub-portfolio key's own portfolio; for the primary key the trading portfolio of its user it names (absent: 402008; another: 401102). */
function subPortfolioOf({ caller, gateway }: Call<unknown>, subPortfolioId: string | undefined): Portfolio {
  if (!caller.key.primary) {
    if (subPortfolioId !== undefined && subPortfolioId !== caller.portfolio.portfolioId) throw new ApiError(401102);
    return caller.portfolio;
  }
  if (subPortfolioId === undefined) throw new ApiError(402008);
  const portfolio = gateway.reads.portfolio(subPortfolioId);
  if (!portfolio || portfolio.userId !== caller.user.userId || portfolio.belongingTo === MAIN_PORTFOLIO) throw new ApiError(401102);
  return portfolio;
}

function feeRateRows(call: Call<unknown>, portfolio: Portfolio, venue: VenueName | undefined, instType: FeeInstType | undefined) {
  return call.gateway.reads.portfolioFeeRates(portfolio, { venue, instType }).map(brokerFeeRateRow);
}

function brokerFees(call: Call<unknown>, values: { exchange?: VenueName; instType?: BusinessType; coin?: string; range: TimeRange; page: Page }) {
  const { exchange, instType, coin, range, page } = values;
  return call.gateway.history.brokerFees({ userId: call.caller.user.userId, venue: exchange, business: instType, coin, start: range.start, end: range.end }, page);
}
