/** Identity: users, their portfolios, API keys and their permissions. */
export * from './api-key.ts';
export * from './portfolio.ts';
export * from './user.ts';
