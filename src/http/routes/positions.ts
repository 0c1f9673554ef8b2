/**
 * Perpetual positions (connex-api.md §4.3, decisions L5, L9, L10): the open ones from engine memory, the
 * closed ones from the history store, and closing them at market (one, or a batch).
 */
import { Type } from '@sinclair/typebox';
import { ApiError, type CatalogueCode } from '../../catalogue/index.ts';
import { normalizeSym, type Instrument } from '../../domain/instrument.ts';
import { VENUES, type VenueName } from '../../domain/market.ts';
import { ORDER_TERMS_CODES, POSITION_SIDES, type PositionSide } from '../../domain/orders/index.ts';
import { newPosition, type Position } from '../../domain/perp/index.ts';
import type { EngineReads } from '../../engine/reads.ts';
import { ARCHIVE_DAYS, daysMs, HISTORY_UNAVAILABLE, RECENT_DAYS } from '../../store/history/queries/history-store.ts';
import { ClosePositionAnswerSchema, closeRow, CloseRowSchema, PositionHistoryRowSchema, positionHistoryRow, PositionRowSchema, positionRow } from '../../views/position.ts';
import { Paged } from '../../views/schema.ts';
import { check, flag, list, oneOf, page, text } from '../../wire/field-spec.ts';
import { pagedResult } from '../../wire/fields.ts';
import { ACTING_CODES, ACTING_PORTFOLIO, actorOf, SYM_FIELD, SYM_RULE } from '../../wire/order-requests.ts';
import { timeRangeFields } from '../../wire/time-range.ts';
import type { Call, Router } from '../router.ts';

/** The most syms one batch close takes. */
const MAX_BATCH_SYMS = 20;
/** The TP/SL fields of an order, which a close refuses (401101). */
const TPSL_FIELDS = ['tpTriggerPrice', 'tpTriggerType', 'tpPrice', 'slTriggerPrice', 'slTriggerType', 'slPrice'] as const;

/** A sym that names no listed instrument → 401011 (text that is no sym at all: 400000); one of another business type → 401041. */
const PERP_CODES: readonly CatalogueCode[] = [401011, 401041];

function perpNamed(reads: EngineReads, sym: string | undefined): Instrument | undefined {
  if (sym === undefined) return undefined;
  const instrument = reads.instrument(sym);
  if (instrument.business !== 'PERP') throw new ApiError(401041);
  return instrument;
}

/** An optional sym, then the PERP instrument it names. */
const PERP_FILTER = {
  sym: text({ ...SYM_RULE, description: 'Only this perpetual.', example: 'BINANCE_PERP_BTC_USDT' }),
  instrument: check(PERP_CODES, 'the sym names a listed PERP instrument', ({ sym }: { sym?: string }, call: Call) => perpNamed(call.gateway.reads, sym)),
  exchange: oneOf(VENUES, { invalid: 401023, description: 'Only this venue.' }),
};

/** What placing the close order can answer (it is a MARKET order of the portfolio, decisions D4). */
const CLOSE_ORDER_CODES: readonly CatalogueCode[] = [
  401061,
  401045,
  401053,
  ...ORDER_TERMS_CODES,
  401046,
  401118,
  401044,
  401054,
  401043,
  401084,
  401112,
  401048,
  401047,
  401093,
  401119,
  401115,
  400011,
];

const POSITION_SIDE = oneOf(POSITION_SIDES, { invalid: 401096, description: 'BOTH mode: LONG or SHORT, the position to close (required). NET mode: ignored.', example: 'LONG' });

/** The sides a sym's positions take in a position mode. */
function sidesOf(mode: 'NET' | 'BOTH'): PositionSide[] {
  return mode === 'NET' ? ['NONE'] : ['LONG', 'SHORT'];
}

/** The portfolio's positions on the venues (of one sym when given), then a flat row for each side of each sym whose leverage it set that holds no position, unless `zeroFilter`. */
function positionRows(reads: EngineReads, portfolioId: string, venues: readonly VenueName[], sym: string | undefined, zeroFilter: boolean) {
  const accounts = venues.map((venue) => reads.marginAccount(portfolioId, venue));
  const held = accounts.flatMap((account) => account.positions.filter((risk) => sym === undefined || risk.position.sym === sym).map((risk) => ({ account, risk })));
  const tpsl = ({ sym, positionSide }: Position) => reads.positionTpsl(portfolioId, sym, positionSide);
  const rows = held.map(({ account, risk }) => positionRow(risk, reads.liquidationPrice(account, risk), tpsl(risk.position)));
  if (zeroFilter) return rows;
  for (const leveraged of reads.leverages(portfolioId)) {
    const account = accounts.find((a) => a.venue === reads.instrument(leveraged.sym).venue);
    if (!account || (sym !== undefined && leveraged.sym !== sym)) continue;
    for (const positionSide of sidesOf(account.positionMode)) {
      if (held.some(({ risk }) => risk.position.sym === leveraged.sym && risk.position.positionSide === positionSide)) continue;
      const flat = newPosition({ positionId: '', portfolioId, sym: leveraged.sym, venue: account.venue, positionSide }, 0);
      rows.push(positionRow(reads.positionRisk(flat), null, tpsl(flat)));
    }
  }
  return rows;
}

