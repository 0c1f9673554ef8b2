/** An institution using the API (decisions C1): it owns a MainPortfolio and its trading portfolios. */
export type UserStatus = 'NORMAL' | 'DISABLED';

export interface User {
  userId: string;
  name: string;
  status: UserStatus;
  mainPortfolioId: string;
  createAt: number;
  updateAt: number;
}
