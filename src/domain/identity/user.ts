/** An institution using the API (decisions C1): it owns a MainPortfolio and its trading portfolios. */
export const USER_STATUSES = ['NORMAL', 'DISABLED'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export interface User {
  userId: string;
  name: string;
  status: UserStatus;
  mainPortfolioId: string;
  createAt: number;
  updateAt: number;
}