export function positionRoutes(router: Router): void {
  const routes = router.group('Positions', 'Perpetual positions: open, closed, and closing them at market (connex-api.md §4.3).');

  routes.add({
    method: 'GET',
    url: '/api/v1/trading/position',
    summary: 'Open perpetual positions',
    description:
      'From engine memory, at the marks of now: every open position (of the sym, of the venue), then a flat row for each side of each sym ' +
      'whose leverage was set that holds no position (NET mode: NONE; BOTH mode: LONG and SHORT), unless zeroFilter is "true".',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'positionRead',
    acting: true,
    fields: { ...PERP_FILTER, zeroFilter: flag({ description: '"true": only positions held (no flat rows).' }) },
    response: Type.Array(PositionRowSchema),
    codes: ACTING_CODES,
    handle(call) {
      const { instrument, exchange, zeroFilter = false } = call.values;
      const { portfolioId } = call.portfolio();
      const venues = VENUES.filter((venue) => (exchange === undefined || venue === exchange) && (instrument === undefined || venue === instrument.venue));
      return positionRows(call.gateway.reads, portfolioId, venues, instrument?.sym, zeroFilter);
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/trading/history/position',
    summary: 'Closed positions, newest close first',
    description: 'From the history store; begin and end bound the time a position closed (its updateAt), by default the last 7 days.',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'positionHistory',
    acting: true,
    fields: {
      ...PERP_FILTER,
      ...timeRangeFields('begin', 'end', () => ({ defaultSpanMs: daysMs(RECENT_DAYS), maxAgeMs: daysMs(ARCHIVE_DAYS) }), { start: 401039, end: 401040 }),
      page: page(1000, 1000),
    },
    response: Paged(PositionHistoryRowSchema),
    codes: [...ACTING_CODES, HISTORY_UNAVAILABLE, 400003],
    async handle(call) {
      const { values, gateway } = call;
      const portfolio = call.portfolio();
      const query = { portfolioId: portfolio.portfolioId, sym: values.instrument?.sym, exchange: values.exchange, begin: values.range.start, end: values.range.end };
      const { totalSize, list } = await gateway.history.closedPositions(query, values.page);
      return pagedResult(values.page, totalSize, list, (closed) => positionHistoryRow(closed, portfolio, gateway.reads.instrument(closed.position.sym)));
    },
  });

  routes.add({
    method: 'DELETE',
    url: '/api/v1/trading/position',
    summary: 'Close a position at market',
    description:
      'Places a MARKET order of the whole position (at most the venue’s market size: a larger position takes several closes), reduce-only ' +
      'in NET mode, the opposite side of the held positionSide in BOTH mode. Answered once journaled; the order and the position follow in ' +
      'the queries and pushes. For a limit close, place a reduce-only LIMIT order.',
    permission: 'TRADE',
    scope: 'any',
    rateGroup: 'positionClose',
    fields: {
      portfolioId: ACTING_PORTFOLIO,
      sym: SYM_FIELD,
      positionSide: POSITION_SIDE,
      ...Object.fromEntries(TPSL_FIELDS.map((name) => [name, text({ description: 'Refused: a close takes no TP/SL (401101).' })])),
      tpsl: check([401101], 'no TP/SL field comes with a close', (values: Record<string, unknown>) => {
        if (TPSL_FIELDS.some((name) => values[name] !== undefined)) throw new ApiError(401101);
      }),
    },
    response: ClosePositionAnswerSchema,
    codes: [...ACTING_CODES, 400000, ...PERP_CODES, 401091, 401097, 401038, ...CLOSE_ORDER_CODES],
    async handle({ values, caller, gateway }) {
      const { portfolioId, sym, positionSide } = values;
      return gateway.submit('closePosition', { actor: actorOf(portfolioId, caller), sym, positionSide });
    },
  });

  routes.add({
    method: 'DELETE',
    url: '/api/v1/trading/positions',
    summary: 'Close several positions at market',
    description:
      `Each sym of symList (up to ${MAX_BATCH_SYMS}), or with closeAllPos "true" every open position (of exchangeType when given), is closed ` +
      'as DELETE /api/v1/trading/position closes one; each answers a row of its own: a refused close changes nothing and says why in errorMsg.',
    permission: 'TRADE',
    scope: 'any',
    rateGroup: 'positionsClose',
    fields: {
      portfolioId: ACTING_PORTFOLIO,
      symList: list<string[]>({ maxItems: MAX_BATCH_SYMS, invalid: 400000, tooMany: 401104, parse: (syms) => syms.map(normalizeSym), description: `Comma-separated syms, at most ${MAX_BATCH_SYMS}.`, example: 'BINANCE_PERP_BTC_USDT,OKX_PERP_ETH_USDT' }),
      positionSide: POSITION_SIDE,
      closeAllPos: flag({ description: '"true": every open position; symList is then ignored.' }),
      exchangeType: oneOf(VENUES, { invalid: 401023, description: 'With closeAllPos: only this venue’s positions.' }),
      targets: check([400009], 'symList is given unless closeAllPos is "true"', ({ symList, closeAllPos }: { symList?: string[]; closeAllPos?: boolean }) => {
        if (!closeAllPos && (symList === undefined || symList.length === 0)) throw new ApiError(400009);
      }),
    },
    response: Type.Array(CloseRowSchema),
    codes: ACTING_CODES,
    async handle({ values, caller, gateway }) {
      const { portfolioId, symList = [], positionSide, closeAllPos = false, exchangeType } = values;
      const { rows } = await gateway.submit('closePositions', { actor: actorOf(portfolioId, caller), syms: symList, positionSide, closeAll: closeAllPos, venue: exchangeType });
      return rows.map(closeRow);
    },
  });
}
