/** A portfolio's perp settings as the leverage endpoints show them (connex-api.md §4.3, decisions L4, L10): leverages are strings. */
import { Type, type Static } from '@sinclair/typebox';
import { MsText, Strict } from './schema.ts';

const Leverage = (description: string) => Type.String({ pattern: '^[1-9][0-9]*$', description, examples: ['10'] });
const PerpSym = () => Type.String({ examples: ['BINANCE_PERP_BTC_USDT'] });

export const LeverageRowSchema = Strict({ sym: PerpSym(), leverage: Leverage('The leverage the portfolio set for the sym.') }, { title: 'Leverage' });

export function leverageRow(row: { sym: string; leverage: number }): Static<typeof LeverageRowSchema> {
  return { sym: row.sym, leverage: String(row.leverage) };
}

export const MaxLeverageSchema = Strict(
  { sym: PerpSym(), maxLeverage: Leverage('The highest leverage whose notional cap the position would stay within.'), timestamp: MsText() },
  { title: 'Max leverage' },
);

export function maxLeverageView(sym: string, maxLeverage: number, now: number): Static<typeof MaxLeverageSchema> {
  return { sym, maxLeverage: String(maxLeverage), timestamp: String(now) };
}
