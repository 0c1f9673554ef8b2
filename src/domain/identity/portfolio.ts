import { ApiError } from '../../catalogue/index.ts';

export const MAX_TRADING_PORTFOLIOS = 50;
const NAME_MAX = 64;
const NAME_RULE = /^[A-Za-z0-9]{6,20}$/;

/** Portfolio names: 6–20 letters and digits, not all digits, case-sensitive (§4.5). */
export function assertPortfolioName(name: string): void {
  if (name.trim().length === 0) throw new ApiError(402000);
  if (name.length > NAME_MAX) throw new ApiError(402004);
  if (!NAME_RULE.test(name) || /^\d+$/.test(name)) throw new ApiError(400000);
}
