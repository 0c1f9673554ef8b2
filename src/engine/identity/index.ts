/** Users, their portfolios and API keys. */
import { apiKeyHandlers } from './api-keys.ts';
import { portfolioHandlers } from './portfolios.ts';
import { userHandlers } from './users.ts';

export { actingPortfolio, type Actor } from './acting.ts';
export { assertOwnPortfolio } from './api-keys.ts';

export const identityHandlers = { ...userHandlers, ...portfolioHandlers, ...apiKeyHandlers };
