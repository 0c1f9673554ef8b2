/**
 * Perpetual positions as the API shows them (connex-api.md §4.3, decisions L9, L10): the live row (REST
 * and the `Positions` push), the closed one (position history) and the answers of the closes. Leverage
 * is a string here; liqPrice is "" when no mark liquidates the account, never null.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { AlgoOrder } from '../domain/algo/index.ts';
import type { Portfolio } from '../domain/identity/index.ts';
import { baseQty, type Instrument } from '../domain/instrument.ts';
import { abs, div, formatFixed, roundTo, ZERO, type Amount, type Price } from '../domain/money.ts';
import { POSITION_SIDES } from '../domain/orders/index.ts';
import { initialMargin, maxLeverageOf, POSITION_MODES } from '../domain/perp/index.ts';
import type { CloseRow, PositionRisk } from '../engine/reads.ts';
import type { ClosedPosition } from '../store/history/queries/history-store.ts';
import { AlgoViewSchema, algoView } from './algo.ts';
import { DecimalOrEmpty } from './market.ts';
import { averagePrice } from './order.ts';
import { Decimal, Id16, MsText, StringEnum, Strict } from './schema.ts';

const SYM = Type.String({ examples: ['BINANCE_PERP_BTC_USDT'] });
const WholeNumber = (description: string) => Type.String({ pattern: '^[1-9][0-9]*$', examples: ['10'], description });
/** A position's id, or "" where there is none. */
const IdOrEmpty = (description: string) => Type.String({ pattern: '^([0-9]{16})?$', description });

/** unrealizedPNLRate and closedPnlRatio carry this many decimals. */
const RATIO_DECIMALS = 8;
/** liqPrice carries the decimals of decisions L9's example (90361.4458), or the sym's price decimals where they are more. */
const LIQ_PRICE_DECIMALS = 4;

export const PositionRowSchema = Strict(
  {
    positionId: IdOrEmpty('"" on the row of a sym whose leverage is set but holds no position.'),
    portfolioId: Id16(),
    sym: SYM,
    positionSide: StringEnum(POSITION_SIDES, { description: 'NONE in NET mode; LONG or SHORT in BOTH mode.' }),
    positionMargin: Decimal({ description: 'Initial margin: positionValue / leverage (quote coin).' }),
    positionMM: Decimal({ description: "Maintenance margin of the position's tier (quote coin)." }),
    positionQty: Decimal({ description: 'Signed: + long, − short; contracts on OKX, coin on BINANCE.' }),
    positionValue: Decimal({ description: '|positionQty| × contract size × mark (quote coin).' }),
    unrealizedPNL: Decimal({ description: 'What closing at the mark would realize.' }),
    unrealizedPNLRate: Decimal({ description: `unrealizedPNL / positionMargin, ${RATIO_DECIMALS} decimals; 0 without margin.` }),
    avgPrice: Decimal({ description: 'Average entry price of the open size; 0 when flat.' }),
    markPrice: Decimal(),
    leverage: WholeNumber('The leverage set for the sym.'),
    maxLeverage: WholeNumber("The sym's highest leverage (its first tier's)."),
    riskLevel: WholeNumber('The tier the position falls in.'),
    fee: Decimal({ description: 'Trading fees paid while the position was open (quote coin).' }),
    fundingFee: Decimal({ description: 'Funding received (+) and paid (−) while the position was open.' }),
    createAt: MsText({ description: '0 on a row without a position.' }),
    updateAt: MsText({ description: '0 on a row without a position.' }),
    liqPrice: DecimalOrEmpty({
      description: `The mark at which the account's uniMMR would reach the liquidation level, everything else fixed (decisions L9); "" when none. ${LIQ_PRICE_DECIMALS} decimals, or the sym's price decimals where they are more.`,
    }),
    tpslOrder: Type.Array(AlgoViewSchema, { description: 'The open ATTACHED_TPSL algo orders that close this position (decisions M2): those of its orders’ tp/sl fields.' }),
  },
  { title: 'Position' },
);

/** `risk`: the position at the marks of now (a flat one for a sym without a position); `liqPrice` of the account it is in; `tpsl`: the TP/SL attached to close it. */
export function positionRow(risk: PositionRisk, liqPrice: Price | null, tpsl: readonly AlgoOrder[]): Static<typeof PositionRowSchema> {
  const { position, instrument } = risk;
  return {
    positionId: position.positionId,
    portfolioId: position.portfolioId,
    sym: position.sym,
    positionSide: position.positionSide,
    positionMargin: formatFixed(risk.initialMargin),
    positionMM: formatFixed(risk.maintenance),
    positionQty: formatFixed(position.qty),
    positionValue: formatFixed(risk.notional),
    unrealizedPNL: formatFixed(risk.upnl),
    unrealizedPNLRate: ratio(risk.upnl, risk.initialMargin),
    avgPrice: averagePrice(position.openCost, baseQty(instrument, abs(position.qty))),
    markPrice: formatFixed(risk.mark),
    leverage: String(risk.leverage),
    maxLeverage: String(maxLeverageOf(risk.table)),
    riskLevel: String(risk.tier.riskLevel),
    fee: formatFixed(position.fee),
    fundingFee: formatFixed(position.fundingFee),
    createAt: String(position.createAt),
    updateAt: String(position.updateAt),
    liqPrice: liqPrice === null ? '' : formatFixed(roundTo(liqPrice, Math.max(instrument.pricePrecision, LIQ_PRICE_DECIMALS), 'halfUp')),
    tpslOrder: tpsl.map((algo) => algoView(algo, instrument)),
  };
}

export const PositionHistoryRowSchema = Strict(
  {
    positionId: Id16(),
    portfolioId: Id16(),
    portfolioName: Type.String(),
    sym: SYM,
    closedType: StringEnum(['COMPLETE_CLOSED', 'LIQUIDATED', 'ADL'] as const, {
      description: 'COMPLETE_CLOSED: closed by its owner; LIQUIDATED: closed by the liquidation of its account; ADL: deleveraged against another account’s liquidation.',
    }),
    closedPnl: Decimal({ description: 'PnL its closes realized, fees apart (quote coin).' }),
    closedPnlRatio: Decimal({ description: `closedPnl / (what it opened at ÷ leverage), ${RATIO_DECIMALS} decimals.` }),
    closedAvgPrice: Decimal({ description: 'Average price of its closes.' }),
    maxPositionQty: Decimal({ description: 'The largest |positionQty| it reached.' }),
    closedQty: Decimal(),
    liqFee: Decimal({ description: 'Liquidation fees charged against it (LIQUIDATION_FEE), 0 when none.' }),
    fundingFee: Decimal(),
    fee: Decimal(),
    leverage: WholeNumber('The leverage when it closed.'),
    openAvgPrice: Decimal({ description: 'Average price of what opened it.' }),
    positionHistorySide: StringEnum(['LONG', 'SHORT'] as const, { description: 'The direction it was held in.' }),
    positionMode: StringEnum(POSITION_MODES),
    createAt: MsText(),
    updateAt: MsText({ description: 'When it closed.' }),
  },
  { title: 'Closed position' },
);

/** `instrument`: the position's, for its sizes in base coin (the average prices). */
export function positionHistoryRow(closed: ClosedPosition, portfolio: Portfolio, instrument: Instrument): Static<typeof PositionHistoryRowSchema> {
  const { position } = closed;
  return {
    positionId: position.positionId,
    portfolioId: position.portfolioId,
    portfolioName: portfolio.name,
    sym: position.sym,
    closedType: position.closedBy ?? 'COMPLETE_CLOSED',
    closedPnl: formatFixed(position.realizedPnl),
    closedPnlRatio: ratio(position.realizedPnl, initialMargin(position.openedValue, closed.leverage)),
    closedAvgPrice: averagePrice(position.closedValue, baseQty(instrument, position.closedQty)),
    maxPositionQty: formatFixed(position.maxQty),
    closedQty: formatFixed(position.closedQty),
    liqFee: formatFixed(position.liqFee ?? ZERO),
    fundingFee: formatFixed(position.fundingFee),
    fee: formatFixed(position.fee),
    leverage: String(closed.leverage),
    openAvgPrice: averagePrice(position.openedValue, baseQty(instrument, position.openedQty)),
    positionHistorySide: closed.side,
    positionMode: closed.positionMode,
    createAt: String(position.createAt),
    updateAt: String(position.updateAt),
  };
}

export const ClosePositionAnswerSchema = Strict({ orderId: Id16({ description: 'The market order that closes the position.' }) }, { title: 'Close order placed' });

export const CloseRowSchema = Strict(
  {
    sym: SYM,
    positionSide: StringEnum(POSITION_SIDES),
    orderId: IdOrEmpty('The close order; "" when the close was refused.'),
    success: StringEnum(['true', 'false'] as const),
    errorMsg: Type.String({ description: 'Why the close was refused; "" on success.' }),
  },
  { title: 'Close result' },
);

export function closeRow(row: CloseRow): Static<typeof CloseRowSchema> {
  return { sym: row.sym, positionSide: row.positionSide, orderId: row.orderId, success: row.success ? 'true' : 'false', errorMsg: row.errorMsg };
}

function ratio(part: Amount, whole: Amount): string {
  if (whole === 0n) return '0';
  return formatFixed(roundTo(div(part, whole, 'halfUp'), RATIO_DECIMALS, 'halfUp'));
}
